#!/usr/bin/env bash
# Peer-benchmark plug-in for this package's tcp-codec-bench: copy it to the peer benchmark's harnesses.d/ and set
# SWIFT_CODEC_PKG to this package's directory. It builds in its own scratch folder (.build-peer-bench), so it does
# not disturb other builds of the package.
set -euo pipefail
pkg="${SWIFT_CODEC_PKG:?set SWIFT_CODEC_PKG to the swift-tcp-codec package directory}"
scratch="$pkg/.build-peer-bench"
case "${1:-}" in
    build)
        swift build -c release --package-path "$pkg" --scratch-path "$scratch" --product tcp-codec-bench
        ;;
    decode|csum)
        bindir="$(swift build -c release --package-path "$pkg" --scratch-path "$scratch" --show-bin-path)"
        exec "$bindir/tcp-codec-bench" "$@"
        ;;
    *)
        echo "usage: $0 build|decode|csum [--file F] [--limit N] [--min-time S]" >&2
        exit 2
        ;;
esac
