# Sets the RTAX_FEATURES route metric of the route to one peer, for record-wild.sh's microsecond-timestamp recordings
# (python3 stdlib only). Run it inside the endpoint's namespace: ip netns exec NS python3 set-route-features.py ...
# Linux (>= 6.7) counts its TSvals in microseconds instead of milliseconds on a connection whose route carries
# RTAX_FEATURE_TCP_USEC_TS (0x10) in RTAX_FEATURES; each end decides by its own route (the peer only echoes the
# values), and there is no sysctl for it.
# iproute2 6.1, the one on the recording machine, cannot set that: `ip route replace ... features tcp_usec_ts` and
# `... features 0x10` both fail ("features" value not valid; it only knows "ecn"), so this script sends the
# RTM_NEWROUTE message itself.
# Usage: set-route-features.py PEER DEV FEATURES
#   replaces (or creates) the main table's host route PEER/32 (or /128) dev DEV, scope link, with the metric
#   RTAX_FEATURES = FEATURES (e.g. 0x10) and no other metric. A host route is more specific than the connected
#   subnet route the address brought, so only the traffic to PEER takes it, and the subnet route is left as it was.
#   Prints the kernel's answer; exits 1 if it refused. `ip route get PEER` then shows "features 0x10" on the route.
import ipaddress, os, socket, struct, sys

# from <linux/netlink.h> and <linux/rtnetlink.h>
RTM_NEWROUTE = 24
NLMSG_ERROR = 2
NLM_F_REQUEST, NLM_F_ACK, NLM_F_REPLACE, NLM_F_CREATE = 0x1, 0x4, 0x100, 0x400
RTA_DST, RTA_OIF, RTA_METRICS, RTA_TABLE = 1, 4, 8, 15
RTAX_FEATURES = 12
RT_TABLE_MAIN, RTPROT_STATIC, RT_SCOPE_LINK, RTN_UNICAST = 254, 4, 253, 1


def attribute(kind, payload):
    """One rtattr: length (header included, padding not), type, payload, padded to 4 bytes."""
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * (-length % 4)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: set-route-features.py PEER DEV FEATURES")
    peer = ipaddress.ip_address(sys.argv[1])
    dev, features = sys.argv[2], int(sys.argv[3], 0)
    family = socket.AF_INET if peer.version == 4 else socket.AF_INET6
    # struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags. Scope link: the peer is on
    # the link (no gateway), as on the connected route this one shadows.
    rtmsg = struct.pack("=BBBBBBBBI", family, peer.max_prefixlen, 0, 0, RT_TABLE_MAIN, RTPROT_STATIC, RT_SCOPE_LINK,
                        RTN_UNICAST, 0)
    # RTA_METRICS nests the metrics as rtattrs of their own, RTAX_FEATURES a u32; the kernel refuses a bit outside
    # RTAX_FEATURE_MASK (EINVAL), so a kernel older than 6.7 refuses 0x10 instead of ignoring it.
    body = rtmsg + attribute(RTA_DST, peer.packed) + attribute(RTA_OIF, struct.pack("=I", socket.if_nametoindex(dev)))
    body += attribute(RTA_TABLE, struct.pack("=I", RT_TABLE_MAIN))
    body += attribute(RTA_METRICS, attribute(RTAX_FEATURES, struct.pack("=I", features)))
    # REPLACE | CREATE: a second run (or a route left by an earlier one) is replaced, not refused with EEXIST
    flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE
    message = struct.pack("=IHHII", 16 + len(body), RTM_NEWROUTE, flags, 1, 0) + body
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.bind((0, 0))
    s.send(message)
    # with NLM_F_ACK the kernel always answers with an NLMSG_ERROR message: error 0 is the acknowledgment
    reply = s.recv(65536)
    s.close()
    kind = struct.unpack_from("=H", reply, 4)[0]
    if kind != NLMSG_ERROR:
        sys.exit("set-route-features: unexpected netlink answer, type %d" % kind)
    error = -struct.unpack_from("=i", reply, 16)[0]
    print("set-route-features: %s/%d dev %s features 0x%x: %s" %
          (peer, peer.max_prefixlen, dev, features, os.strerror(error) if error else "ok"))
    sys.exit(1 if error else 0)


main()
