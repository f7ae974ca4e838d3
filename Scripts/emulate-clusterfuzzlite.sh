#!/usr/bin/env bash
# Runs .clusterfuzzlite/build.sh the way ClusterFuzzLite's build image (gcr.io/oss-fuzz-base/base-builder-swift)
# runs it, then runs every fuzzer it put in $OUT the way the runner does, on its seed corpus, for SECONDS each.
# For machines without a Docker engine (this project's, and CI's); it is what .ci/run uses for its fuzzing.
#
# Usage: Scripts/emulate-clusterfuzzlite.sh [SECONDS]     (default 10 seconds per fuzzer)
#
# Fails, naming what is wrong, when build.sh fails, when a fuzzer lacks its binary, seed corpus, dictionary or
# options file, when a binary is not instrumented (no libFuzzer entry point or AddressSanitizer runtime) or needs
# a Swift shared library the runner image does not have, and when any fuzzer crashes, leaks, times out or runs
# out of memory (the reproducer and the log stay in $CFLITE_ROOT/artifacts/FUZZER/).
#
# Layout, under CFLITE_ROOT (default .build-cflite in the repository, git-ignored; kept between runs so that
# SwiftPM rebuilds only what changed):
#   src/swift-tcp-codec   the repository's files as `COPY . $SRC/swift-tcp-codec` copies them (tracked and untracked,
#                         not ignored ones), and src/build.sh;
#   out/                  $OUT, emptied first;  work/ $WORK (build.sh keeps SwiftPM's build folder there);
#   bin/precompile_swift  a stand-in for the image's script of that name (below).
#
# What the image sets, and so what is set here (from oss-fuzz's infra/base-images: base-image/Dockerfile,
# base-clang/Dockerfile, base-builder/Dockerfile, base-builder/compile, base-builder/compile_libfuzzer,
# base-builder-swift/precompile_swift, base-runner/Dockerfile and base-runner/run_fuzzer):
#   SRC, OUT, WORK          /src, /out, /work there; the folders above here. PATH gains $OUT.
#   CC, CXX, CCC            clang, clang++, clang++.
#   SANITIZER               address (ClusterFuzzLite's PR fuzzing here uses address only).
#   FUZZING_ENGINE          libfuzzer;  ARCHITECTURE x86_64;  FUZZING_LANGUAGE swift (from project.yaml).
#   CFLAGS                  base-clang's "-O1 -fno-omit-frame-pointer -gline-tables-only
#                           -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION", to which `compile` appends
#                           SANITIZER_FLAGS_address ("-fsanitize=address -fsanitize-address-use-after-scope") and
#                           COVERAGE_FLAGS ("-fsanitize=fuzzer-no-link").
#   CXXFLAGS                CFLAGS plus CXXFLAGS_EXTRA ("-stdlib=libc++").
#   LIB_FUZZING_ENGINE      -fsanitize=fuzzer (compile_libfuzzer).
#   SWIFTFLAGS              set by precompile_swift, which build.sh sources: "-Xswiftc -parse-as-library
#                           -Xswiftc -static-stdlib --static-swift-stdlib -Xswiftc -sanitize=fuzzer,address
#                           --sanitize=address", then -Xcc=FLAG for each CFLAGS word and -Xcxx=FLAG for each
#                           CXXFLAGS word; SWIFT6_2FLAGS likewise for swift-tools-version 6.2 packages. The
#                           stand-in here builds both the same way and copies the toolchain's llvm-symbolizer
#                           to $OUT, as the image's copies its own.
#   build.sh                run as `bash -eux $SRC/build.sh` from the Dockerfile's WORKDIR, $SRC/swift-tcp-codec.
# The runner then, per fuzzer: unzips $OUT/FUZZER_seed_corpus.zip into an empty corpus folder, reads the [libfuzzer]
# section of FUZZER.options into -name=value flags, and runs `$OUT/FUZZER $FUZZER_ARGS CORPUS OPTIONS` from $OUT
# with OUT unset, FUZZER_ARGS "-rss_limit_mb=2560 -timeout=25" and base-runner's ASAN_OPTIONS (below); this script
# adds -max_total_time=SECONDS, -print_final_stats=1 and an -artifact_prefix.
#
# Differences that remain: the toolchain is this machine's Swift, not the image's; the build is not in a container
# (so a missing apt package shows up in the image only); ClusterFuzzLite's code-change mode also downloads the
# corpus its batch runs kept, which is not emulated.
set -euo pipefail

