# Drives the "wild" Linux TCP sessions recorded by record-wild.sh between two network namespaces (python3 stdlib only).
# Usage: record-wild.py SCENARIO HOST PORT server|client
#        record-wild.py wire IF-A IF-B LOSS-AB DELAY-AB REORDER-AB LOSS-BA DELAY-BA [REORDER-BA JITTER-AB JITTER-BA
#                            SEED TCP-ONLY SYN-DROP SYNACK-DROP]
#   tfo     two connections with TCP Fast Open: the first asks for a cookie, the second carries its request on the SYN
#   mptcp   one MPTCP connection (IPPROTO_MPTCP, one subflow), a few KB each way, normal close
#   bulk    about 400 KB client -> server (the shell script puts loss/delay/reorder on the wire), normal close
#   shrink  about 200 KB client -> a slow reader that cuts its SO_RCVBUF to 4096 bytes after the first read
#           (tcp_shrink_window=1 on its side)
#   resets  (a) PORT: the server closes with unread data (RST+ACK); (b) PORT+1: SYN to a closed port (RST+ACK);
#           (c) PORT+2: a simultaneous close (both FINs cross) after which the client, still in CLOSING with the
#           server's reply unread, closes with SO_LINGER {1,0} (RST)
#   reordering  two connections (IPv6 in record-wild.sh): 300,000 bytes each way at once, then 500,000 bytes
#           client -> server and a 16-byte reply; the wire drops, delays and reorders both ways
#   slowreader  three connections one after another: the server sends 100,000 bytes to a client that set SO_RCVBUF
#           4096 before connecting and reads 256 bytes every 5 ms, pausing 0.5 s after every 16 KB (zero windows,
#           window updates, window probes)
#   bidirloss  two connections one after another, 150,000 bytes each way at once (300,000 bytes from each side in
#           all); the wire drops and reorders both ways
#   smallbidirloss  the same with 60,000 bytes each way per connection (a smaller file at full snapshot length)
#   synackloss  two connections one after another: 200 bytes to the server, 2001 bytes back, the client closes
#           first; the wire drops the server's first SYN-ACKs (SYNACK-DROP), so each handshake takes a retransmission
#   mergedtap  two connections one after another: a 120-byte request, a 2001-byte reply, the client closes first;
#           then 300,000 bytes each way at once, both close (record-wild.sh captures each direction on its own)
import heapq, os, random, select, signal, socket, struct, sys, threading, time


