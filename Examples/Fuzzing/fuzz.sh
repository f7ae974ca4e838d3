#!/usr/bin/env bash
# Builds and runs the example fuzz target, the way that works with Swift's toolchain on Linux:
#
#   Examples/Fuzzing/fuzz.sh [SECONDS]        (default 60)
#
# - Both flags are needed: `--sanitize=fuzzer --sanitize=address` (SwiftPM's, which links libFuzzer) and
#   `-Xswiftc -sanitize=fuzzer,address` (the compiler's, which instruments the code). One alone gives a binary that
#   is not instrumented, or one that exits without fuzzing.
# - Only the fuzz product is built with them (`--product`): the package's other executable has a `main`, which
#   libFuzzer's own `main` would clash with, so it is built apart, with no sanitizer.
# - `-assert-config Debug` keeps the messages of `precondition` in the optimized build, so a crash says which
#   invariant broke; the replayer (an ordinary debug build) runs a crash file through the same check again.
# - Swift's crash backtracer is turned off (SWIFT_BACKTRACE=enable=no): libFuzzer prints the stack itself, and the
#   backtracer would otherwise make AddressSanitizer report a bogus read.
# - Seeds: swift-tcp-codec's decode seed corpus (Corpus/decode_seed_corpus.zip, TCP segments found by its own
#   fuzzing), each given a first byte for this target's input format, and its dictionary (Fuzz/tcp.dict).
# Exits non-zero on a crash, leaving the input in Examples/Fuzzing/work/ and printing the replay.
set -euo pipefail
example_dir=$(cd "$(dirname "$0")" && pwd)
root_dir=$(cd "$example_dir/../.." && pwd)
seconds=${1:-60}
work="$example_dir/work"
rm -rf "$work/corpus" "$work/seeds"
mkdir -p "$work/corpus" "$work/seeds"

echo "== building the fuzzer (release, libFuzzer and AddressSanitizer, precondition messages kept)"
swift build --package-path "$example_dir" --scratch-path "$example_dir/.build-fuzz" -c release \
    --product FuzzMSSClamp --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
    -Xswiftc -assert-config -Xswiftc Debug 2>&1 | grep -v "Cannot export local symbol '__asan_extra_spill_area'" \
    | tail -n 1
fuzzer="$(swift build --package-path "$example_dir" --scratch-path "$example_dir/.build-fuzz" -c release \
    --show-bin-path)/FuzzMSSClamp"

seed_zip="$root_dir/Corpus/decode_seed_corpus.zip"
if [ -f "$seed_zip" ]; then
    python3 - "$seed_zip" "$work/seeds" <<'PY'
import sys, zipfile, os
# Each seed is one TCP segment; this target's input is a limit byte, then the segment.
with zipfile.ZipFile(sys.argv[1]) as archive:
    for name in archive.namelist():
        data = archive.read(name)
        with open(os.path.join(sys.argv[2], os.path.basename(name)), "wb") as out:
            out.write(bytes([0x7F]) + data)
PY
fi
echo "== fuzzing for $seconds s from $(find "$work/seeds" -type f | wc -l) seeds"
export SWIFT_BACKTRACE=enable=no
status=0
"$fuzzer" -dict="$root_dir/Fuzz/tcp.dict" -max_total_time="$seconds" -max_len=512 -print_final_stats=1 \
    -artifact_prefix="$work/" "$work/corpus" "$work/seeds" >"$work/fuzz.log" 2>&1 || status=$?
grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec)" "$work/fuzz.log" || true

shopt -s nullglob
crashes=("$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-*)
if [ "$status" -ne 0 ] || [ "${#crashes[@]}" -gt 0 ]; then
    echo "FAIL: the fuzzer stopped (status $status); its log: $work/fuzz.log" >&2
    grep -E "Precondition failed|Fatal error|ERROR: " "$work/fuzz.log" >&2 || true
    if [ "${#crashes[@]}" -gt 0 ]; then
        echo "== replaying ${crashes[0]} in a debug build" >&2
        swift run --package-path "$example_dir" replay-mss-clamp "${crashes[0]}" >&2 || true
    fi
    exit 1
fi
echo "== no crash"
