#!/usr/bin/env bash
# Builds the libFuzzer targets and runs one or all of them on their corpus.
#
#   Fuzz/run.sh TARGET|all [SECONDS] [--merge]
#
# TARGET is decode, roundtrip, checksum, mutation, validator or capture (the names of _TCPFuzzSupport's FuzzTarget);
# SECONDS defaults to 60 per target. Each target's seed corpus Corpus/TARGET_seed_corpus.zip is unpacked into
# Fuzz/work/TARGET/corpus/ and fuzzed (with Corpus/regressions.zip as a read-only second seed directory and
# the dictionary Fuzz/tcp.dict). With --merge, the corpus is then minimised with -merge=1 into a fresh folder
# and packed back into Corpus/TARGET_seed_corpus.zip, deterministically (tcp-corpus pack: SHA-1 entry names in
# order, fixed dates and attributes), so an unchanged corpus leaves the archive byte for byte as it was. Prints
# execs, execs/s, coverage, features and corpus size per target; exits non-zero on any crash, leak, timeout or
# out-of-memory, leaving the reproducer (crash-*, timeout-*, ...) in Fuzz/work/TARGET/.
#
# Environment: FUZZ_MAX_LEN (largest input, default 1024), FUZZ_TIMEOUT (seconds per input before libFuzzer
# reports a hang, default 10), FUZZ_EXTRA_ARGS (more libFuzzer flags), TCP_CORPUS_SCRATCH (scratch path of
# the plain build that provides the tcp-corpus tool, default the root's .build).
set -euo pipefail

fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root_dir=$(dirname "$fuzz_dir")
work_dir="$fuzz_dir/work"
corpus_dir="$root_dir/Corpus"
all_targets=(decode roundtrip checksum mutation validator capture)

usage() {
    echo "usage: $0 TARGET|all [SECONDS] [--merge]   (TARGET: ${all_targets[*]})" >&2
    exit 2
}

executable_for() {
    case "$1" in
        decode) echo FuzzDecode ;;
        roundtrip) echo FuzzRoundTrip ;;
        checksum) echo FuzzChecksum ;;
        mutation) echo FuzzMutation ;;
        validator) echo FuzzValidator ;;
        capture) echo FuzzCapture ;;
        *) return 1 ;;
    esac
}

target_arg=""
seconds=60
merge=0
for argument in "$@"; do
    case "$argument" in
        --merge) merge=1 ;;
        -h|--help) usage ;;
        *)
            if [ -z "$target_arg" ]; then
                target_arg=$argument
            elif [[ "$argument" =~ ^[0-9]+$ ]]; then
                seconds=$argument
            else
                usage
            fi
            ;;
    esac
done
[ -n "$target_arg" ] || usage
if [ "$target_arg" = all ]; then
    targets=("${all_targets[@]}")
else
    executable_for "$target_arg" >/dev/null || usage
    targets=("$target_arg")
fi

echo "== building the corpus tool (plain build)"
tool_scratch=${TCP_CORPUS_SCRATCH:-$root_dir/.build}
swift build --package-path "$root_dir" --scratch-path "$tool_scratch" --product tcp-corpus 2>&1 | tail -n 1
tcp_corpus="$(swift build --package-path "$root_dir" --scratch-path "$tool_scratch" --show-bin-path)/tcp-corpus"

echo "== building the fuzzers (release, -sanitize=fuzzer,address, precondition messages kept)"
# -assert-config Debug keeps the messages of `precondition` in the optimized build, so a crash says which invariant
# broke; the flags must be the same in both calls, or the second would name another build's folder.
build_flags=(-c release --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
    -Xswiftc -assert-config -Xswiftc Debug)
swift build --package-path "$fuzz_dir" "${build_flags[@]}" 2>&1 \
    | grep -v "Cannot export local symbol '__asan_extra_spill_area'" | tail -n 1
bin_dir=$(swift build --package-path "$fuzz_dir" "${build_flags[@]}" --show-bin-path)

# Swift's own crash backtracer confuses AddressSanitizer; libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no

