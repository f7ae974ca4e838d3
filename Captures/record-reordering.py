#!/usr/bin/env python3
# Drives record-reordering.sh (python3 stdlib only): the userspace wire between the two namespaces, and the
# connections of the recording.
# Usage: record-reordering.py SCENARIO HOST PORT server|client
#        record-reordering.py wire IF-A IF-B SEED LOSS-AB DELAY-AB JITTER-AB REORDER-AB LOSS-BA DELAY-BA JITTER-BA
#                             REORDER-BA [CE]
import heapq, random, select, signal, socket, struct, sys, threading, time


def wire(if_a, if_b, seed, loss_ab, delay_ab, jit_ab, reo_ab, loss_ba, delay_ba, jit_ba, reo_ba, ce="0"):
    """Copies Ethernet frames between two interfaces (AF_PACKET). Per direction: drop with probability LOSS, hold
    DELAY (+ uniform 0..JITTER) seconds, or send at once (overtaking held frames) with probability REORDER (50%
    correlated as in netem). Non-TCP frames (ARP/ND) are passed unharmed at once. CE (optional): probability that an
    IPv4 TCP frame carrying ECT(0)/ECT(1) gets CE set (IP header checksum recomputed), as an AQM router would."""
    rng = random.Random(int(seed))
    ce = float(ce)
    socks = {}
    for name in (if_a, if_b):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        s.bind((name, 0))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        socks[name] = s
    rules = {if_a: (socks[if_b], float(loss_ab), float(delay_ab), float(jit_ab), float(reo_ab)),
             if_b: (socks[if_a], float(loss_ba), float(delay_ba), float(jit_ba), float(reo_ba))}
    last = {if_a: False, if_b: False}
    pending, order = [], 0
    stats = {name: {"frames": 0, "dropped": 0, "sent at once": 0, "ce marked": 0} for name in (if_a, if_b)}

    def report(*_):
        for name, counts in stats.items():
            print("wire: from %s: %s" % (name, ", ".join("%d %s" % (v, k) for k, v in counts.items())), file=sys.stderr)
        sys.exit(0)

    def is_tcp(frame):
        et = struct.unpack("!H", frame[12:14])[0]
        return (et == 0x0800 and frame[23] == 6) or (et == 0x86DD and frame[20] == 6)

    def mark_ce(frame):
        if struct.unpack("!H", frame[12:14])[0] != 0x0800 or frame[15] & 3 == 0:
            return frame
        ihl = (frame[14] & 15) * 4
        hdr = bytearray(frame[14:14 + ihl])
        hdr[1] |= 3
        hdr[10:12] = b"\0\0"
        s = sum(struct.unpack("!%dH" % (ihl // 2), bytes(hdr)))
        while s >> 16:
            s = (s & 0xFFFF) + (s >> 16)
        hdr[10:12] = struct.pack("!H", ~s & 0xFFFF)
        return frame[:14] + bytes(hdr) + frame[14 + ihl:]

    signal.signal(signal.SIGTERM, report)
    while True:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, out, frame = heapq.heappop(pending)
            out.send(frame)
        timeout = max(0.0, pending[0][0] - now) if pending else None
        ready, _, _ = select.select(list(socks.values()), [], [], timeout)
        for s in ready:
            frame, addr = s.recvfrom(65535)
            if addr[2] == socket.PACKET_OUTGOING:
                continue
            out, loss, delay, jit, reorder = rules[addr[0]]
            if not is_tcp(frame):
                out.send(frame)
                continue
            stats[addr[0]]["frames"] += 1
            if rng.random() < loss:
                stats[addr[0]]["dropped"] += 1
                continue
            if ce and rng.random() < ce and frame[15] & 3:
                frame = mark_ce(frame)
                stats[addr[0]]["ce marked"] += 1
            if rng.random() >= 0.5:
                last[addr[0]] = rng.random() < reorder
            hold = 0.0 if last[addr[0]] else delay + rng.random() * jit
            if hold == 0.0 and (delay or jit):
                stats[addr[0]]["sent at once"] += 1
            if hold == 0.0 and not pending:
                out.send(frame)
            else:
                order += 1
                heapq.heappush(pending, (time.monotonic() + hold, order, out, frame))


if sys.argv[1] == "wire":
    wire(*sys.argv[2:])
    sys.exit(0)

SCENARIO, HOST, PORT, ROLE = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
FAMILY = socket.AF_INET6 if ":" in HOST else socket.AF_INET


def listener(port, backlog=64):
    s = socket.socket(FAMILY, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, port))
    s.listen(backlog)
    return s


def read_to_eof(c, size=65536):
    total = 0
    while True:
        try:
            chunk = c.recv(size)
        except ConnectionResetError:
            return -1
        if not chunk:
            return total
        total += len(chunk)


def connect(port, local_port=None):
    c = socket.socket(FAMILY, socket.SOCK_STREAM)
    if local_port:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.bind(("", local_port))
    c.connect((HOST, port))
    return c


def log(*a):
    print(ROLE + ":", *a, file=sys.stderr, flush=True)


def retrans(c):
    info = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    return struct.unpack_from("I", info, 100)[0]


def both_ways(c, nsend):
    def sender():
        c.sendall(bytes(range(256)) * (nsend // 256) + b"x" * (nsend % 256))
        c.shutdown(socket.SHUT_WR)
    t = threading.Thread(target=sender)
    t.start()
    n = read_to_eof(c)
    t.join()
    return n


# ---------------------------------------------------------------- ipv6: lossy, reordered transfers
def ipv6_server():
    s = listener(PORT)
    c1, _ = s.accept()
    t = threading.Thread(target=lambda: (log("c1", both_ways(c1, 300000)), c1.close()))
    t.start()
    c2, _ = s.accept()
    n = read_to_eof(c2)
    c2.sendall(b"received %d\n" % n)
    c2.close()
    t.join()
    s.close()


def ipv6_client():
    c1 = connect(PORT)
    t = threading.Thread(target=lambda: (log("c1", both_ways(c1, 300000), retrans(c1)), c1.close()))
    t.start()
    time.sleep(0.1)
    c2 = connect(PORT)
    c2.sendall(b"v" * 500000)
    c2.shutdown(socket.SHUT_WR)
    log("c2", read_to_eof(c2), retrans(c2))
    c2.close()
    t.join()


if __name__ == "__main__":
    if ROLE == "client":
        time.sleep(0.5)
    globals()["%s_%s" % (SCENARIO, ROLE)]()
