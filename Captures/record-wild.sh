#!/usr/bin/env bash
# Records the "wild" captures in this folder from the Linux TCP stack of this machine, in the style of record.sh: two
# fresh network namespaces per file (tcpwild-a = client 192.0.2.1, tcpwild-b = server 192.0.2.2) joined by a veth
# pair with checksum offload and segmentation offloads (tso, gso, gro) turned off, so every checksum is the real one
# and every segment is a wire-sized one; tcpdump runs on the server's veth, record-wild.py drives the sessions.
# The lossy and delayed recordings put a third namespace between the two, see setup_wire (no sch_netem here).
# Needs root, tcpdump, ethtool, iproute2, python3, and a kernel with MPTCP and tcp_shrink_window (>= 6.5); the usec*
# recordings need one with microsecond TCP timestamps (>= 6.7).
# The reordering recording is over IPv6 (client 2001:db8::1, server 2001:db8::2) and captured on the client's veth,
# and prints both kernels' TCP counters afterwards (nstat: TcpExtPAWSEstab counts the segments Linux dropped by PAWS).
# The slow-reader recording (a client with a 4 KB receive buffer, zero windows and window probes over a reordering
# wire) is captured on the server's veth; the bidirectional-loss recording (data both ways, 10 % loss each way) on the
# client's, and it prints both kernels' PAWS counters afterwards.
# The usec* recordings have both ends count their TSvals in microseconds (1000 ticks a ms instead of Linux's usual
# one): set-route-features.py gives each end's route to the other the feature tcp_usec_ts, which iproute2 6.1 cannot
# set. usecsynackloss: two short connections whose handshakes lose the server's first SYN-ACK (the second
# connection: its first two), so that the SYN-ACKs that get through echo the TSval of the client's first SYN, a
# million ticks older than the client's latest; useclossy: data both ways over bidirloss's wire (10 % loss each way,
# some reordering), PAWS on microsecond clocks, and both kernels' PAWS counters afterwards. Both are captured on the
# client's veth, whole frames.
# usecreordering repeats reordering (same scenario, wire, seed and capture side) with microsecond TSvals at both ends.
# The nots* recordings are Linux without TCP timestamps (net.ipv4.tcp_timestamps=0), the way Windows connects by
# default (its SYNs carry no timestamps option): no TSval and no TSecr on any segment, so no PAWS, and the validator
# has none of what it reads from them (which of a side's segments an acknowledgment answers, that an echo names a
# segment the capture missed, whether a segment is older than another); it falls back on sequence and acknowledgment
# numbers and on a segment's form (a probe at SND.UNA - 1, a FIN sent again, an acknowledgment below the last one
# captured). no_timestamps sets the sysctls in the fresh namespaces right after setup_wire, before any connection.
# notsbidirloss, notsreordering and notsslowreader repeat bidirloss, reordering and slowreader (same scenario, wire,
# seed and capture side) with timestamps off at both ends; notsnosack is bidirloss with timestamps and SACK
# (net.ipv4.tcp_sack=0) off at both ends, so recovery goes by duplicate ACKs alone; notsmixed is bidirloss with
# timestamps off at the client only (a server that has them on answers a SYN without the option without it). Each
# prints both kernels' counters afterwards (PAWS, out-of-order queue, D-SACK, challenge ACKs, zero windows, probes).
# The offloads* recordings are the capture most often taken in practice: on an endpoint host (the client's veth) with
# checksum offload (tx), tso, gso and gro left ON (OFFLOADS=on for setup / setup_wire): the client's outgoing
# segments are TSO/GSO super-segments up to 64 KB with checksums not filled in, the server's reach the client as the
# super-segments its stack built. offloads runs reordering's scenario over IPv4 on a direct veth; offloadslossy runs
# it through bidirloss's wire (10 % loss each way, some reordering), whose AF_PACKET sockets then carry the
# super-segments whole (WIRE_GSO=on: PACKET_VNET_HDR, see record-wild.py's wire), so a loss drops a whole one.
# The mergedtap* recordings capture each direction into its own file and merge the two with the server's clock 1 ms
# behind (editcap and mergecap, from wireshark-common), as two taps or a mirror port do (see 17 below).
# Usage: Captures/record-wild.sh [tfo|mptcp|bulk|shrink|resets|reordering|slowreader|bidirloss|usecsynackloss|
#                                 useclossy|usecreordering|notsbidirloss|notsreordering|notsslowreader|notsnosack|
#                                 notsmixed|offloads|offloadslossy|mergedtapnots|mergedtapts ...]
#        (default: all; writes linux-tfo.pcap, linux-mptcp.pcap, linux-lossy-bulk.pcap, linux-window-shrink.pcap,
#        linux-reset-paths.pcap, linux-reordering-ipv6.pcap, linux-slow-reader.pcap, linux-bidir-loss.pcap,
#        linux-usec-synack-loss.pcap, linux-usec-lossy.pcap, linux-usec-reordering-ipv6.pcap,
#        linux-nots-bidir-loss.pcap,
#        linux-nots-reordering-ipv6.pcap, linux-nots-slow-reader.pcap, linux-nots-nosack-bidir-loss.pcap,
#        linux-nots-mixed.pcap, linux-offloads.pcap, linux-offloads-lossy.pcap, linux-mergedtap-nots.pcap and
#        linux-mergedtap-ts-mirror.pcap next to itself)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
A=tcpwild-a
B=tcpwild-b
R=tcpwild-r
cleanup() {
    if [ -n "${wire:-}" ]; then kill "$wire" 2>/dev/null || true; wait "$wire" 2>/dev/null || true; wire=; fi
    for ns in $A $B $R; do ip netns del $ns 2>/dev/null || true; done
}
trap cleanup EXIT
only=" $* "
want() { [ "$only" = "  " ] || [[ "$only" == *" $1 "* ]]; }