repository=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
root=${CFLITE_ROOT:-$repository/.build-cflite}
fuzzers=(FuzzDecode FuzzRoundTrip FuzzChecksum FuzzMutation FuzzValidator FuzzCapture)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

for tool in swift zip unzip git; do
    command -v "$tool" >/dev/null || fail "the build needs $tool, which the image has and this machine lacks"
done

echo "== laying out SRC, OUT and WORK under $root"
mkdir -p "$root"
root=$(cd "$root" && pwd)
rm -rf "$root/src" "$root/out" "$root/artifacts" "$root/corpus"
mkdir -p "$root/src/swift-tcp-codec" "$root/out" "$root/work" "$root/bin" "$root/artifacts" "$root/corpus"
# `COPY . $SRC/swift-tcp-codec`: the files Git would see (tracked or untracked, not ignored), mtimes kept so that a
# second run rebuilds only what changed.
(
    cd "$repository"
    git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
        [ -f "$file" ] && printf '%s\0' "$file"
    done | tar --null -T - -cf - | tar -xf - -C "$root/src/swift-tcp-codec"
)
cp "$repository/.clusterfuzzlite/build.sh" "$root/src/build.sh"

cat >"$root/bin/precompile_swift" <<'PRECOMPILE'
# Stand-in for base-builder-swift's precompile_swift (sourced by build.sh): the same SWIFTFLAGS and SWIFT6_2FLAGS.
symbolizer=$(command -v llvm-symbolizer || true)
if [ -n "$symbolizer" ]; then cp "$symbolizer" "$OUT/llvm-symbolizer"; fi
export SWIFTFLAGS="-Xswiftc -parse-as-library -Xswiftc -static-stdlib --static-swift-stdlib"
export SWIFT6_2FLAGS="-Xswiftc -static-stdlib --static-swift-stdlib"
if [ "$SANITIZER" = "coverage" ]; then
    export SWIFTFLAGS="$SWIFTFLAGS -Xswiftc -profile-generate -Xswiftc -profile-coverage-mapping -Xswiftc -sanitize=fuzzer"
    export SWIFT6_2FLAGS="$SWIFT6_2FLAGS -Xswiftc -profile-generate -Xswiftc -profile-coverage-mapping --sanitize=fuzzer"
else
    export SWIFTFLAGS="$SWIFTFLAGS -Xswiftc -sanitize=fuzzer,$SANITIZER --sanitize=$SANITIZER"
    export SWIFT6_2FLAGS="$SWIFT6_2FLAGS --sanitize=fuzzer --sanitize=$SANITIZER"
    for f in $CFLAGS; do
        export SWIFTFLAGS="$SWIFTFLAGS -Xcc=$f"
        export SWIFT6_2FLAGS="$SWIFT6_2FLAGS -Xcc=$f"
    done
    for f in $CXXFLAGS; do
        export SWIFTFLAGS="$SWIFTFLAGS -Xcxx=$f"
        export SWIFT6_2FLAGS="$SWIFT6_2FLAGS -Xcxx=$f"
    done
fi
PRECOMPILE

echo "== build.sh (as base-builder-swift's compile runs it)"
build_log="$root/build.log"
build_started=$SECONDS
if ! (
    # The environment of the image and of its `compile` script, in a clean environment but for PATH and HOME.
    cd "$root/src/swift-tcp-codec"
    base_cflags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
    sanitizer_flags="-fsanitize=address -fsanitize-address-use-after-scope"
    cflags="$base_cflags $sanitizer_flags -fsanitize=fuzzer-no-link"
    exec env -i PATH="$root/bin:$PATH:$root/out" HOME="$HOME" \
        SRC="$root/src" OUT="$root/out" WORK="$root/work" \
        CC=clang CXX=clang++ CCC=clang++ \
        SANITIZER=address FUZZING_ENGINE=libfuzzer ARCHITECTURE=x86_64 FUZZING_LANGUAGE=swift \
        SANITIZER_FLAGS="$sanitizer_flags" COVERAGE_FLAGS="-fsanitize=fuzzer-no-link" \
        LIB_FUZZING_ENGINE="-fsanitize=fuzzer" CXXFLAGS_EXTRA="-stdlib=libc++" \
        CFLAGS="$cflags" CXXFLAGS="$cflags -stdlib=libc++" \
        bash -eux "$root/src/build.sh"
) >"$build_log" 2>&1; then
    grep -E "error:|Error|No such file" "$build_log" | head -n 30 >&2 || tail -n 30 "$build_log" >&2
    fail "build.sh failed (log: $build_log)"
fi
echo "build.sh: $((SECONDS - build_started)) s (log: $build_log)"

