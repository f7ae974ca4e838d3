#!/usr/bin/env bash
# Records linux-oracle.pcap and linux-oracle.tsv: crafted segments put to the Linux TCP stack of this machine, one
# probe per connection, with the stack's answers (record-oracle.py says what each probe is). Two fresh network
# namespaces joined by a veth pair: tcporacle-s holds the server (192.0.2.2, an ordinary socket, port 47701), with
# checksum and segmentation offloads off so that every frame is a wire frame with its real checksum; tcporacle-c
# has no IP address at all, so that its kernel stays silent, and record-oracle.py writes the client's frames there
# by hand. tcpdump captures on the server's veth.
#
# The server's namespace lifts Linux's rate limits on the answers to bad segments, which would otherwise hide
# answers from the capture rather than change what the stack decides: net.ipv4.tcp_invalid_ratelimit (at most one
# duplicate ACK per 500 ms for out-of-window and PAWS-failing segments) is 0, and net.ipv4.tcp_challenge_ack_limit
# (challenge ACKs per second) its largest value.
#
# Needs root, tcpdump, ethtool, iproute2 and python3. Usage: Captures/record-oracle.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
C=tcporacle-c
S=tcporacle-s
cleanup() {
    if [ -n "${con:-}" ]; then kill "$con" 2>/dev/null || true; wait "$con" 2>/dev/null || true; fi
    if [ -n "${trigger:-}" ]; then rm -rf "$trigger"; fi
    if [ -n "${dump:-}" ]; then kill "$dump" 2>/dev/null || true; wait "$dump" 2>/dev/null || true; fi
    if [ -n "${srv:-}" ]; then kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; fi
    for ns in $C $S; do ip netns del $ns 2>/dev/null || true; done
    ip link del tcporacle-vc 2>/dev/null || true  # left in the root namespace by an aborted run
}
trap cleanup EXIT
cleanup
dump=
srv=
con=
trigger=
ip netns add $C
ip netns add $S
ip link add tcporacle-vc type veth peer name tcporacle-vs
ip link set tcporacle-vc netns $C
ip link set tcporacle-vs netns $S
ip netns exec $S ip addr add 192.0.2.2/24 dev tcporacle-vs
for side in c s; do
    ip netns exec tcporacle-$side sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip netns exec tcporacle-$side ip link set lo up
    ip netns exec tcporacle-$side ip link set tcporacle-v$side up
    ip netns exec tcporacle-$side ethtool -K tcporacle-v$side tx off tso off gso off gro off >/dev/null
done
client_mac=$(ip netns exec $C cat /sys/class/net/tcporacle-vc/address)
server_mac=$(ip netns exec $S cat /sys/class/net/tcporacle-vs/address)
ip netns exec $S ip neigh add 192.0.2.1 lladdr "$client_mac" dev tcporacle-vs nud permanent
ip netns exec $S sysctl -qw net.ipv4.tcp_invalid_ratelimit=0 net.ipv4.tcp_challenge_ack_limit=2147483647
ip netns exec $S sysctl -qw net.ipv4.tcp_timestamps=1 net.ipv4.tcp_sack=1 net.ipv4.tcp_window_scaling=1

# Written beside the committed files, and moved over them only when the run completes.
ip netns exec $S tcpdump -i tcporacle-vs -w "$here/linux-oracle.pcap.new" -U tcp 2>/dev/null &
dump=$!
ip netns exec $S python3 "$here/record-oracle.py" server 192.0.2.2 47701 &
srv=$!
trigger=$(mktemp -d)
ip netns exec $S python3 "$here/record-oracle.py" connect 192.0.2.1 "$trigger" &
con=$!
sleep 1
ip netns exec $C python3 "$here/record-oracle.py" client tcporacle-vc 192.0.2.1 192.0.2.2 "$server_mac" 47701 \
    "$here/linux-oracle.tsv.new" "$trigger"
sleep 2
kill "$dump"; wait "$dump" 2>/dev/null || true
dump=
mv "$here/linux-oracle.pcap.new" "$here/linux-oracle.pcap"
mv "$here/linux-oracle.tsv.new" "$here/linux-oracle.tsv"
echo "kernel $(uname -r): $(grep -vc '^#' "$here/linux-oracle.tsv") scenarios in linux-oracle.pcap"