def wire(if_a, if_b, loss_ab, delay_ab, reorder_ab, loss_ba, delay_ba, reorder_ba="0", jitter_ab="0",
         jitter_ba="0", seed="20240601", tcp_only="0", syn_drop="", synack_drop=""):
    """A stand-in for netem (sch_netem is not built into this kernel): copies Ethernet frames unchanged between two
    interfaces through AF_PACKET sockets. Per direction: drop a frame with probability LOSS, hold it DELAY seconds
    (plus up to JITTER more, drawn uniformly); REORDER is netem's "reorder P 50%": a frame is sent at once instead of
    being held, so that it overtakes the held ones, with probability P (and with 50% probability the previous frame's
    choice is kept instead of drawing anew). SEED seeds the draws; with TCP-ONLY 1, frames other than TCP (ARP,
    neighbour discovery) pass at once, untouched. SYN-DROP and SYNACK-DROP ("N1,N2,...", empty or 0 for none) drop
    handshake segments by rule rather than by chance, with the client on IF-A: the k-th connection (in the order of
    the client's first SYNs) loses its first Nk SYNs, or the server's first Nk SYN-ACKs; a dropped one takes no draw.
    Runs until killed."""
    rng = random.Random(int(seed))
    socks = {}
    # WIRE_GSO=on (record-wild.sh's OFFLOADS=on): each frame is read and sent with its virtio_net_hdr
    # (PACKET_VNET_HDR), so a TSO/GSO super-segment with its checksum not filled in crosses the wire whole, as one
    # frame longer than the MTU, rather than being refused (EMSGSIZE); the header is 10 bytes before the frame.
    gso = os.environ.get("WIRE_GSO") == "on"
    skip = 10 if gso else 0
    for name in (if_a, if_b):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))  # ETH_P_ALL
        if gso:
            s.setsockopt(263, 15, 1)  # SOL_PACKET, PACKET_VNET_HDR
        s.bind((name, 0))
        socks[name] = s
    rules = {if_a: (socks[if_b], float(loss_ab), float(delay_ab), float(reorder_ab), float(jitter_ab)),
             if_b: (socks[if_a], float(loss_ba), float(delay_ba), float(reorder_ba), float(jitter_ba))}

    def is_tcp(frame):
        frame = frame[skip:]
        return (ether_type(frame) == 0x0800 and frame[23] == 6) or (ether_type(frame) == 0x86DD and frame[20] == 6)

    def ether_type(frame):
        return struct.unpack("!H", frame[12:14])[0]

    last = {if_a: False, if_b: False}
    pending, order = [], 0
    stats = {name: {"frames": 0, "dropped": 0, "sent at once": 0} for name in (if_a, if_b)}

    def report(*_):
        for name, counts in stats.items():
            print("wire: from %s: %s" % (name, ", ".join("%d %s" % (v, k) for k, v in counts.items())), file=sys.stderr)
        sys.exit(0)

    # A rule names connections by number, since their ports are the client kernel's choice; a retransmitted SYN or
    # SYN-ACK carries the same addresses and ports, so it counts against the same connection.
    budgets = {(if_a, "SYN"): [int(n) for n in syn_drop.split(",") if n],
               (if_b, "SYN-ACK"): [int(n) for n in synack_drop.split(",") if n]}
    for (name, kind), budget in budgets.items():
        if any(budget):
            stats[name]["%ss dropped by rule" % kind] = 0
    connections, dropped = {}, {}

    def handshake(frame):
        """("SYN" or "SYN-ACK", the connection's addresses and ports, the client's first) for a TCP segment with SYN
        over IPv4 or IPv6 (no extension headers), else None."""
        frame = frame[skip:]
        ether_type = struct.unpack("!H", frame[12:14])[0]
        if ether_type == 0x0800 and frame[23] == 6:
            tcp, src, dst = 14 + (frame[14] & 0x0F) * 4, frame[26:30], frame[30:34]
        elif ether_type == 0x86DD and frame[20] == 6:
            tcp, src, dst = 54, frame[22:38], frame[38:54]
        else:
            return None
        sport, dport, flags = frame[tcp:tcp + 2], frame[tcp + 2:tcp + 4], frame[tcp + 13] & 0x12
        if flags == 0x02:
            return "SYN", (src, sport, dst, dport)
        if flags == 0x12:
            return "SYN-ACK", (dst, dport, src, sport)
        return None

    def dropped_by_rule(name, frame):
        found = handshake(frame)
        if found is None:
            return False
        kind, key = found
        index = connections.setdefault(key, len(connections))
        budget = budgets.get((name, kind), [])
        if dropped.get((kind, key), 0) >= (budget[index] if index < len(budget) else 0):
            return False
        dropped[(kind, key)] = dropped.get((kind, key), 0) + 1
        stats[name]["%ss dropped by rule" % kind] += 1
        return True

    signal.signal(signal.SIGTERM, report)
    while True:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            _, _, out, frame = heapq.heappop(pending)
            out.send(frame)
        timeout = max(0.0, pending[0][0] - now) if pending else None
        ready, _, _ = select.select(list(socks.values()), [], [], timeout)
        for s in ready:
            frame, addr = s.recvfrom(262144)
            if addr[2] == socket.PACKET_OUTGOING:  # our own copies of what we sent
                continue
            out, loss, delay, reorder, jitter = rules[addr[0]]
            if tcp_only == "1" and not is_tcp(frame):
                out.send(frame)
                continue
            stats[addr[0]]["frames"] += 1
            if (syn_drop or synack_drop) and dropped_by_rule(addr[0], frame):
                continue
            if rng.random() < loss:
                stats[addr[0]]["dropped"] += 1
                continue
            if rng.random() >= 0.5:  # 50% correlation: otherwise repeat the previous frame's choice
                last[addr[0]] = rng.random() < reorder
            hold = 0.0 if last[addr[0]] else delay + (rng.random() * jitter if jitter else 0.0)
            if hold == 0.0 and (delay or jitter):
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
IPPROTO_MPTCP = 262
TCP_FASTOPEN = 23
MSG_FASTOPEN = 0x20000000
TFO_REPLY = b"HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\nhello again\n"


def listener(port, proto=0, rcvbuf=None, fastopen=None):
    s = socket.socket(FAMILY, socket.SOCK_STREAM, proto)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf is not None:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    if fastopen is not None:
        s.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN, fastopen)
    s.bind((HOST, port))
    s.listen(16)
    return s


def read_to_eof(c, size=65536):
    total = 0
    while True:
        chunk = c.recv(size)
        if not chunk:
            return total
        total += len(chunk)


def recv_exactly(c, n):
    got = b""
    while len(got) < n:
        chunk = c.recv(n - len(got))
        if not chunk:
            break
        got += chunk
    return got


def connect(port, proto=0):
    c = socket.socket(FAMILY, socket.SOCK_STREAM, proto)
    c.connect((HOST, port))
    return c


