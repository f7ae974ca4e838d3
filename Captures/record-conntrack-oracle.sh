#!/usr/bin/env bash
# Records conntrack-oracle-client.pcap, conntrack-oracle-server.pcap and conntrack-oracle.tsv: the probes of
# record-oracle.py (see record-oracle.sh) sent through a Linux router whose connection tracking drops every segment
# it finds INVALID, with the router's reason for each drop.
#
# Three fresh network namespaces: ctoracle-c holds the prober (no IP address, as in record-oracle.sh), ctoracle-r
# the router (192.0.2.254 towards the prober, 198.51.100.1 towards the server; forwarding on, nftables' forward
# hook dropping `ct state invalid`, nf_conntrack strict: nf_conntrack_tcp_be_liberal=0), ctoracle-s the server and
# the connector (198.51.100.2). tcpdump captures on both of the router's interfaces: conntrack-oracle-client.pcap on
# the prober's side, conntrack-oracle-server.pcap on the server's. A segment is seen arriving at the router on one
# side; it was forwarded if it leaves on the other. The router logs each INVALID segment
# (nf_conntrack_log_invalid, which needs net.netfilter.nf_log_all_netns in the initial namespace for a log from
# another namespace; set for the run and put back after): conntrack-oracle.tsv has one row per logged segment, its
# source address and port, IP identification, and conntrack's reason.
#
# `record-conntrack-oracle.sh midstream` records the same probes with conntrack picking every connection up
# mid-stream: the router's raw prerouting hook takes every segment with SYN out of tracking (`notrack`), so that the
# first segment conntrack tracks of a connection is the one after its handshake, which nf_conntrack_tcp_loose=1 picks
# up, liberally (no window bound is enforced or logged on such a connection; the state table and the flag rules
# still are). Files: conntrack-oracle-midstream-client.pcap, conntrack-oracle-midstream-server.pcap and
# conntrack-oracle-midstream.tsv.
#
# Needs root, tcpdump, ethtool, nftables, iproute2 and python3.
# Usage: Captures/record-conntrack-oracle.sh [midstream]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
variant=${1:-}
case "$variant" in
"") name=conntrack-oracle ;;
midstream) name=conntrack-oracle-midstream ;;
*) echo "usage: $0 [midstream]" >&2; exit 2 ;;
esac
C=ctoracle-c
R=ctoracle-r
S=ctoracle-s
log_all=$(cat /proc/sys/net/netfilter/nf_log_all_netns)
cleanup() {
    if [ -n "${con:-}" ]; then kill "$con" 2>/dev/null || true; wait "$con" 2>/dev/null || true; fi
    if [ -n "${trigger:-}" ]; then rm -rf "$trigger"; fi
    for pid in ${dumps:-}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [ -n "${srv:-}" ]; then kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; fi
    for ns in $C $R $S; do ip netns del $ns 2>/dev/null || true; done
    ip link del ctoracle-vc 2>/dev/null || true  # left in the root namespace by an aborted run
    ip link del ctoracle-vs 2>/dev/null || true
    sysctl -qw net.netfilter.nf_log_all_netns="$log_all"
}
trap cleanup EXIT
cleanup
dumps=
srv=
con=
trigger=
for ns in $C $R $S; do ip netns add $ns; done
ip link add ctoracle-vc type veth peer name ctoracle-rc
ip link add ctoracle-vs type veth peer name ctoracle-rs
ip link set ctoracle-vc netns $C
ip link set ctoracle-rc netns $R
ip link set ctoracle-rs netns $R
ip link set ctoracle-vs netns $S
ip netns exec $R ip addr add 192.0.2.254/24 dev ctoracle-rc
ip netns exec $R ip addr add 198.51.100.1/24 dev ctoracle-rs
ip netns exec $S ip addr add 198.51.100.2/24 dev ctoracle-vs
for pair in $C:ctoracle-vc $R:ctoracle-rc $R:ctoracle-rs $S:ctoracle-vs; do
    ns=${pair%%:*}
    dev=${pair#*:}
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" ip link set "$dev" up
    ip netns exec "$ns" ethtool -K "$dev" tx off tso off gso off gro off >/dev/null
done
ip netns exec $S ip route add default via 198.51.100.1
prober_mac=$(ip netns exec $C cat /sys/class/net/ctoracle-vc/address)
router_mac=$(ip netns exec $R cat /sys/class/net/ctoracle-rc/address)
ip netns exec $R ip neigh add 192.0.2.1 lladdr "$prober_mac" dev ctoracle-rc nud permanent
ip netns exec $R sysctl -qw net.ipv4.ip_forward=1 net.netfilter.nf_conntrack_tcp_be_liberal=0 \
    net.netfilter.nf_conntrack_tcp_loose=1 net.netfilter.nf_conntrack_log_invalid=6 \
    net.netfilter.nf_log.2=nf_log_ipv4
sysctl -qw net.netfilter.nf_log_all_netns=1
ip netns exec $R nft -f - <<'NFT'
table ip oracle {
    chain forward {
        type filter hook forward priority 0; policy accept;
        ct state invalid counter drop
    }
}
NFT
if [ "$variant" = midstream ]; then
    ip netns exec $R nft -f - <<'NFT'
table ip oracle_raw {
    chain prerouting {
        type filter hook prerouting priority raw; policy accept;
        tcp flags & syn == syn notrack
    }
}
NFT
fi
ip netns exec $S sysctl -qw net.ipv4.tcp_invalid_ratelimit=0 net.ipv4.tcp_challenge_ack_limit=2147483647
ip netns exec $S sysctl -qw net.ipv4.tcp_timestamps=1 net.ipv4.tcp_sack=1 net.ipv4.tcp_window_scaling=1

# Written beside the committed files, and moved over them only when the run completes.
ip netns exec $R tcpdump -i ctoracle-rc -w "$here/$name-client.pcap.new" -U tcp 2>/dev/null &
dumps="$!"
ip netns exec $R tcpdump -i ctoracle-rs -w "$here/$name-server.pcap.new" -U tcp 2>/dev/null &
dumps="$dumps $!"
ip netns exec $S python3 "$here/record-oracle.py" server 198.51.100.2 47701 &
srv=$!
trigger=$(mktemp -d)
ip netns exec $S python3 "$here/record-oracle.py" connect 192.0.2.1 "$trigger" &
con=$!
# The kernel log from a marker written now: a full ring buffer keeps its line count, so counting lines would not
# find where this run starts.
marker="record-conntrack-oracle $$ $(date +%s%N)"
echo "$marker" >/dev/kmsg
sleep 1
ip netns exec $C python3 "$here/record-oracle.py" client ctoracle-vc 192.0.2.1 198.51.100.2 "$router_mac" 47701 \
    "$here/conntrack-oracle-probes.tsv.new" "$trigger"
sleep 2
for pid in $dumps; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
dumps=
dmesg | awk -v marker="$marker" 'found { print } index($0, marker) { found = 1 }' | python3 "$here/record-oracle.py" conntrack-log >"$here/$name.tsv.new"
for file in $name-client.pcap $name-server.pcap $name.tsv; do
    mv "$here/$file.new" "$here/$file"
done
rm -f "$here/conntrack-oracle-probes.tsv.new"
echo "kernel $(uname -r): $(grep -vc '^#' "$here/$name.tsv") segments logged INVALID or ignored"