setup() {  # fresh namespaces: no TFO cookies, no cached tcp_metrics from an earlier recording
    cleanup
    ip netns add $A
    ip netns add $B
    ip link add tcpwild-va type veth peer name tcpwild-vb
    ip link set tcpwild-va netns $A
    ip link set tcpwild-vb netns $B
    ip netns exec $A ip addr add 192.0.2.1/24 dev tcpwild-va
    ip netns exec $B ip addr add 192.0.2.2/24 dev tcpwild-vb
    for side in a b; do
        ip netns exec tcpwild-$side ip link set lo up
        ip netns exec tcpwild-$side ip link set tcpwild-v$side up
        ip netns exec tcpwild-$side ethtool -K tcpwild-v$side tx ${OFFLOADS:-off} >/dev/null
        ip netns exec tcpwild-$side ethtool -K tcpwild-v$side tso ${OFFLOADS:-off} gso ${OFFLOADS:-off} \
            gro ${OFFLOADS:-off} >/dev/null
    done
}

wire=
setup_wire() {  # setup_wire LOSS-AB DELAY-AB REORDER-AB LOSS-BA DELAY-BA [REORDER-BA JITTER-AB JITTER-BA SEED TCP-ONLY
                #             SYN-DROP SYNACK-DROP]
    # (probabilities 0..1, delays in seconds; SYN-DROP / SYNACK-DROP "N1,N2,...": the k-th connection loses its
    # first Nk SYNs / SYN-ACKs, 0 for none; see record-wild.py's wire)
    # This kernel has no sch_netem, so the impairments come from record-wild.py's "wire": a third namespace whose
    # two veth legs (tcpwild-ra to the client, tcpwild-rb to the server) it joins, copying frames unchanged.
    cleanup
    ip netns add $A
    ip netns add $B
    ip netns add $R
    ip link add tcpwild-va type veth peer name tcpwild-ra
    ip link add tcpwild-vb type veth peer name tcpwild-rb
    ip link set tcpwild-va netns $A
    ip link set tcpwild-vb netns $B
    ip link set tcpwild-ra netns $R
    ip link set tcpwild-rb netns $R
    ip netns exec $A ip addr add 192.0.2.1/24 dev tcpwild-va
    ip netns exec $B ip addr add 192.0.2.2/24 dev tcpwild-vb
    ip netns exec $A ip -6 addr add 2001:db8::1/64 dev tcpwild-va nodad
    ip netns exec $B ip -6 addr add 2001:db8::2/64 dev tcpwild-vb nodad
    ip netns exec $R sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    for dev in tcpwild-ra tcpwild-rb; do
        ip netns exec $R ip link set $dev promisc on up
        ip netns exec $R ethtool -K $dev tx ${OFFLOADS:-off} >/dev/null
        ip netns exec $R ethtool -K $dev tso ${OFFLOADS:-off} gso ${OFFLOADS:-off} gro ${OFFLOADS:-off} >/dev/null
    done
    for side in a b; do
        ip netns exec tcpwild-$side ip link set lo up
        ip netns exec tcpwild-$side ip link set tcpwild-v$side up
        ip netns exec tcpwild-$side ethtool -K tcpwild-v$side tx ${OFFLOADS:-off} >/dev/null
        ip netns exec tcpwild-$side ethtool -K tcpwild-v$side tso ${OFFLOADS:-off} gso ${OFFLOADS:-off} \
            gro ${OFFLOADS:-off} >/dev/null
    done
    ip netns exec $R env WIRE_GSO=${OFFLOADS:-off} python3 "$here/record-wild.py" wire tcpwild-ra tcpwild-rb "$@" &
    wire=$!
    sleep 0.5
}