# ---------------------------------------------------------------------------------------------------------- tfo
def tfo_server():
    s = listener(PORT, fastopen=16)
    for _ in range(2):
        c, _ = s.accept()
        c.recv(4096)
        c.sendall(TFO_REPLY)
        read_to_eof(c)  # the client closes first
        c.close()
    s.close()


def tfo_client():
    for i in range(2):
        c = socket.socket(FAMILY, socket.SOCK_STREAM)
        request = b"GET /tfo/%d HTTP/1.0\r\nHost: example\r\n\r\n" % (i + 1)
        c.sendto(request, MSG_FASTOPEN, (HOST, PORT))  # connect + send: SYN with a cookie request, then with data
        recv_exactly(c, len(TFO_REPLY))
        time.sleep(0.05)
        c.close()
        time.sleep(0.3)


# -------------------------------------------------------------------------------------------------------- mptcp
def mptcp_server():
    s = listener(PORT, proto=IPPROTO_MPTCP)
    c, _ = s.accept()
    request = recv_exactly(c, 4000)
    c.sendall(b"R" * 6000 + bytes([len(request) % 256]))
    read_to_eof(c)
    c.close()
    s.close()


def mptcp_client():
    c = connect(PORT, IPPROTO_MPTCP)
    c.sendall(b"M" * 4000)
    recv_exactly(c, 6001)
    time.sleep(0.05)
    c.shutdown(socket.SHUT_WR)
    read_to_eof(c)
    c.close()


# --------------------------------------------------------------------------------------------------------- bulk
def bulk_server():
    s = listener(PORT)
    c, _ = s.accept()
    n = read_to_eof(c)
    c.sendall(b"received %d\n" % n)
    c.close()
    s.close()


def bulk_client():
    c = connect(PORT)
    payload = bytes(range(256)) * 1600  # 409600 bytes
    c.sendall(payload)
    c.shutdown(socket.SHUT_WR)
    read_to_eof(c)
    info = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    print("client: tcpi_total_retrans %d" % struct.unpack_from("I", info, 100), file=sys.stderr)
    c.close()


# ------------------------------------------------------------------------------------------------------- shrink
def shrink_server():
    # SO_RCVBUF on the listener would also size the window scale in the SYN-ACK (wscale 0), and Linux never shrinks an
    # unscaled window; so the connection starts with the default buffer (wscale 10, a ~64 KB window) and the reader
    # cuts its buffer to 4096 bytes (8192 after the kernel doubles it) once the data flows
    s = listener(PORT)
    c, _ = s.accept()
    total = len(c.recv(512))
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    while True:
        chunk = c.recv(512)
        if not chunk:
            break
        total += len(chunk)
        time.sleep(0.012)
    c.sendall(b"received %d\n" % total)
    c.close()
    s.close()


def shrink_client():
    c = connect(PORT)
    c.sendall(b"s" * 200 * 1024)
    c.shutdown(socket.SHUT_WR)
    read_to_eof(c)
    c.close()


# ------------------------------------------------------------------------------------------------------- resets
def resets_server():
    a = listener(PORT)
    cport = listener(PORT + 2)
    # (a) close with unread data -> RST+ACK instead of FIN
    c, _ = a.accept()
    c.recv(64, socket.MSG_PEEK)  # wait for the data to arrive, but leave it unread
    time.sleep(0.1)
    c.close()
    a.close()
    # (c) answer the request and send FIN at once, so that the client's FIN crosses ours; keep the socket open
    c, _ = cport.accept()
    c.recv(4096)
    c.sendall(b"reply the client never reads\n")
    c.shutdown(socket.SHUT_WR)
    time.sleep(0.5)  # the client's RST arrives while we still hold the socket
    c.close()
    cport.close()


def resets_client():
    time.sleep(0.3)
    # (a)
    c = connect(PORT)
    c.sendall(b"data the server never reads\n")
    try:
        c.recv(4096)
    except ConnectionResetError:
        pass
    c.close()
    time.sleep(0.3)
    # (b) nothing listens on PORT+1
    try:
        connect(PORT + 1)
    except ConnectionRefusedError:
        pass
    time.sleep(0.3)
    # (c) with DELAY seconds of netem delay each way: our FIN leaves before the server's FIN reaches us
    delay = float(sys.argv[5]) if len(sys.argv) > 5 else 0.02
    c = connect(PORT + 2)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.sendall(b"close now\n")
    time.sleep(delay / 2)
    c.shutdown(socket.SHUT_WR)  # FIN_WAIT1
    select.select([c], [], [], 2)  # the server's reply and FIN arrive (CLOSING); leave the reply unread
    time.sleep(delay / 4)
    c.close()  # unread data in CLOSING -> RST
    time.sleep(0.3)


