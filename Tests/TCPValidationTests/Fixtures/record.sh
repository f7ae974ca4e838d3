#!/usr/bin/env bash
# Records the loopback fixtures of TCPValidationTests from this machine's Linux TCP stack: tcpdump on `lo` while
# record-session.py drives one scenario. Needs root and tcpdump. Loopback checksums are left to offload, so the
# captured checksums are partial; the observer does not check them.
# Usage: Tests/TCPValidationTests/Fixtures/record.sh   (writes loopback-*.pcap next to itself)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=47201
for scenario in keepalive zerowindow unread reuse; do
    out="$here/loopback-$scenario.pcap"
    tcpdump -i lo -w "$out" -s 200 "tcp port $port" 2>/dev/null &
    dump=$!
    sleep 1
    python3 "$here/record-session.py" "$scenario" "$port"
    sleep 0.5
    kill -INT "$dump"
    wait "$dump" || true
    chmod 644 "$out"
    port=$((port + 1))
done
