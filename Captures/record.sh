#!/usr/bin/env bash
# Records the captures of this folder that record-session.py drives, from the Linux TCP stack of this machine
# (record-wild.sh records the others):
#   sessions  linux-session-ipv4.pcap and linux-session-ipv6.pcap: two network namespaces joined by a veth pair with
#             checksum offload turned off (so every checksum in the capture is the real one), tcpdump on the server
#             side. Needs ethtool and iproute2 as well.
#   loopback  loopback-keepalive.pcap, loopback-zerowindow.pcap, loopback-unread.pcap and loopback-reuse.pcap:
#             tcpdump on `lo` (snapshot length 200) while record-session.py drives one scenario. Loopback checksums
#             are left to offload, so the captured checksums are partial.
# Needs root, tcpdump and python3.
# Usage: Captures/record.sh [sessions|loopback ...]   (default: both; writes the files next to itself)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
only=" $* "
want() { [ "$only" = "  " ] || [[ "$only" == *" $1 "* ]]; }

cleanup() { ip netns del tcpcodec-a 2>/dev/null || true; ip netns del tcpcodec-b 2>/dev/null || true; }

record_sessions() {
    trap cleanup EXIT
    cleanup
    ip netns add tcpcodec-a
    ip netns add tcpcodec-b
    ip link add tcpcodec-va type veth peer name tcpcodec-vb
    ip link set tcpcodec-va netns tcpcodec-a
    ip link set tcpcodec-vb netns tcpcodec-b
    ip netns exec tcpcodec-a ip addr add 192.0.2.1/24 dev tcpcodec-va
    ip netns exec tcpcodec-b ip addr add 192.0.2.2/24 dev tcpcodec-vb
    ip netns exec tcpcodec-a ip -6 addr add 2001:db8::1/64 dev tcpcodec-va nodad
    ip netns exec tcpcodec-b ip -6 addr add 2001:db8::2/64 dev tcpcodec-vb nodad
    for side in a b; do
        ip netns exec tcpcodec-$side ip link set lo up
        ip netns exec tcpcodec-$side ip link set tcpcodec-v$side up
        ip netns exec tcpcodec-$side ethtool -K tcpcodec-v$side tx off >/dev/null
    done
    record() {  # record OUTPUT PORT SERVER-ADDRESS FILTER
        ip netns exec tcpcodec-b tcpdump -i tcpcodec-vb -w "$1" -s 0 "$4" 2>/dev/null &
        local dump=$!
        sleep 1.5
        ip netns exec tcpcodec-b python3 "$here/record-session.py" session "$2" "$3" server &
        local server=$!
        ip netns exec tcpcodec-a python3 "$here/record-session.py" session "$2" "$3" client
        wait "$server"
        sleep 1
        kill -INT "$dump"
        wait "$dump" || true
    }
    record "$here/linux-session-ipv4.pcap" 47001 192.0.2.2 "ip and tcp"
    record "$here/linux-session-ipv6.pcap" 47101 2001:db8::2 "ip6 and tcp"
    cleanup
}

record_loopback() {
    local port=47201 scenario out dump
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
}

if want sessions; then record_sessions; fi
if want loopback; then record_loopback; fi