# --------------------------------------------------------------------------------------------------- reordering
def log(*values):
    print(ROLE + ":", *values, file=sys.stderr, flush=True)


def retransmissions(c):
    info = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    return struct.unpack_from("I", info, 100)[0]  # tcpi_total_retrans


def both_ways(c, nsend):
    def sender():
        c.sendall(bytes(range(256)) * (nsend // 256) + b"x" * (nsend % 256))
        c.shutdown(socket.SHUT_WR)
    t = threading.Thread(target=sender)
    t.start()
    n = read_to_eof(c)
    t.join()
    return n


def reordering_server():
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


def reordering_client():
    c1 = connect(PORT)
    t = threading.Thread(target=lambda: (log("c1", both_ways(c1, 300000), retransmissions(c1)), c1.close()))
    t.start()
    time.sleep(0.1)
    c2 = connect(PORT)
    c2.sendall(b"v" * 500000)
    c2.shutdown(socket.SHUT_WR)
    log("c2", read_to_eof(c2), retransmissions(c2))
    c2.close()
    t.join()


# --------------------------------------------------------------------------------------------------- slowreader
def slowreader_server():
    s = listener(PORT)
    for _ in range(3):
        c, _ = s.accept()
        c.sendall(bytes(range(256)) * 390 + b"x" * 160)  # 100,000 bytes
        c.shutdown(socket.SHUT_WR)
        read_to_eof(c)  # the client's FIN, once it has read everything
        c.close()
    s.close()


def slowreader_client():
    for i in range(3):
        c = socket.socket(FAMILY, socket.SOCK_STREAM)
        # before connect, so the SYN already offers the small window (and wscale 0); the kernel doubles it to 8192
        c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        c.connect((HOST, PORT))
        total, reads = 0, 0
        while True:
            chunk = c.recv(256)
            if not chunk:
                break
            total += len(chunk)
            reads += 1
            # every 64th read (16 KB) a pause longer than the sender's persist timer (200 ms at least): window probes
            time.sleep(0.5 if reads % 64 == 0 else 0.005)
        log("c%d" % (i + 1), total)
        c.close()
        time.sleep(0.3)


# ---------------------------------------------------------------------------------------------------- bidirloss
def bidirloss_server(nbytes=150000):
    s = listener(PORT)
    for i in range(2):
        c, _ = s.accept()
        log("c%d" % (i + 1), both_ways(c, nbytes))
        c.close()
    s.close()


def bidirloss_client(nbytes=150000):
    for i in range(2):
        c = connect(PORT)
        log("c%d" % (i + 1), both_ways(c, nbytes), retransmissions(c))
        c.close()
        time.sleep(0.3)


# 60,000 bytes each way per connection: the microsecond-timestamp recording keeps whole frames (checksums can be
# checked) and stays below 400 KB
def smallbidirloss_server():
    bidirloss_server(60000)


def smallbidirloss_client():
    bidirloss_client(60000)


# --------------------------------------------------------------------------------------------------- synackloss
def synackloss_server():
    s = listener(PORT)
    for _ in range(2):
        c, _ = s.accept()
        request = recv_exactly(c, 200)
        c.sendall(b"a" * 2000 + bytes([len(request) % 256]))
        read_to_eof(c)  # the client closes first
        c.close()
    s.close()


def synackloss_client():
    for i in range(2):
        start = time.monotonic()
        c = connect(PORT)  # returns once a SYN-ACK got through: after the retransmission timeout (1 s)
        log("c%d connected after %.3f s" % (i + 1, time.monotonic() - start))
        c.sendall(b"A" * 200)
        recv_exactly(c, 2001)
        time.sleep(0.05)
        c.close()
        time.sleep(0.5)


def mergedtap_server():
    s = listener(PORT)
    c, _ = s.accept()
    request = recv_exactly(c, 120)
    c.sendall(b"r" * 2000 + bytes([len(request) % 256]))
    read_to_eof(c)  # the client closes first
    c.close()
    c, _ = s.accept()
    log("bulk", both_ways(c, 300000))
    c.close()
    s.close()


def mergedtap_client():
    c = connect(PORT)
    c.sendall(b"GET /mtap HTTP/1.0\r\n" + b"h" * 98 + b"\r\n")  # 120 bytes
    recv_exactly(c, 2001)
    time.sleep(0.05)
    c.close()
    time.sleep(0.3)
    c = connect(PORT)
    log("bulk", both_ways(c, 300000), retransmissions(c))
    c.close()
    time.sleep(0.3)


if __name__ == "__main__":
    if ROLE == "client" and SCENARIO != "resets":
        time.sleep(0.5)
    globals()["%s_%s" % (SCENARIO, ROLE)]()