stop_wire() { kill "$wire"; wait "$wire" 2>/dev/null || true; wire=; }

# The wires several recordings share (setup_wire's arguments), named once: the reordering link (3 % loss each way,
# 2 ms plus up to 1 ms, 5 % sent at once, seed 14), the slow reader's (2 % loss, 20 % sent at once) and the
# bidirectional-loss link (10 % loss each way, 10 % sent at once); seed 2, TCP only, for the last two.
REORDERING_WIRE="0.03 0.002 0.05 0.03 0.002 0.05 0.001 0.001 14 1"
SLOWREADER_WIRE="0.02 0.002 0.2 0.02 0.002 0.2 0.001 0.001 2 1"
BIDIRLOSS_WIRE="0.1 0.002 0.1 0.1 0.002 0.1 0.001 0.001 2 1"

usec_ts() {  # usec_ts NS DEV PEER: NS's connections to PEER send microsecond TSvals (route feature tcp_usec_ts)
    # set-route-features.py gives NS a host route to PEER with RTAX_FEATURES 0x10; Linux reads the feature when a
    # connection starts, so this runs before the recording. The route is checked: on a kernel that accepted the
    # route but did not keep the feature, the recording would silently be a millisecond one.
    local route
    ip netns exec "$1" python3 "$here/set-route-features.py" "$3" "$2" 0x10
    route=$(ip netns exec "$1" ip route get "$3")
    echo "$route" | sed "s/^/  $1: /"
    if [[ $route != *"features 0x10"* && $route != *tcp_usec_ts* ]]; then
        echo "$1: the route to $3 has no tcp_usec_ts feature" >&2
        exit 1
    fi
}

paws_counters() {  # both kernels' PAWS counters (TcpExtPAWSEstab: segments dropped by PAWS, answered by a dup ACK)
    for ns in $A $B; do
        echo "## $ns"
        ip netns exec $ns nstat -az TcpExtPAWSEstab TcpExtPAWSActive TcpExtPAWSOldAck TcpExtTCPACKSkippedPAWS \
            2>/dev/null | grep -v '^#'
    done
}