echo "== checking \$OUT"
for fuzzer in "${fuzzers[@]}"; do
    binary="$root/out/$fuzzer"
    [ -x "$binary" ] || fail "$fuzzer: no executable $binary"
    [ -s "$binary.dict" ] || fail "$fuzzer: no dictionary $binary.dict"
    [ -s "$binary.options" ] || fail "$fuzzer: no options file $binary.options"
    grep -q '^\[libfuzzer\]' "$binary.options" || fail "$fuzzer: $binary.options has no [libfuzzer] section"
    seed="$root/out/${fuzzer}_seed_corpus.zip"
    [ -s "$seed" ] || fail "$fuzzer: no seed corpus $seed"
    unzip -tq "$seed" >/dev/null || fail "$fuzzer: $seed does not pass unzip -t"
    grep -q LLVMFuzzerTestOneInput "$binary" || fail "$fuzzer: no LLVMFuzzerTestOneInput in the binary"
    grep -q __asan_init "$binary" || fail "$fuzzer: not built with AddressSanitizer"
    # The runner image has no Swift toolchain: the binary may need the C library only.
    if missing=$(ldd "$binary" 2>&1 | grep -E 'libswift|libFoundation|libdispatch|not found'); then
        fail "$fuzzer: needs shared libraries the runner does not have: $missing"
    fi
done
echo "all ${#fuzzers[@]} fuzzers have their binary, seed corpus, dictionary and options"

echo "== running each fuzzer for $seconds s on its seed corpus (as base-runner's run_fuzzer does)"
# base-runner's FUZZER_ARGS.
fuzzer_args="-rss_limit_mb=2560 -timeout=25"
failed=()
for fuzzer in "${fuzzers[@]}"; do
    corpus="$root/corpus/$fuzzer"
    artifacts="$root/artifacts/$fuzzer"
    mkdir -p "$corpus" "$artifacts"
    unzip -o -q -d "$corpus" "$root/out/${fuzzer}_seed_corpus.zip"
    # The [libfuzzer] section of the options file, each `name = value` as -name=value.
    options=$(awk -F '=' '
        /^\[/ { section = $0; next }
        section == "[libfuzzer]" && NF >= 2 {
            name = $1; value = substr($0, index($0, "=") + 1)
            gsub(/^[ \t]+|[ \t]+$/, "", name); gsub(/^[ \t]+|[ \t]+$/, "", value)
            printf "-%s=%s ", name, value
        }' "$root/out/$fuzzer.options")
    log="$artifacts/fuzz.log"
    status=0
    # shellcheck disable=SC2086 # the options are a list of flags
    (
        cd "$root/out"
        exec env -u OUT ASAN_OPTIONS="alloc_dealloc_mismatch=0:allocator_may_return_null=1:allocator_release_to_os_interval_ms=500:check_malloc_usable_size=0:detect_container_overflow=1:detect_odr_violation=0:detect_leaks=1:detect_stack_use_after_return=1:fast_unwind_on_fatal=0:handle_abort=1:handle_segv=1:handle_sigill=1:max_uar_stack_size_log=16:print_scariness=1:quarantine_size_mb=10:strict_memcmp=1:strip_path_prefix=/workspace/:symbolize=1:use_sigaltstack=1:dedup_token_length=3" \
            "./$fuzzer" $fuzzer_args -max_total_time="$seconds" -print_final_stats=1 \
            -artifact_prefix="$artifacts/" "$corpus" $options </dev/null
    ) >"$log" 2>&1 || status=$?
    shopt -s nullglob
    found=("$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-*)
    shopt -u nullglob
    seeds=$(unzip -Z1 "$root/out/${fuzzer}_seed_corpus.zip" | wc -l)
    if [ "$status" -ne 0 ] || [ "${#found[@]}" -gt 0 ]; then
        grep -E "ERROR|SUMMARY|Fatal error|Precondition|deadly signal|Test unit written" "$log" | head -n 20 >&2 || true
        echo "FAIL: $fuzzer exited $status; reproducer(s): ${found[*]:-none, see $log}" >&2
        failed+=("$fuzzer")
        continue
    fi
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    final=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1)
    coverage=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$final")
    features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$final")
    echo "$fuzzer: $seeds seeds, $executions execs, $per_second execs/s, cov $coverage, ft $features" \
        "(flags from $fuzzer.options: $options)"
done

if [ "${#failed[@]}" -gt 0 ]; then
    fail "crashes or errors in: ${failed[*]}"
fi
echo "== ClusterFuzzLite emulation passed: ${#fuzzers[@]} fuzzers built by build.sh and run $seconds s each"
