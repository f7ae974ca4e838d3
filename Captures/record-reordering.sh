#!/usr/bin/env bash
# Records linux-reordering-ipv6.pcap in this folder from the Linux TCP stack of this machine: two connections over
# IPv6 through a lossy, delaying and reordering wire. Three fresh network namespaces: tcpreo-a is the client
# (2001:db8::1), tcpreo-b the server (2001:db8::2), and tcpreo-r between them runs record-wild.py's userspace wire
# (no sch_netem needed), which copies Ethernet frames between its two veth ends, dropping, holding and sending some
# at once past the held ones; record-wild.py's reordering scenario drives the connections. Checksum and segmentation offloads (tx, tso, gso, gro) are off everywhere, so
# every checksum is the real one and every segment wire-sized. tcpdump runs on the client's veth (snaplen 128), and
# the kernel's counters of both ends (nstat) are printed after the recording: the client's TcpExtPAWSEstab is the
# number of segments Linux dropped by PAWS.
# Needs root, tcpdump, ethtool, iproute2 and python3.
# Usage: Captures/record-reordering.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
A=tcpreo-a
B=tcpreo-b
R=tcpreo-r
wire=
cleanup() {
    if [ -n "${wire:-}" ]; then kill "$wire" 2>/dev/null || true; wait "$wire" 2>/dev/null || true; wire=; fi
    for ns in $A $B $R; do ip netns del $ns 2>/dev/null || true; done
}
trap cleanup EXIT

setup_wire() {  # setup_wire LOSS-AB DELAY-AB REORDER-AB LOSS-BA DELAY-BA REORDER-BA JITTER-AB JITTER-BA SEED
    cleanup
    for ns in $A $B $R; do ip netns add $ns; done
    ip link add tcpreo-va type veth peer name tcpreo-ra
    ip link add tcpreo-vb type veth peer name tcpreo-rb
    ip link set tcpreo-va netns $A
    ip link set tcpreo-vb netns $B
    ip link set tcpreo-ra netns $R
    ip link set tcpreo-rb netns $R
    ip netns exec $R sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    for dev in tcpreo-ra tcpreo-rb; do
        ip netns exec $R ip link set $dev promisc on up
        ip netns exec $R ethtool -K $dev tx off >/dev/null
        ip netns exec $R ethtool -K $dev tso off gso off gro off >/dev/null
    done
    ip netns exec $A ip -6 addr add 2001:db8::1/64 dev tcpreo-va nodad
    ip netns exec $B ip -6 addr add 2001:db8::2/64 dev tcpreo-vb nodad
    for side in a b; do
        ip netns exec tcpreo-$side ip link set lo up
        ip netns exec tcpreo-$side ip link set tcpreo-v$side up
        ip netns exec tcpreo-$side ethtool -K tcpreo-v$side tx off >/dev/null
        ip netns exec tcpreo-$side ethtool -K tcpreo-v$side tso off gso off gro off >/dev/null
    done
    ip netns exec $R python3 "$here/record-wild.py" wire tcpreo-ra tcpreo-rb "$@" 1 &
    wire=$!
    sleep 0.5
}

# 3 % loss each way, 2 ms delay with up to 1 ms of jitter, 5 % of frames sent at once past the held ones.
setup_wire 0.03 0.002 0.05 0.03 0.002 0.05 0.001 0.001 14
out="$here/linux-reordering-ipv6.pcap"
ip netns exec $A tcpdump -i tcpreo-va -w "$out" -s 128 -Z root tcp 2>/dev/null &
dump=$!
sleep 1.5
ip netns exec $B python3 "$here/record-wild.py" reordering 2001:db8::2 48301 server &
server=$!
ip netns exec $A python3 "$here/record-wild.py" reordering 2001:db8::2 48301 client
wait "$server"
sleep 1
kill -INT "$dump"
wait "$dump" || true
for ns in $A $B; do
    echo "## $ns"
    ip netns exec $ns nstat -az 2>/dev/null | grep -E "^(Tcp|TcpExt)" | awk '$2 != 0'
done
echo "== $out: $(stat -c %s "$out") bytes"