no_timestamps() {  # no_timestamps NS... [-- SETTING...]: tcp_timestamps=0 (and each SETTING) in each NS, then
    # both ends' tcp_timestamps and tcp_sack. Runs on fresh namespaces before any connection: a connection takes the
    # options its SYN offers from the sysctls of its namespace when it starts.
    local ns namespaces=() settings=(net.ipv4.tcp_timestamps=0)
    while [ $# -gt 0 ] && [ "$1" != -- ]; do namespaces+=("$1"); shift; done
    if [ $# -gt 0 ]; then shift; fi
    settings+=("$@")
    for ns in "${namespaces[@]}"; do ip netns exec "$ns" sysctl -qw "${settings[@]}"; done
    for ns in $A $B; do
        echo "  $ns: tcp_timestamps $(ip netns exec $ns sysctl -n net.ipv4.tcp_timestamps)," \
            "tcp_sack $(ip netns exec $ns sysctl -n net.ipv4.tcp_sack)"
    done
}

nonzero_counters() {  # both kernels' non-zero TCP counters
    for ns in $A $B; do
        echo "## $ns"
        ip netns exec $ns nstat -az 2>/dev/null | grep -E "^(Tcp|TcpExt)" | awk '$2 != 0'
    done
}

tcp_counters() {  # both kernels' counters of PAWS, the out-of-order queue, D-SACK, challenge ACKs, zero windows, probes
    for ns in $A $B; do
        echo "## $ns"
        ip netns exec $ns nstat -az 2>/dev/null | grep -i -E 'PAWS|OFO|Challenge|DSACK|TCPWinProbe|ZeroWindow'
    done
}

record() {  # record OUTPUT SNAPLEN SCENARIO PORT [CLIENT-ARGS...]; SIDE (b: the server's veth), SERVER, FILTER
    local out=$1 snaplen=$2 scenario=$3 port=$4 side=${SIDE:-b} host=${SERVER:-192.0.2.2}
    shift 4
    ip netns exec tcpwild-$side tcpdump -i tcpwild-v$side -w "$out" -s "$snaplen" -Z root "${FILTER:-ip and tcp}" \
        2>/dev/null &
    local dump=$!
    sleep 1.5
    ip netns exec $B python3 "$here/record-wild.py" "$scenario" "$host" "$port" server &
    local server=$!
    ip netns exec $A python3 "$here/record-wild.py" "$scenario" "$host" "$port" client "$@"
    wait "$server"
    sleep 1
    kill -INT "$dump"
    wait "$dump" || true
}

record_reordering() {  # record_reordering OUTPUT PORT: the reordering scenario as its recordings take it, over IPv6,
    # captured on the client's veth (TCP only), 128 bytes a frame
    SIDE=a SERVER=2001:db8::2 FILTER=tcp record "$1" 128 reordering "$2"
}

# 1. TCP Fast Open, client and server enabled (3) in both namespaces
if want tfo; then
    setup
    for ns in $A $B; do ip netns exec $ns sysctl -qw net.ipv4.tcp_fastopen=3; done
    record "$here/linux-tfo.pcap" 0 tfo 47201
fi

# 2. MPTCP, one subflow
if want mptcp; then
    setup
    for ns in $A $B; do ip netns exec $ns sysctl -qw net.mptcp.enabled=1; done
    record "$here/linux-mptcp.pcap" 0 mptcp 47301
fi

# 3. bulk transfer over a lossy, reordering wire: client -> server "loss 3% delay 2ms reorder 5% 50%",
#    server -> client "loss 1%"; the capture on the server's veth sees what survived of the client's frames and all
#    of the server's (some of which the wire then drops)
if want bulk; then
    setup_wire 0.03 0.002 0.05 0.01 0
    record "$here/linux-lossy-bulk.pcap" 128 bulk 47401
    stop_wire
fi

# 4. slow reader with a tiny receive buffer, allowed to shrink its window
if want shrink; then
    setup
    ip netns exec $B sysctl -qw net.ipv4.tcp_shrink_window=1
    record "$here/linux-window-shrink.pcap" 128 shrink 47501
fi

# 5. reset paths; 20 ms of delay each way lets the FINs of (c) cross
if want resets; then
    setup_wire 0 0.02 0 0 0.02
    record "$here/linux-reset-paths.pcap" 0 resets 47601 0.02
    stop_wire
fi

# 6. two IPv6 connections over a wire that drops 3 % each way, holds frames 2 ms plus up to 1 ms and sends 5 % at
#    once past the held ones; captured on the client's veth, frames other than TCP passed untouched
if want reordering; then
    setup_wire $REORDERING_WIRE
    record_reordering "$here/linux-reordering-ipv6.pcap" 48301
    stop_wire
    nonzero_counters
fi

# 7. three connections to a slow reader (SO_RCVBUF 4096 set before connect, 256-byte reads 5 ms apart, a 0.5 s pause
#    after every 16 KB) over a wire that drops 2 % of the frames each way, holds the rest 2 ms (plus up to 1 ms of
#    jitter) and sends 20 % at once, past the held ones; captured on the server's veth
if want slowreader; then
    setup_wire $SLOWREADER_WIRE
    record "$here/linux-slow-reader.pcap" 128 slowreader 48401
    stop_wire
fi

# 8. two connections with 150,000 bytes each way at once over a wire that drops 10 % of the frames each way, holds
#    the rest 2 ms (plus up to 1 ms of jitter) and sends 10 % at once, past the held ones; timestamps on (the
#    default); captured on the client's veth, then both kernels' PAWS counters
if want bidirloss; then
    setup_wire $BIDIRLOSS_WIRE
    SIDE=a record "$here/linux-bidir-loss.pcap" 128 bidirloss 48501
    stop_wire
    paws_counters
fi

# 9. microsecond timestamps on both ends; two connections one after another (200 bytes to the server, 2001 back, the
#    client closes first) through a wire that drops nothing but the server's first SYN-ACK of the first connection
#    and its first two of the second; captured on the client's veth, whole frames
if want usecsynackloss; then
    setup_wire 0 0 0 0 0 0 0 0 2 1 0 1,2
    usec_ts $A tcpwild-va 192.0.2.2
    usec_ts $B tcpwild-vb 192.0.2.1
    SIDE=a record "$here/linux-usec-synack-loss.pcap" 0 synackloss 48601
    stop_wire
fi

# 10. microsecond timestamps on both ends; bidirloss's wire (10 % loss each way, 2 ms plus up to 1 ms of jitter, 10 %
#     sent at once past the held frames) with 60,000 bytes each way per connection, so that the whole frames stay
#     below 400 KB; captured on the client's veth, then both kernels' PAWS counters
if want useclossy; then
    setup_wire $BIDIRLOSS_WIRE
    usec_ts $A tcpwild-va 192.0.2.2
    usec_ts $B tcpwild-vb 192.0.2.1
    SIDE=a record "$here/linux-usec-lossy.pcap" 0 smallbidirloss 48701
    stop_wire
    paws_counters
fi

# 10b. microsecond timestamps at both ends over the reordering wire: reordering's scenario, IPv6, capture side and
#      snapshot length, with usec_ts at both ends as useclossy does; then both kernels' non-zero TCP counters
if want usecreordering; then
    setup_wire $REORDERING_WIRE
    usec_ts $A tcpwild-va 2001:db8::2
    usec_ts $B tcpwild-vb 2001:db8::1
    record_reordering "$here/linux-usec-reordering-ipv6.pcap" 48801
    stop_wire
    nonzero_counters
fi

# 11-13. bidirloss, reordering (IPv6) and slowreader again, same wire, seed, scenario and capture side, with
#     timestamps off at both ends (ports 49101, 49201, 49301), then both kernels' counters
if want notsbidirloss; then
    setup_wire $BIDIRLOSS_WIRE
    no_timestamps $A $B
    SIDE=a record "$here/linux-nots-bidir-loss.pcap" 128 bidirloss 49101
    stop_wire
    tcp_counters
fi

if want notsreordering; then
    setup_wire $REORDERING_WIRE
    no_timestamps $A $B
    record_reordering "$here/linux-nots-reordering-ipv6.pcap" 49201
    stop_wire
    tcp_counters
fi

if want notsslowreader; then
    setup_wire $SLOWREADER_WIRE
    no_timestamps $A $B
    record "$here/linux-nots-slow-reader.pcap" 128 slowreader 49301
    stop_wire
    tcp_counters
fi

# 14. bidirloss with timestamps and SACK off at both ends (port 49401): recovery by duplicate ACKs alone
if want notsnosack; then
    setup_wire $BIDIRLOSS_WIRE
    no_timestamps $A $B -- net.ipv4.tcp_sack=0
    SIDE=a record "$here/linux-nots-nosack-bidir-loss.pcap" 128 bidirloss 49401
    stop_wire
    tcp_counters
fi

# 15. bidirloss with timestamps off at the client only (port 49501): the server, with them on, gets SYNs without the
#     option and answers without it
if want notsmixed; then
    setup_wire $BIDIRLOSS_WIRE
    no_timestamps $A
    SIDE=a record "$here/linux-nots-mixed.pcap" 128 bidirloss 49501
    stop_wire
    tcp_counters
fi

# 16. offloads ON at both ends (tx checksum, tso, gso, gro), captured on the client's veth as an endpoint's own capture
#     is: reordering's scenario (300,000 bytes each way at once, then 500,000 bytes client -> server and a 16-byte
#     reply) over IPv4 on a direct veth (port 49601); then the same through bidirloss's wire, which carries
#     super-segments whole and drops or reorders whole ones (port 49701); then both kernels' non-zero TCP counters
if want offloads; then
    OFFLOADS=on setup
    ip netns exec $A ethtool -k tcpwild-va \
        | grep -E '^(tx-checksumming|tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload):' \
        | sed 's/^/  tcpwild-va: /'
    SIDE=a record "$here/linux-offloads.pcap" 128 reordering 49601
    nonzero_counters
fi

if want offloadslossy; then
    OFFLOADS=on setup_wire $BIDIRLOSS_WIRE
    SIDE=a record "$here/linux-offloads-lossy.pcap" 128 reordering 49701
    stop_wire
    nonzero_counters
fi

# 17. Merged taps: each direction captured at its own point into its own file, whole frames, then the two merged by
#     timestamp with the server -> client file shifted 1 ms earlier (editcap -t, mergecap: wireshark-common), the way
#     a capture from two taps, or from a switch mirror port copying a port's ingress and egress separately, with its
#     clocks 1 ms apart shows them: acknowledgments ahead of the segments they acknowledge. The mergedtap scenario (a
#     short request/response connection, then 300,000 bytes each way at once). mergedtapnots: a direct veth,
#     timestamps off at both ends, client -> server as the client sends it and server -> client as the server sends it
#     (port 50201); mergedtapts: through the reordering wire, timestamps on, both directions at the server's veth
#     (-Q in and -Q out, the mirror port of the server's switch port; port 50301).
record_split() {  # record_split DIR PORT: the mergedtap scenario with one tcpdump per veth and direction
    local dir=$1 port=$2 dumps=() spec side q name d
    for spec in "a out c2s-atclient" "a in s2c-atclient" "b out s2c-atserver" "b in c2s-atserver"; do
        read -r side q name <<<"$spec"
        ip netns exec tcpwild-$side tcpdump -i tcpwild-v$side -Q "$q" -w "$dir/$name.pcap" -s 0 -Z root 'ip and tcp' \
            2>/dev/null &
        dumps+=($!)
    done
    sleep 1.5
    ip netns exec $B python3 "$here/record-wild.py" mergedtap 192.0.2.2 "$port" server &
    local server=$!
    ip netns exec $A python3 "$here/record-wild.py" mergedtap 192.0.2.2 "$port" client
    wait "$server"
    sleep 1
    for d in "${dumps[@]}"; do kill -INT "$d"; done
    for d in "${dumps[@]}"; do wait "$d" || true; done
}
merge_skew() {  # merge_skew C2S S2C SECONDS OUTPUT: S2C shifted by SECONDS, merged with C2S in time order
    editcap -F pcap -t "$3" "$2" "$2.skewed"
    mergecap -F pcap -w "$4" "$1" "$2.skewed"
}
if want mergedtapnots; then
    setup
    no_timestamps $A $B
    split=$(mktemp -d)
    record_split "$split" 50201
    merge_skew "$split/c2s-atclient.pcap" "$split/s2c-atserver.pcap" -0.001 "$here/linux-mergedtap-nots.pcap"
    rm -rf "$split"
fi
if want mergedtapts; then
    setup_wire $REORDERING_WIRE
    split=$(mktemp -d)
    record_split "$split" 50301
    stop_wire
    merge_skew "$split/c2s-atserver.pcap" "$split/s2c-atserver.pcap" -0.001 "$here/linux-mergedtap-ts-mirror.pcap"
    rm -rf "$split"
fi