regressions="$work_dir/regressions"
rm -rf "$regressions"
mkdir -p "$regressions"
if [ -f "$corpus_dir/regressions.zip" ]; then
    "$tcp_corpus" unpack "$corpus_dir/regressions.zip" "$regressions" >/dev/null
fi

failed=()
summary=()
for target in "${targets[@]}"; do
    executable="$bin_dir/$(executable_for "$target")"
    archive="$corpus_dir/${target}_seed_corpus.zip"
    target_dir="$work_dir/$target"
    mkdir -p "$target_dir"
    # Reproducers of an earlier run are kept, out of the way of this run's verdict.
    shopt -s nullglob
    old_artifacts=("$target_dir"/crash-* "$target_dir"/leak-* "$target_dir"/timeout-* "$target_dir"/oom-* \
        "$target_dir"/slow-unit-*)
    if [ "${#old_artifacts[@]}" -gt 0 ]; then
        mkdir -p "$target_dir/earlier"
        mv "${old_artifacts[@]}" "$target_dir/earlier/"
    fi
    shopt -u nullglob
    rm -rf "$target_dir/corpus" "$target_dir/merged"
    mkdir -p "$target_dir/corpus"
    if [ -f "$archive" ]; then
        "$tcp_corpus" unpack "$archive" "$target_dir/corpus" >/dev/null
    fi
    seeds=$(find "$target_dir/corpus" -type f | wc -l)
    echo "== $target: fuzzing for $seconds s from $seeds entries (log: $target_dir/fuzz.log)"
    status=0
    # shellcheck disable=SC2086 # FUZZ_EXTRA_ARGS is a list of flags
    "$executable" -dict="$fuzz_dir/tcp.dict" -max_total_time="$seconds" -print_final_stats=1 \
        -max_len="${FUZZ_MAX_LEN:-1024}" -timeout="${FUZZ_TIMEOUT:-10}" -artifact_prefix="$target_dir/" \
        ${FUZZ_EXTRA_ARGS:-} "$target_dir/corpus" "$regressions" >"$target_dir/fuzz.log" 2>&1 || status=$?

    shopt -s nullglob
    artifacts=("$target_dir"/crash-* "$target_dir"/leak-* "$target_dir"/timeout-* "$target_dir"/oom-*)
    shopt -u nullglob
    if [ "$status" -ne 0 ] || [ "${#artifacts[@]}" -gt 0 ]; then
        grep -E "ERROR|SUMMARY|Fatal error|Precondition|deadly signal|Test unit written" "$target_dir/fuzz.log" \
            | head -n 20 >&2 || true
        echo "FAIL: $target: libFuzzer exited $status; reproducer(s): ${artifacts[*]:-none, see the log}" >&2
        failed+=("$target")
        continue
    fi
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$target_dir/fuzz.log" | tail -n 1)
    per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$target_dir/fuzz.log" | tail -n 1)
    final=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$target_dir/fuzz.log" | tail -n 1)
    coverage=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$final")
    features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$final")
    corpus_size=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$final")
    line="$target: $executions execs, $per_second execs/s, cov $coverage, ft $features"
    line="$line, corpus $corpus_size (entries/bytes)"

    if [ "$merge" -eq 1 ]; then
        mkdir -p "$target_dir/merged"
        "$executable" -merge=1 -max_len="${FUZZ_MAX_LEN:-1024}" -timeout="${FUZZ_TIMEOUT:-10}" \
            -artifact_prefix="$target_dir/" "$target_dir/merged" "$target_dir/corpus" \
            >"$target_dir/merge.log" 2>&1 || {
            echo "FAIL: $target: merge exited non-zero (see $target_dir/merge.log)" >&2
            failed+=("$target")
            continue
        }
        "$tcp_corpus" pack "$target_dir/merged" "$archive" >/dev/null
        line="$line; merged into $archive: $("$tcp_corpus" list "$archive"), $(wc -c <"$archive") bytes of zip"
    fi
    echo "$line"
    summary+=("$line")
done

echo "== summary"
for line in "${summary[@]}"; do
    echo "$line"
done
if [ "${#failed[@]}" -gt 0 ]; then
    echo "FAIL: crashes or errors in: ${failed[*]}" >&2
    exit 1
fi
