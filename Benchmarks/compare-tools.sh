#!/usr/bin/env bash
# tcp-inspect against tcpdump and tshark on the same capture, one run each, output to /dev/null:
#   capture  tool and view  user+sys CPU seconds  wall seconds  max-RSS-MB
# Usage: Benchmarks/compare-tools.sh TCP_INSPECT CAPTURE...
set -u
binary=$1
shift
report_file=$(mktemp)
trap 'rm -f "$report_file"' EXIT
fields=(-e frame.number -e ip.src -e ip.dst -e tcp.srcport -e tcp.dstport -e tcp.seq_raw -e tcp.ack_raw
        -e tcp.hdr_len -e tcp.flags -e tcp.window_size_value -e tcp.checksum -e tcp.urgent_pointer
        -e tcp.options -e tcp.len)
measure() {
    local capture=$1 label=$2
    shift 2
    /usr/bin/time -v -o "$report_file" "$@" > /dev/null 2> /dev/null
    awk -F': ' -v capture="$(basename "$capture")" -v label="$label" '
        /User time/ {u = $2} /System time/ {s = $2} /Elapsed/ {split($2, t, ":"); w = t[1] * 60 + t[2]}
        /Maximum resident/ {m = $2 / 1024}
        END {printf "%-16s %-34s %8.2f s cpu %8.2f s wall %8.1f MB\n", capture, label, u + s, w, m}' "$report_file"
}
for capture in "$@"; do
    measure "$capture" "tcp-inspect -S" "$binary" --no-progress -S "$capture"
    measure "$capture" "tcpdump -nn -S -r" tcpdump -nn -S -r "$capture"
    measure "$capture" "tcp-inspect (text)" "$binary" --no-progress "$capture"
    measure "$capture" "tcpdump -nn -r" tcpdump -nn -r "$capture"
    measure "$capture" "tcp-inspect --json" "$binary" --no-progress --json "$capture"
    measure "$capture" "tshark -T fields (TCP header)" tshark -n -r "$capture" -T fields "${fields[@]}"
    measure "$capture" "tcp-inspect --flows" "$binary" --no-progress --flows "$capture"
    measure "$capture" "tshark -q -z conv,tcp" tshark -n -q -r "$capture" -z conv,tcp
done
