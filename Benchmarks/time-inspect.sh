#!/bin/bash
# Times tcp-inspect over a large generated capture and prints MB/s for each output mode.
#
#   Benchmarks/time-inspect.sh SEGMENTS [SIZE_MB] [RUNS]
#
# SEGMENTS is the peer benchmark's segments.bin (gen_segments.py); make-inspect-capture.py wraps its segments into
# an Ethernet/IPv4 pcap of SIZE_MB megabytes (default 256) under ${TMPDIR:-/tmp} (never inside the repository).
# Each mode runs RUNS times (default 3), round-robin, output to /dev/null; the line printed per mode is
#   tcp_inspect_<mode> <median MB/s> mb_per_s_min=... mb_per_s_max=... cpu_mb_per_s=... bytes=... runs=...
# where MB/s is capture bytes (10^6) per second of wall time, and cpu_mb_per_s per second of user + system time
# (the median run's), which leaves out time spent waiting for a core on a loaded machine.
set -euo pipefail

segments=${1:?usage: time-inspect.sh SEGMENTS [SIZE_MB] [RUNS]}
size=${2:-256}
runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
package=$(dirname "$here")
scratch=${SCRATCH_PATH:-$package/.build-inspect-bench}
capture=${TMPDIR:-/tmp}/tcp-inspect-bench-${size}MB.pcap

swift build -c release --product tcp-inspect --package-path "$package" --scratch-path "$scratch" >&2
binary=$(swift build -c release --package-path "$package" --scratch-path "$scratch" --show-bin-path)/tcp-inspect
[ -f "$capture" ] || python3 "$here/make-inspect-capture.py" "$segments" "$capture" "$size" >&2
bytes=$(stat -c %s "$capture")

modes=("text" "json" "text-no-validate" "json-no-validate" "summary")
arguments() {
    case $1 in
        text) echo "" ;;
        json) echo "--json" ;;
        text-no-validate) echo "--no-validate" ;;
        json-no-validate) echo "--json --no-validate" ;;
        summary) echo "--summary" ;;
    esac
}

declare -A wall cpu
for _ in $(seq "$runs"); do
    for mode in "${modes[@]}"; do
        # shellcheck disable=SC2046
        measured=$( { TIMEFORMAT='%R %U %S'; time "$binary" "$capture" $(arguments "$mode") --no-progress \
            > /dev/null; } 2>&1 | tail -1)
        read -r real user system <<< "$measured"
        wall[$mode]+="$real "
        cpu[$mode]+="$(echo "$user + $system" | bc) "
    done
done

for mode in "${modes[@]}"; do
    python3 - "$mode" "$bytes" "$runs" "${wall[$mode]}" "${cpu[$mode]}" <<'EOF'
import sys
mode, size, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
wall = [float(x) for x in sys.argv[4].split()]
cpu = [float(x) for x in sys.argv[5].split()]
rates = sorted(size / 1e6 / w for w in wall)
median_run = sorted(range(len(wall)), key=lambda i: wall[i])[len(wall) // 2]
print(f"tcp_inspect_{mode.replace('-', '_')} {rates[len(rates) // 2]:.1f} mb_per_s_min={rates[0]:.1f} "
      f"mb_per_s_max={rates[-1]:.1f} cpu_mb_per_s={size / 1e6 / cpu[median_run]:.1f} bytes={size} runs={runs}")
EOF
done
