#!/usr/bin/env bash
# CI smoke run of the fuzzers: builds them and runs every target for FUZZ_SMOKE_SECONDS (default 60) seconds
# on its corpus, failing on any crash. Needs only what .ci/run installs (Swift and zlib1g-dev): libFuzzer and
# AddressSanitizer ship with the Swift toolchain. Reproducers are left in Fuzz/work/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
exec ./run.sh all "${FUZZ_SMOKE_SECONDS:-60}"
