#!/bin/bash -eu
# Builds the libFuzzer targets of Fuzz/ for ClusterFuzzLite and OSS-Fuzz, and puts into $OUT, for every fuzzer:
#
#   <fuzzer>                   the libFuzzer binary (FuzzDecode, FuzzRoundTrip, FuzzChecksum, FuzzMutation,
#                              FuzzValidator, FuzzCapture), statically linked against the Swift runtime;
#   <fuzzer>_seed_corpus.zip   its seed corpus: Corpus/<target>_seed_corpus.zip plus Corpus/regressions.zip;
#   <fuzzer>.dict              the TCP dictionary Fuzz/tcp.dict;
#   <fuzzer>.options           libFuzzer options: max_len = 1024 (what Fuzz/run.sh uses) and the dictionary.
#
# Runs inside gcr.io/oss-fuzz-base/base-builder-swift (see .clusterfuzzlite/Dockerfile), or under
# Scripts/emulate-clusterfuzzlite.sh, with SRC, OUT, WORK, SANITIZER, CFLAGS and CXXFLAGS set by the image and its
# `compile` script. precompile_swift turns those into SWIFTFLAGS: -sanitize=fuzzer,$SANITIZER for swiftc and
# --sanitize=$SANITIZER for SwiftPM, a statically linked Swift runtime, and the C flags (for a coverage build,
# profiling instead of a sanitizer). Fuzz/Package.swift declares swift-tools-version 6.0, so SWIFTFLAGS, not
# SWIFT6_2FLAGS, is the set that applies.
. precompile_swift

repository="$SRC/swift-tcp-codec"
# $WORK is the builder's place for intermediate files; keeping SwiftPM's build folder there leaves the source tree
# as it was copied in (ClusterFuzzLite needs the sources for coverage reports).
scratch="$WORK/swift-tcp-codec-fuzz"

# SWIFTFLAGS names the fuzzer sanitizer for swiftc only. SwiftPM, not told, links each executable target with its
# `main` renamed to `<Target>_main`, which -parse-as-library leaves undefined (ld: undefined symbol
# 'FuzzDecode_main'); --sanitize=fuzzer tells it that libFuzzer provides `main`, as Fuzz/run.sh does.
# -assert-config Debug keeps the messages of `precondition` in the optimized build: a crash report then says which
# invariant broke (an -O build alone traps with no message).
# shellcheck disable=SC2086 # SWIFTFLAGS is a list of flags
swift build --package-path "$repository/Fuzz" --scratch-path "$scratch" -c release $SWIFTFLAGS --sanitize=fuzzer \
    -Xswiftc -assert-config -Xswiftc Debug
# shellcheck disable=SC2086
bin_dir=$(swift build --package-path "$repository/Fuzz" --scratch-path "$scratch" -c release $SWIFTFLAGS \
    --sanitize=fuzzer -Xswiftc -assert-config -Xswiftc Debug --show-bin-path)

seeds="$WORK/seeds"
for pair in decode:FuzzDecode roundtrip:FuzzRoundTrip checksum:FuzzChecksum mutation:FuzzMutation \
    validator:FuzzValidator capture:FuzzCapture; do
    target=${pair%%:*}
    fuzzer=${pair#*:}
    cp "$bin_dir/$fuzzer" "$OUT/$fuzzer"
    cp "$repository/Fuzz/tcp.dict" "$OUT/$fuzzer.dict"
    printf '[libfuzzer]\nmax_len = 1024\ndict = %s.dict\n' "$fuzzer" >"$OUT/$fuzzer.options"
    # The target's seeds and every regression reproducer, each under its SHA-1 name (so a content in both
    # archives is one file), zipped without extra attributes.
    rm -rf "$seeds" && mkdir -p "$seeds"
    unzip -q "$repository/Corpus/${target}_seed_corpus.zip" -d "$seeds"
    unzip -q -o "$repository/Corpus/regressions.zip" -d "$seeds"
    rm -f "$OUT/${fuzzer}_seed_corpus.zip"
    (cd "$seeds" && zip -q -r -X -D "$OUT/${fuzzer}_seed_corpus.zip" .)
done
rm -rf "$seeds"
