#!/usr/bin/env bash
# Peak resident memory and CPU time of tcp-inspect in every view over the captures given, one line per run:
#   capture  view  max-RSS-MB  user+sys-seconds  exit-status
# Usage: Benchmarks/measure-inspect.sh TCP_INSPECT CAPTURE...   (output goes to /dev/null)
set -u
binary=$1
shift
report_file=$(mktemp)
trap 'rm -f "$report_file"' EXIT
views=("" "-S" "--json" "--flows" "--flows --json" "--summary" "--summary --no-validate" "--no-validate")
for capture in "$@"; do
    for view in "${views[@]}"; do
        # shellcheck disable=SC2086
        /usr/bin/time -v -o "$report_file" "$binary" --no-progress $view "$capture" > /dev/null 2> /dev/null
        status=$?
        report=$(cat "$report_file")
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' <<< "$report")
        cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u + s}' <<< "$report")
        printf '%-24s %-24s %8s MB %8s s  exit %s\n' "$(basename "$capture")" "${view:-text}" "$rss" "$cpu" "$status"
    done
done
