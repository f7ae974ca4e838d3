#!/usr/bin/env bash
# Records TCP sessions through Linux tunnels between two network namespaces joined by a veth pair (the underlay,
# 192.0.2.1 <-> 192.0.2.2, checksum offload off on every device so every checksum in the capture is the real one),
# tcpdump on the underlay, one capture per tunnel kind: linux-tunnel-<kind>.pcap next to this script. The inner
# session is record-session.py's (handshake, a request and an answer, both FINs) between 10.9.0.1 and 10.9.0.2.
# Kinds: vxlan (VNI 100, UDP 4789), geneve (VNI 200), gre (key 300), ipip. A kind whose device the running kernel
# cannot make (no module) is skipped with a message. Needs root, iproute2, ethtool, tcpdump and python3.
# Usage: Captures/record-tunnels.sh [vxlan|geneve|gre|ipip ...]   (default: all)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kinds=("$@")
[ "${#kinds[@]}" -gt 0 ] || kinds=(vxlan geneve gre ipip)

cleanup() { ip netns del tcpcodec-ta 2>/dev/null || true; ip netns del tcpcodec-tb 2>/dev/null || true; }

# make_tunnel SIDE KIND LOCAL REMOTE: the tunnel device `tun0` in namespace SIDE.
make_tunnel() {
    local ns=tcpcodec-t$1 kind=$2 local_address=$3 remote=$4
    case "$kind" in
        vxlan) ip -n "$ns" link add tun0 type vxlan id 100 remote "$remote" local "$local_address" dstport 4789 ;;
        geneve) ip -n "$ns" link add tun0 type geneve id 200 remote "$remote" ;;
        gre) ip -n "$ns" link add tun0 type gre key 300 remote "$remote" local "$local_address" ;;
        ipip) ip -n "$ns" link add tun0 type ipip remote "$remote" local "$local_address" ;;
        *) echo "unknown kind $kind" >&2; return 1 ;;
    esac
}

record_kind() {
    local kind=$1 port=$2 out="$here/linux-tunnel-$1.pcap"
    cleanup
    ip netns add tcpcodec-ta
    ip netns add tcpcodec-tb
    ip link add tcpcodec-ua type veth peer name tcpcodec-ub
    ip link set tcpcodec-ua netns tcpcodec-ta
    ip link set tcpcodec-ub netns tcpcodec-tb
    ip -n tcpcodec-ta addr add 192.0.2.1/24 dev tcpcodec-ua
    ip -n tcpcodec-tb addr add 192.0.2.2/24 dev tcpcodec-ub
    for side in a b; do
        ip -n tcpcodec-t$side link set lo up
        ip -n tcpcodec-t$side link set tcpcodec-u$side up
        ip netns exec tcpcodec-t$side ethtool -K tcpcodec-u$side tx off >/dev/null 2>&1
    done
    if ! make_tunnel a "$kind" 192.0.2.1 192.0.2.2 2>/dev/null || ! make_tunnel b "$kind" 192.0.2.2 192.0.2.1 2>/dev/null
    then
        echo "record-tunnels: $kind: this kernel cannot make the device; skipped" >&2
        cleanup
        return 0
    fi
    ip -n tcpcodec-ta addr add 10.9.0.1/24 dev tun0
    ip -n tcpcodec-tb addr add 10.9.0.2/24 dev tun0
    for side in a b; do
        # Room for the outer headers, so that the underlay never fragments (a tunnel inside an IP fragment is not
        # followed by the dissector).
        ip -n tcpcodec-t$side link set tun0 mtu 1400
        ip -n tcpcodec-t$side link set tun0 up
        ip netns exec tcpcodec-t$side ethtool -K tun0 tx off >/dev/null 2>&1
    done
    ip netns exec tcpcodec-tb tcpdump -i tcpcodec-ub -w "$out" -s 0 "not arp and not icmp6" 2>/dev/null &
    local dump=$!
    sleep 1.5
    ip netns exec tcpcodec-tb python3 "$here/record-session.py" session "$port" 10.9.0.2 server &
    local server=$!
    ip netns exec tcpcodec-ta python3 "$here/record-session.py" session "$port" 10.9.0.2 client
    wait "$server"
    sleep 1
    kill -INT "$dump"
    wait "$dump" || true
    chmod 644 "$out"
    echo "record-tunnels: $kind: $out"
    cleanup
}

trap cleanup EXIT
port=47301
for kind in "${kinds[@]}"; do
    record_kind "$kind" "$port"
    port=$((port + 1))
done
