#!/usr/bin/env bash
# Measures what the structure-aware mutator adds: the decode and validator targets run with it and without it
# (TCP_FUZZ_MUTATOR=0), from the same empty corpus, for the same time, RUNS times each, one fuzzer at a time, and
# the final coverage (cov) and features (ft) libFuzzer reports are printed side by side.
#
#   Fuzz/measure-mutator.sh [SECONDS] [RUNS]      (defaults: 120 s, 3 runs)
#
# Builds the fuzzers as run.sh does. Each run writes its log to Fuzz/work/measure/TARGET-MODE-RUN.log; the corpora
# the runs grow are thrown away (they start from nothing so that the growth is what is compared).
set -euo pipefail
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-120}
runs=${2:-3}
work="$fuzz_dir/work/measure"
mkdir -p "$work"

swift build --package-path "$fuzz_dir" -c release \
    --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address 2>&1 \
    | grep -v "Cannot export local symbol '__asan_extra_spill_area'" | tail -n 1
bin_dir=$(swift build --package-path "$fuzz_dir" -c release --show-bin-path)
export SWIFT_BACKTRACE=enable=no

echo "| target | mutator | run | execs | execs/s | cov | ft |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for target in decode validator; do
    case "$target" in
        decode) executable="$bin_dir/FuzzDecode" ;;
        validator) executable="$bin_dir/FuzzValidator" ;;
    esac
    for run in $(seq 1 "$runs"); do
        for mode in on off; do
            corpus="$work/$target-$mode-$run"
            rm -rf "$corpus"
            mkdir -p "$corpus"
            log="$work/$target-$mode-$run.log"
            flag=1
            [ "$mode" = off ] && flag=0
            TCP_FUZZ_MUTATOR=$flag "$executable" -dict="$fuzz_dir/tcp.dict" -max_total_time="$seconds" \
                -print_final_stats=1 -max_len=1024 -timeout=10 -seed="$run" -artifact_prefix="$work/" \
                "$corpus" >"$log" 2>&1 || { echo "FAIL: $target ($mode, run $run) stopped: see $log" >&2; exit 1; }
            execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
            rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
            last=$(grep -E '^#[0-9]+' "$log" | grep -E 'cov: [0-9]+' | tail -n 1)
            cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*')
            ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')
            echo "| \`$target\` | $mode | $run | $execs | $rate | $cov | $ft |"
            rm -rf "$corpus"
        done
    done
done
