# Puts one crafted segment at a time to the Linux TCP stack and lets it answer: the probes behind
# linux-oracle.pcap (python3 stdlib only; record-oracle.sh runs it between two network namespaces).
#
# Usage: record-oracle.py server HOST PORT
#        record-oracle.py connect HOST TRIGGER-FOLDER
#        record-oracle.py client INTERFACE CLIENT-IP SERVER-IP SERVER-MAC PORT TSV TRIGGER-FOLDER
#        record-oracle.py conntrack-log < KERNEL-LOG > TSV
#
# The server is an ordinary socket: on PORT it accepts, sends a 100-byte greeting, then reads and throws away
# whatever arrives until the connection ends; on PORT + 1 it sends the greeting and closes at once; on PORT + 2 it
# sends the greeting, half-closes (shutdown(SHUT_WR)) and reads until the end; on PORT + 3 it sends the greeting,
# reads until the end and closes 2 seconds later. The connector is
# Linux as a client: it connects to HOST on each port whose file connect-PORT (or, with Fast Open, fastopen-PORT)
# appears in TRIGGER-FOLDER. The "client"
# (the prober) is no socket at all: it writes Ethernet frames with an AF_PACKET socket on an interface that has no IP
# address (so its own kernel neither answers nor resets anything) and reads Linux's frames from the same socket.
# Per scenario, on a connection of its own (the prober's port 42000 + its number): a handshake with MSS,
# SACK-permitted, timestamps and window scale; the greeting, acknowledged by 10 bytes of data; then the probe; 300 ms
# for Linux to answer; then the follow-up, 10 bytes of data at the sequence number Linux last acknowledged (an open
# connection acknowledges it, a reset one answers with a RST); and a RST to end it. Scenarios before the handshake's
# end probe in place of the third ACK (the follow-up is the third ACK, with data); those with Linux as the client
# wait for its SYN and probe in place of the SYN-ACK (the follow-up is the right SYN-ACK); those in TIME-WAIT close
# with the server on PORT + 1 first (the follow-up is the prober's FIN again); those to the listener probe with the
# connection's first segment (the follow-up is a third ACK, with data, for whatever SYN-ACK came); those in the
# closing states get there as their comments in SCENARIOS say, and take the usual follow-up. TSV gets one row per
# scenario: its name, the prober's port, and which of the prober's segments of that connection (counting from 1) is
# the probe.
# conntrack-log reads a router's kernel log (record-conntrack-oracle.sh) and writes a row for each segment its
# connection tracking logged as INVALID or ignored, with the reason; a conntrack line it cannot read stops it.
import os, socket, struct, sys, threading, time

SCENARIOS = [
    # name, what the probe is (see Probe.send)
    ("in-order-data", "data at SND.NXT"),
    ("old-data", "the 10 bytes sent last, again"),
    ("overlapping-data", "10 bytes starting 5 below SND.NXT"),
    ("out-of-order-data", "10 bytes 100 above SND.NXT"),
    ("data-past-window", "10 bytes past the right edge of the receive window"),
    ("data-across-right-edge", "bytes from inside the window to past its right edge"),
    ("data-without-ack", "data at SND.NXT with no ACK flag"),
    ("data-without-timestamps", "data at SND.NXT without the timestamps option"),
    ("data-old-tsval", "data at SND.NXT with a TSval older than the last one (PAWS)"),
    ("ack-of-unsent-data", "a pure ACK past the server's SND.NXT"),
    ("ack-too-old", "a pure ACK far below the server's SND.UNA"),
    ("ack-data-of-unsent", "data at SND.NXT whose ACK is past the server's SND.NXT"),
    ("rst-exact", "RST at RCV.NXT"),
    ("rst-ack-exact", "RST+ACK at RCV.NXT"),
    ("rst-in-window", "RST 100 above RCV.NXT"),
    ("rst-past-window", "RST past the right edge of the window"),
    ("rst-old-tsval", "RST at RCV.NXT with a TSval older than the last one"),
    ("syn-in-window", "SYN 10 above RCV.NXT"),
    ("syn-below-window", "SYN 100000 below RCV.NXT"),
    ("fin-in-order", "FIN+ACK at RCV.NXT"),
    ("fin-past-window", "FIN+ACK past the right edge of the window"),
    ("fin-out-of-order", "FIN+ACK 100 above RCV.NXT, inside the window"),
    ("keepalive", "a pure ACK at SND.NXT - 1 (a keep-alive)"),
    ("keepalive-with-byte", "one byte at SND.NXT - 1 (a keep-alive with its garbage byte)"),
    ("data-old-ack", "data at SND.NXT whose ACK is 50 below the server's SND.UNA, inside its window"),
    ("data-sack-past-sent", "data at SND.NXT with a SACK block past the server's SND.NXT"),
    ("data-urgent", "data at SND.NXT with URG and an urgent pointer"),
    ("syn-ack-in-window", "SYN+ACK 10 above RCV.NXT"),
    ("rst-ack-exact-unsent-ack", "RST+ACK at RCV.NXT whose ACK is past the server's SND.NXT"),
    ("rst-after-fin", "after a FIN, which the server acknowledges and answers with its own: RST at the FIN's number"),
    ("rst-at-sack-edge", "after 10 bytes 100 above SND.NXT, which the server SACKs: RST at that block's right edge"),
    ("data-tsval-one-older", "data at SND.NXT with a TSval one older than the last one"),
    ("data-tsval-two-older", "data at SND.NXT with a TSval two older than the last one"),
    # Before the handshake ends: the server holds a SYN-RECEIVED request; the probe takes the third ACK's place, and
    # the follow-up is the third ACK, with 10 bytes of data.
    ("syn-received-ack-wrong", "the third ACK acknowledging 1000 past the SYN-ACK"),
    ("syn-received-rst-exact", "RST at RCV.NXT"),
    ("syn-received-rst-in-window", "RST 100 above RCV.NXT"),
    ("syn-received-syn-again", "the SYN again"),
    ("syn-received-syn-new-isn", "a SYN with another ISN, 100 above the first"),
    ("syn-received-syn-new-isn-below", "a SYN with another ISN, 100000 below the first"),
    ("syn-received-syn-new-isn-past-window", "a SYN with another ISN, past the SYN-ACK's window"),
    ("syn-received-syn-new-isn-old-tsval", "a SYN with another ISN, 100 above the first, with an older TSval"),
    ("syn-received-data-without-ack", "data at RCV.NXT with no ACK flag"),
    # Linux as the client: its SYN goes to the script, which answers with the probe in place of its SYN-ACK; the
    # follow-up is the right SYN-ACK.
    ("syn-sent-rst-ack", "RST+ACK acknowledging the SYN"),
    ("syn-sent-rst-ack-wrong", "RST+ACK acknowledging 1000 past the SYN"),
    ("syn-sent-rst-ack-bad-tsecr", "RST+ACK acknowledging the SYN, its TSecr echoing no TSval the client sent"),
    ("syn-sent-rst", "a RST without ACK"),
    ("syn-sent-syn-ack-wrong", "SYN+ACK acknowledging 1000 past the SYN"),
    ("syn-sent-syn-ack-bad-tsecr", "SYN+ACK whose TSecr echoes no TSval the client sent"),
    ("syn-sent-syn-ack-with-data", "SYN+ACK carrying 10 bytes"),
    ("syn-sent-syn", "a SYN (a simultaneous open)"),
    ("syn-sent-ack", "an ACK acknowledging the SYN, without SYN"),
    ("syn-sent-ack-wrong", "an ACK acknowledging 1000 past the SYN, without SYN"),
    # Linux as a Fast Open client (MSG_FASTOPEN with no cookie yet: its SYN asks for one).
    ("syn-sent-fast-open-syn-ack-with-data", "SYN+ACK carrying 10 bytes, to a SYN asking for a Fast Open cookie"),
    ("syn-sent-fast-open-syn-ack-with-data-fin", "SYN+ACK+FIN carrying 10 bytes, to such a SYN"),
    # The server closes first and holds TIME-WAIT (port 47702: it sends its greeting and closes); the follow-up is
    # the script's FIN again.
    ("time-wait-syn-higher-isn", "a SYN 100000 above RCV.NXT, with a newer TSval"),
    ("time-wait-syn-lower-isn-older-tsval", "a SYN 100000 below RCV.NXT, with an older TSval"),
    ("time-wait-syn-lower-isn-newer-tsval", "a SYN 100000 below RCV.NXT, with a newer TSval"),
    ("time-wait-rst", "RST at RCV.NXT"),
    ("time-wait-data", "10 bytes at RCV.NXT"),
    ("time-wait-fin-again", "the FIN again"),
    ("time-wait-rst-in-window", "RST 100 above RCV.NXT"),
    ("time-wait-ack-in-window", "a bare ACK 100 above RCV.NXT"),
    ("time-wait-ack-below", "a bare ACK at RCV.NXT - 1"),
    ("time-wait-ack-unsent", "a bare ACK at RCV.NXT acknowledging 1000 past what the server sent"),
    ("time-wait-data-without-ack", "10 bytes at RCV.NXT with no ACK flag"),
    # To the listener, on a connection not yet open: the probe is the prober's first segment; the follow-up is a
    # third ACK, with data, for whatever SYN-ACK came.
    ("listen-syn-with-data", "a SYN carrying 10 bytes, without a Fast Open option"),
    ("listen-syn-with-data-cookie-request", "a SYN carrying 10 bytes and a Fast Open cookie request"),
    ("listen-syn-fin", "SYN+FIN"),
    ("listen-ack", "a bare ACK"),
    ("listen-rst", "a RST"),
    ("listen-syn-ack", "SYN+ACK"),
    ("listen-fin-ack", "FIN+ACK"),
    # The server closes first with close() (port 47702, as for TIME-WAIT); the script acknowledges its greeting and,
    # for FIN-WAIT-2, its FIN (for FIN-WAIT-1, not the FIN). Its socket is then closed for reading too.
    ("fin-wait-1-data", "10 bytes at RCV.NXT, acknowledging the greeting but not the FIN"),
    ("fin-wait-1-fin", "a FIN at RCV.NXT, acknowledging the greeting but not the server's FIN (a simultaneous close)"),
    ("fin-wait-1-rst", "RST at RCV.NXT"),
    ("fin-wait-2-data", "10 bytes at RCV.NXT"),
    ("fin-wait-2-ack", "a bare ACK at RCV.NXT"),
    ("fin-wait-2-rst", "RST at RCV.NXT"),
    ("fin-wait-2-data-past-window", "10 bytes past the right edge of the window"),
    # The server half-closes (port 47703: its greeting, shutdown(SHUT_WR), then it reads until the end); the script
    # acknowledges the greeting and the FIN, so that the server is in FIN-WAIT-2 with its socket open for reading.
    ("half-closed-data", "10 bytes at RCV.NXT"),
    ("half-closed-rst", "RST at RCV.NXT"),
    # The script closes first: its FIN, acknowledged; the server (port 47704) waits 2 seconds after reading the end
    # before it closes, so that it holds CLOSE-WAIT.
    ("close-wait-data", "10 bytes after the script's FIN"),
    ("close-wait-fin-again", "the FIN again"),
    ("close-wait-rst", "RST at RCV.NXT"),
    ("close-wait-ack", "a bare ACK at RCV.NXT"),
    # The script closes first and the server closes at once (port 47701); its FIN is not acknowledged, so that it
    # holds LAST-ACK.
    ("last-ack-data", "10 bytes after the script's FIN"),
    ("last-ack-ack", "the ACK of the server's FIN"),
    ("last-ack-rst", "RST at RCV.NXT"),
    # Both close at once: the server with close() (port 47702), the script with a FIN that does not acknowledge the
    # server's, so that the server holds CLOSING.
    ("closing-ack", "the ACK of the server's FIN"),
    ("closing-data", "10 bytes after the script's FIN, not acknowledging the server's"),
    ("closing-rst", "RST at RCV.NXT"),
]

# Scenarios whose probe comes before the third ACK, with Linux as the client, and in TIME-WAIT.
HANDSHAKE = {name for name, _ in SCENARIOS if name.startswith("syn-received-")}
ACTIVE = {name for name, _ in SCENARIOS if name.startswith("syn-sent-")}
TIME_WAIT = {name for name, _ in SCENARIOS if name.startswith("time-wait-")}
LISTEN = {name for name, _ in SCENARIOS if name.startswith("listen-")}
# Scenarios in the closing states, by how the connection gets there.
FIN_WAIT_1 = {name for name, _ in SCENARIOS if name.startswith("fin-wait-1-")}
FIN_WAIT_2 = {name for name, _ in SCENARIOS if name.startswith("fin-wait-2-")}
HALF_CLOSED = {name for name, _ in SCENARIOS if name.startswith("half-closed-")}
CLOSE_WAIT = {name for name, _ in SCENARIOS if name.startswith("close-wait-")}
LAST_ACK = {name for name, _ in SCENARIOS if name.startswith("last-ack-")}
CLOSING = {name for name, _ in SCENARIOS if name.startswith("closing-")}
TIME_WAIT_PORT_OFFSET = 1   # the closing server listens on PORT + 1
HALF_CLOSE_PORT_OFFSET = 2  # the half-closing server on PORT + 2
LINGER_PORT_OFFSET = 3      # the server that holds CLOSE-WAIT on PORT + 3

CLIENT_PORT_BASE = 42000


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


class Connection:
    """One client connection driven by hand: the client's SND.NXT and the server's last segment."""

    def __init__(self, sock, client_mac, server_mac, client_ip, server_ip, port, server_port):
        self.sock, self.port, self.server_port = sock, port, server_port
        self.client_mac, self.server_mac = client_mac, server_mac
        self.client_ip, self.server_ip = socket.inet_aton(client_ip), socket.inet_aton(server_ip)
        self.iss = (0x5A000000 + port * 0x10001) & 0xFFFFFFFF
        self.snd_nxt = self.iss
        self.rcv_nxt = 0
        self.server_iss = 0
        self.tsval = 1000 + port
        self.ts_recent = 0
        self.window = 0          # the server's last window, scaled
        self.server_scale = 0
        self.sent = 0            # client segments sent on this connection
        self.ip_id = port & 0xFFFF
        self.urgent = 0          # the urgent pointer of the next segment

    def frame(self, seq, ack, flags, payload=b"", options=None, tsval=None):
        if options is None:
            value = self.tsval if tsval is None else tsval
            options = b"\x01\x01\x08\x0a" + struct.pack("!II", value & 0xFFFFFFFF, self.ts_recent)
        offset = (20 + len(options)) // 4
        header = struct.pack("!HHIIBBHHH", self.port, self.server_port, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                             offset << 4, flags, 1024, 0, self.urgent) + options
        pseudo = self.client_ip + self.server_ip + struct.pack("!BBH", 0, 6, len(header) + len(payload))
        tcp_sum = checksum(pseudo + header + payload)
        header = header[:16] + struct.pack("!H", tcp_sum) + header[18:]
        self.ip_id = (self.ip_id + 1) & 0xFFFF
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(header) + len(payload), self.ip_id, 0x4000, 64, 6, 0,
                         self.client_ip, self.server_ip)
        ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
        return self.server_mac + self.client_mac + b"\x08\x00" + ip + header + payload

    def send(self, seq, ack, flags, payload=b"", options=None, tsval=None):
        self.sock.send(self.frame(seq, ack, flags, payload, options, tsval))
        self.sent += 1
        self.tsval += 1

    def receive(self, seconds, until=None):
        """The server's segments of this connection that arrive within `seconds`, parsed, in order; with `until`,
        only until a segment for which it is true."""
        segments = []
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return segments
            self.sock.settimeout(left)
            try:
                frame = self.sock.recv(65535)
            except socket.timeout:
                return segments
            if len(frame) < 54 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
                continue
            ihl = (frame[14] & 0x0F) * 4
            tcp = frame[14 + ihl:]
            total = struct.unpack("!H", frame[16:18])[0]
            source, destination = struct.unpack("!HH", tcp[:4])
            if frame[26:30] != self.server_ip or destination != self.port:
                continue
            if self.server_port == 0:
                self.server_port = source   # Linux as the client: its SYN names its port
            elif source != self.server_port:
                continue
            seq, ack = struct.unpack("!II", tcp[4:12])
            offset = (tcp[12] >> 4) * 4
            flags = tcp[13]
            window = struct.unpack("!H", tcp[14:16])[0]
            options = tcp[20:offset]
            segment = {"seq": seq, "ack": ack, "flags": flags, "window": window,
                       "length": total - ihl - offset, "tsval": None, "wscale": None}
            i = 0
            while i < len(options):
                kind = options[i]
                if kind == 0:
                    break
                if kind == 1:
                    i += 1
                    continue
                length = options[i + 1]
                if kind == 8:
                    segment["tsval"] = struct.unpack("!I", options[i + 2:i + 6])[0]
                if kind == 3:
                    segment["wscale"] = options[i + 2]
                i += max(length, 2)
            self.note(segment)
            segments.append(segment)
            if until is not None and until(segment):
                return segments

    def note(self, segment):
        if segment["tsval"] is not None:
            self.ts_recent = segment["tsval"]
        if segment["flags"] & 0x02:
            self.synack_tsval = segment["tsval"]
            self.server_iss = segment["seq"]
            self.rcv_nxt = segment["seq"] + 1
            self.server_scale = segment["wscale"] or 0
            self.window = segment["window"]
        else:
            end = segment["seq"] + segment["length"]
            if end - self.rcv_nxt & 0x80000000 == 0:
                self.rcv_nxt = end & 0xFFFFFFFF
            self.window = segment["window"] << self.server_scale
        if segment["flags"] & 0x10:
            self.acked = segment["ack"]

    def timestamps_option(self, echo=None, tsval=None):
        value = self.tsval if tsval is None else tsval
        return b"\x01\x01\x08\x0a" + struct.pack(
            "!II", value & 0xFFFFFFFF, (self.ts_recent if echo is None else echo) & 0xFFFFFFFF)

    def syn_options(self, echo=None, tsval=None):
        """MSS 1460, SACK-permitted, timestamps (TSecr: the peer's last TSval unless `echo`), window scale 7."""
        value = self.tsval if tsval is None else tsval
        return (b"\x02\x04\x05\xb4\x04\x02\x08\x0a"
                + struct.pack("!II", value & 0xFFFFFFFF, (self.ts_recent if echo is None else echo) & 0xFFFFFFFF)
                + b"\x01\x03\x03\x07")

    def await_syn(self, seconds):
        """Linux as the client: waits for its SYN (to this port) and keeps its ISN and TSval."""
        answers = self.receive(seconds, until=lambda segment: segment["flags"] & 0x12 == 0x02)
        if not any(a["flags"] & 0x12 == 0x02 for a in answers):
            raise SystemExit("port %d: no SYN from the client" % self.port)
        self.snd_nxt = (self.iss + 1) & 0xFFFFFFFF

    def open_to_time_wait(self):
        """A handshake with a server that sends its greeting and closes at once; the script acknowledges both and
        sends its own FIN, whose acknowledgment leaves the server in TIME-WAIT."""
        self.start()
        self.send(self.snd_nxt, self.rcv_nxt, 0x10)
        deadline = time.monotonic() + 1.0
        fin = None
        while fin is None and time.monotonic() < deadline:
            for segment in self.receive(0.05):
                if segment["flags"] & 0x01:
                    fin = segment
        if fin is None:
            raise SystemExit("port %d: the server did not close" % self.port)
        self.rcv_nxt = (fin["seq"] + fin["length"] + 1) & 0xFFFFFFFF
        self.send(self.snd_nxt, self.rcv_nxt, 0x11)
        self.snd_nxt = (self.snd_nxt + 1) & 0xFFFFFFFF
        self.receive(0.3)

    def server_fin(self, seconds=1.0):
        """Waits for the server's FIN; returns its sequence number (the FIN's own, after any data it carries)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for segment in self.receive(0.05):
                if segment["flags"] & 0x01:
                    return (segment["seq"] + segment["length"]) & 0xFFFFFFFF
        raise SystemExit("port %d: the server did not close" % self.port)

    def open_to_server_close(self, acknowledge_fin):
        """A handshake with a server that sends its greeting and closes (or half-closes) at once; the script
        acknowledges the greeting and, with `acknowledge_fin`, the FIN: the server is then in FIN-WAIT-2, else in
        FIN-WAIT-1."""
        self.start()
        self.send(self.snd_nxt, self.rcv_nxt, 0x10)
        fin = self.server_fin()
        self.rcv_nxt = (fin + 1) & 0xFFFFFFFF if acknowledge_fin else fin
        self.send(self.snd_nxt, self.rcv_nxt, 0x10)
        self.receive(0.3)

    def close_first(self):
        """After `open`: the script's FIN, which the server acknowledges."""
        self.send(self.snd_nxt, self.rcv_nxt, 0x11)
        self.snd_nxt = (self.snd_nxt + 1) & 0xFFFFFFFF
        self.receive(0.3)

    def open_to_last_ack(self):
        """After `open` with a server that closes when it reads the end: the script's FIN, and the server's, not
        acknowledged (LAST-ACK)."""
        self.send(self.snd_nxt, self.rcv_nxt, 0x11)
        self.snd_nxt = (self.snd_nxt + 1) & 0xFFFFFFFF
        fin = self.server_fin()
        self.receive(0.3)
        self.rcv_nxt = fin

    def open_to_closing(self):
        """A server that closes at once, and the script's FIN crossing its FIN: the script acknowledges the greeting
        but not the server's FIN (CLOSING)."""
        self.start()
        self.send(self.snd_nxt, self.rcv_nxt, 0x10)
        fin = self.server_fin()
        self.rcv_nxt = fin
        self.send(self.snd_nxt, fin, 0x11)
        self.snd_nxt = (self.snd_nxt + 1) & 0xFFFFFFFF
        self.receive(0.3)
        self.rcv_nxt = fin

    def syn(self, sequence=None):
        mss_sack_ts_ws = (b"\x02\x04\x05\xb4\x04\x02\x08\x0a" + struct.pack("!II", self.tsval, 0)
                          + b"\x01\x03\x03\x07")
        self.send(self.iss if sequence is None else sequence, 0, 0x02, options=mss_sack_ts_ws)

    def start(self):
        """The SYN and the server's SYN-ACK: the server holds a SYN-RECEIVED request."""
        self.syn()
        self.snd_nxt += 1
        answers = self.receive(1.0, until=lambda segment: segment["flags"] & 0x12 == 0x12)
        if not any(a["flags"] & 0x12 == 0x12 for a in answers):
            raise SystemExit("port %d: no SYN-ACK" % self.port)

    def open(self):
        self.start()
        self.send(self.snd_nxt, self.rcv_nxt, 0x10)
        # The greeting.
        deadline = time.monotonic() + 1.0
        while self.rcv_nxt != (self.server_iss + 101) & 0xFFFFFFFF and time.monotonic() < deadline:
            self.receive(0.05, until=lambda segment: segment["length"] > 0)
        if self.rcv_nxt != (self.server_iss + 101) & 0xFFFFFFFF:
            raise SystemExit("port %d: no greeting" % self.port)
        self.data(b"A" * 10)
        self.receive(0.3)

    def data(self, payload, flags=0x18):
        self.send(self.snd_nxt, self.rcv_nxt, flags, payload)
        self.snd_nxt = (self.snd_nxt + len(payload)) & 0xFFFFFFFF


def probe(c, name):
    """Sends the scenario's probe; returns its number among the connection's client segments."""
    nxt, ack, window = c.snd_nxt, c.rcv_nxt, max(c.window, 1)
    ten = b"P" * 10
    if name == "in-order-data":
        c.data(ten)
    elif name == "old-data":
        c.send(nxt - 10, ack, 0x18, b"A" * 10)
    elif name == "overlapping-data":
        c.send(nxt - 5, ack, 0x18, ten)
    elif name == "out-of-order-data":
        c.send(nxt + 100, ack, 0x18, ten)
    elif name == "data-past-window":
        c.send(nxt + window + 1000, ack, 0x18, ten)
    elif name == "data-across-right-edge":
        c.send(nxt + window - 5, ack, 0x18, ten)
    elif name == "data-without-ack":
        c.send(nxt, 0, 0x08, ten)
    elif name == "data-without-timestamps":
        c.send(nxt, ack, 0x18, ten, options=b"")
    elif name == "data-old-tsval":
        c.send(nxt, ack, 0x18, ten, tsval=c.tsval - 100000)
    elif name == "ack-of-unsent-data":
        c.send(nxt, ack + 1000, 0x10)
    elif name == "ack-too-old":
        c.send(nxt, ack - 0x20000000, 0x10)
    elif name == "ack-data-of-unsent":
        c.send(nxt, ack + 1000, 0x18, ten)
    elif name == "rst-exact":
        c.send(nxt, 0, 0x04)
    elif name == "rst-ack-exact":
        c.send(nxt, ack, 0x14)
    elif name == "rst-in-window":
        c.send(nxt + 100, 0, 0x04)
    elif name == "rst-past-window":
        c.send(nxt + window + 1000, 0, 0x04)
    elif name == "rst-old-tsval":
        c.send(nxt, 0, 0x04, tsval=c.tsval - 100000)
    elif name == "syn-in-window":
        c.send(nxt + 10, 0, 0x02)
    elif name == "syn-below-window":
        c.send(nxt - 100000, 0, 0x02)
    elif name == "fin-in-order":
        c.send(nxt, ack, 0x11)
    elif name == "fin-past-window":
        c.send(nxt + window + 1000, ack, 0x11)
    elif name == "fin-out-of-order":
        c.send(nxt + 100, ack, 0x11)
    elif name == "keepalive":
        c.send(nxt - 1, ack, 0x10)
    elif name == "keepalive-with-byte":
        c.send(nxt - 1, ack, 0x10, b"A")
    elif name == "data-old-ack":
        c.send(nxt, ack - 50, 0x18, ten)
        c.snd_nxt = (nxt + 10) & 0xFFFFFFFF
    elif name == "data-sack-past-sent":
        sack = b"\x01\x01\x05\x0a" + struct.pack("!II", (ack + 1000) & 0xFFFFFFFF, (ack + 2000) & 0xFFFFFFFF)
        timestamps = b"\x01\x01\x08\x0a" + struct.pack("!II", c.tsval, c.ts_recent)
        c.send(nxt, ack, 0x18, ten, options=timestamps + sack)
    elif name == "data-urgent":
        c.urgent = 5
        c.send(nxt, ack, 0x38, ten)
        c.urgent = 0
    elif name == "syn-ack-in-window":
        c.send(nxt + 10, ack, 0x12)
    elif name == "rst-ack-exact-unsent-ack":
        c.send(nxt, ack + 5000, 0x14)
    elif name == "rst-after-fin":
        c.send(nxt, ack, 0x11)
        c.receive(0.3)
        c.send(nxt, 0, 0x04)
    elif name == "rst-at-sack-edge":
        c.send(nxt + 100, ack, 0x18, ten)
        c.receive(0.3)
        c.send(nxt + 110, 0, 0x04)
    elif name == "data-tsval-one-older":
        c.send(nxt, ack, 0x18, ten, tsval=c.tsval - 2)
    elif name == "data-tsval-two-older":
        c.send(nxt, ack, 0x18, ten, tsval=c.tsval - 3)
    elif name == "syn-received-ack-wrong":
        c.send(nxt, ack + 1000, 0x10)
    elif name == "syn-received-rst-exact":
        c.send(nxt, 0, 0x04)
    elif name == "syn-received-rst-in-window":
        c.send(nxt + 100, 0, 0x04)
    elif name == "syn-received-syn-again":
        c.syn()
    elif name == "syn-received-syn-new-isn":
        c.syn(c.iss + 100)
    elif name == "syn-received-syn-new-isn-below":
        c.syn(c.iss - 100000)
    elif name == "syn-received-syn-new-isn-old-tsval":
        c.send(c.iss + 100, 0, 0x02, options=c.syn_options(echo=0, tsval=c.tsval - 100000))
    elif name == "syn-received-syn-new-isn-past-window":
        c.syn(c.iss + 1 + window + 1000)
    elif name == "syn-received-data-without-ack":
        c.send(nxt, 0, 0x08, ten)
    elif name == "syn-sent-rst-ack":
        c.send(0, ack, 0x14)
    elif name == "syn-sent-rst-ack-wrong":
        c.send(0, ack + 1000, 0x14)
    elif name == "syn-sent-rst-ack-bad-tsecr":
        c.send(0, ack, 0x14, options=c.timestamps_option(echo=c.ts_recent - 100000))
    elif name == "syn-sent-rst":
        c.send(0, 0, 0x04)
    elif name == "syn-sent-syn-ack-wrong":
        c.send(c.iss, ack + 1000, 0x12, options=c.syn_options())
    elif name == "syn-sent-syn-ack-bad-tsecr":
        c.send(c.iss, ack, 0x12, options=c.syn_options(echo=c.ts_recent - 100000))
    elif name == "syn-sent-syn-ack-with-data":
        c.send(c.iss, ack, 0x12, ten, options=c.syn_options())
    elif name == "syn-sent-syn":
        c.send(c.iss, 0, 0x02, options=c.syn_options(echo=0))
    elif name == "syn-sent-fast-open-syn-ack-with-data":
        c.send(c.iss, ack, 0x12, ten, options=c.syn_options())
    elif name == "syn-sent-fast-open-syn-ack-with-data-fin":
        c.send(c.iss, ack, 0x13, ten, options=c.syn_options())
    elif name == "syn-sent-ack":
        c.send(c.iss + 1, ack, 0x10)
    elif name == "syn-sent-ack-wrong":
        c.send(c.iss + 1, ack + 1000, 0x10)
    elif name == "time-wait-syn-higher-isn":
        c.send(nxt + 100000, 0, 0x02, options=c.syn_options(echo=0))
    elif name == "time-wait-syn-lower-isn-older-tsval":
        c.send(nxt - 100000, 0, 0x02, options=c.syn_options(echo=0, tsval=c.tsval - 100000))
    elif name == "time-wait-syn-lower-isn-newer-tsval":
        c.send(nxt - 100000, 0, 0x02, options=c.syn_options(echo=0))
    elif name == "time-wait-rst":
        c.send(nxt, 0, 0x04)
    elif name == "time-wait-data":
        c.send(nxt, ack, 0x18, ten)
    elif name == "time-wait-fin-again":
        c.send(nxt - 1, ack, 0x11)
    elif name == "time-wait-rst-in-window":
        c.send(nxt + 100, 0, 0x04)
    elif name == "time-wait-ack-in-window":
        c.send(nxt + 100, ack, 0x10)
    elif name == "time-wait-ack-below":
        c.send(nxt - 1, ack, 0x10)
    elif name == "time-wait-ack-unsent":
        c.send(nxt, ack + 1000, 0x10)
    elif name == "time-wait-data-without-ack":
        c.send(nxt, 0, 0x08, ten)
    elif name == "listen-syn-with-data":
        c.send(c.iss, 0, 0x02, ten, options=c.syn_options(echo=0))
    elif name == "listen-syn-with-data-cookie-request":
        c.send(c.iss, 0, 0x02, ten, options=c.syn_options(echo=0) + b"\x22\x02\x01\x01")
    elif name == "listen-syn-fin":
        c.send(c.iss, 0, 0x03, options=c.syn_options(echo=0))
    elif name == "listen-ack":
        c.send(c.iss + 1, 0x12345678, 0x10)
    elif name == "listen-rst":
        c.send(c.iss + 1, 0, 0x04)
    elif name == "listen-syn-ack":
        c.send(c.iss, 0x12345678, 0x12, options=c.syn_options(echo=0))
    elif name == "listen-fin-ack":
        c.send(c.iss + 1, 0x12345678, 0x11)
    elif name == "fin-wait-1-data":
        c.send(nxt, ack, 0x18, ten)
    elif name == "fin-wait-1-fin":
        c.send(nxt, ack, 0x11)
        c.snd_nxt = (nxt + 1) & 0xFFFFFFFF
    elif name in ("fin-wait-1-rst", "fin-wait-2-rst", "half-closed-rst", "close-wait-rst", "last-ack-rst",
                  "closing-rst"):
        c.send(nxt, 0, 0x04)
    elif name in ("fin-wait-2-data", "half-closed-data"):
        c.data(ten)
    elif name in ("fin-wait-2-ack", "close-wait-ack"):
        c.send(nxt, ack, 0x10)
    elif name == "fin-wait-2-data-past-window":
        c.send(nxt + window + 1000, ack, 0x18, ten)
    elif name in ("close-wait-data", "last-ack-data", "closing-data"):
        c.send(nxt, ack, 0x18, ten)
    elif name == "close-wait-fin-again":
        c.send(nxt - 1, ack, 0x11)
    elif name in ("last-ack-ack", "closing-ack"):
        c.send(nxt, ack + 1, 0x10)
        c.rcv_nxt = (ack + 1) & 0xFFFFFFFF
    else:
        raise SystemExit("unknown scenario " + name)
    return c.sent


def client(interface, client_ip, server_ip, server_mac, port, tsv, trigger):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
    sock.bind((interface, 0))
    client_mac = sock.getsockname()[4]
    server_mac = bytes.fromhex(server_mac.replace(":", ""))
    rows = []
    for number, (name, _) in enumerate(SCENARIOS):
        server_port = int(port)
        if name in TIME_WAIT or name in FIN_WAIT_1 or name in FIN_WAIT_2 or name in CLOSING:
            server_port += TIME_WAIT_PORT_OFFSET
        elif name in HALF_CLOSED:
            server_port += HALF_CLOSE_PORT_OFFSET
        elif name in CLOSE_WAIT:
            server_port += LINGER_PORT_OFFSET
        if name in ACTIVE:
            server_port = 0
        c = Connection(sock, client_mac, server_mac, client_ip, server_ip, CLIENT_PORT_BASE + number, server_port)
        if name in HANDSHAKE:
            c.start()
        elif name in ACTIVE:
            # The connector (record-oracle.py connect) waits for this file, then connects to the port.
            kind = "fastopen" if "fast-open" in name else "connect"
            open(os.path.join(trigger, "%s-%d" % (kind, c.port)), "w").close()
            c.await_syn(5.0)
        elif name in TIME_WAIT:
            c.open_to_time_wait()
        elif name in LISTEN:
            pass
        elif name in FIN_WAIT_1:
            c.open_to_server_close(acknowledge_fin=False)
        elif name in FIN_WAIT_2 or name in HALF_CLOSED:
            c.open_to_server_close(acknowledge_fin=True)
        elif name in CLOSING:
            c.open_to_closing()
        else:
            c.open()
            if name in CLOSE_WAIT:
                c.close_first()
            elif name in LAST_ACK:
                c.open_to_last_ack()
        probe_number = probe(c, name)
        c.receive(0.3)
        # The follow-up: before the handshake's end, the third ACK; to Linux as the client, the right SYN-ACK; in
        # TIME-WAIT, the FIN again; otherwise data at what the server's last acknowledgment asks for.
        if name in HANDSHAKE or name in LISTEN:
            # TSecr: the SYN-ACK's TSval, which Linux checks (tcp_check_req), whatever Linux sent since.
            synack_tsval = getattr(c, "synack_tsval", None)
            echo = c.timestamps_option(echo=synack_tsval) if synack_tsval is not None else None
            c.send(c.iss + 1, c.server_iss + 1, 0x18, b"F" * 10, options=echo)
        elif name in ACTIVE:
            c.send(c.iss, c.server_iss + 1, 0x12, options=c.syn_options())
        elif name in TIME_WAIT:
            c.send(c.snd_nxt - 1, c.rcv_nxt, 0x11)
        else:
            c.send(getattr(c, "acked", c.snd_nxt), c.rcv_nxt, 0x18, b"F" * 10)
        c.receive(0.3)
        if name in ACTIVE:
            c.send(c.iss + 1, 0, 0x04)
        elif name in LISTEN:
            c.send(getattr(c, "acked", c.iss + 1), 0, 0x04)
        elif name not in TIME_WAIT:
            c.send(getattr(c, "acked", c.snd_nxt), 0, 0x04)
        rows.append("%s\t%d\t%d" % (name, c.port, probe_number))
    with open(tsv, "w") as out:
        out.write("# scenario\tclient port\tprobe (the client's n-th segment of the connection)\n")
        out.write("\n".join(rows) + "\n")


# conntrack's reasons (nf_conntrack_proto_tcp.c, as the kernel log words them) for the four window bounds, by the
# names TCPWindowCheck gives them; any other reason (the state table's, the flags') is written as logged.
CONNTRACK_BOUNDS = [
    ("bytes more than expected", "bytes-more-than-expected"),
    ("SEQ is over upper bound", "seq-over-upper-bound"),
    ("SEQ is under lower bound", "seq-under-lower-bound"),
    ("ACK is over upper bound", "ack-over-upper-bound"),
    ("ACK under lower bound", "ack-under-lower-bound"),
    ("ACK is under the lower bound", "ack-under-lower-bound"),
]


def conntrack_log(lines, out):
    """The router's log of the segments connection tracking found INVALID or ignored (nf_conntrack_log_invalid):
    a row each, in order, with what names the segment (source port, destination port, sequence and acknowledgment
    numbers, IP identification and total length) and conntrack's reason."""
    import re
    pattern = re.compile(r"nf_ct_proto_6: (?P<reason>.*?) IN=\S* OUT=\S* .*?LEN=(?P<length>\d+) .*?ID=(?P<id>\d+) "
                         r".*?SPT=(?P<sport>\d+) DPT=(?P<dport>\d+) SEQ=(?P<seq>\d+) ACK=(?P<ack>\d+) "
                         r"(?:.*OPT \((?P<options>[0-9A-F]*)\))?")
    out.write("# source port\tdestination port\tseq\tack\tIP id\tIP length\tTSval\treason\n")
    for line in lines:
        if "nf_ct_proto_6: " not in line:
            continue
        match = pattern.search(line)
        if match is None:
            sys.exit(f"conntrack-log: a conntrack line this cannot read: {line.strip()}")
        # The timestamps option's TSval ("-" without one): what tells a segment from an earlier one with the same
        # numbers (a duplicate acknowledgment).
        options = bytes.fromhex(match["options"] or "")
        tsval = "-"
        i = 0
        while i < len(options) and options[i] != 0:
            if options[i] == 1:
                i += 1
                continue
            if i + 1 >= len(options) or options[i + 1] < 2:
                break
            if options[i] == 8 and options[i + 1] == 10 and i + 10 <= len(options):
                tsval = str(struct.unpack("!I", options[i + 2:i + 6])[0])
            i += options[i + 1]
        reason = match["reason"].strip()
        for words, name in CONNTRACK_BOUNDS:
            if words in reason:
                reason = name
                break
        out.write("\t".join([match["sport"], match["dport"], match["seq"], match["ack"], match["id"],
                              match["length"], tsval, reason]) + "\n")


def server(host, port):
    """The four listeners (see the top of this file), each connection served on a thread of its own."""

    def reading(half_close=False, linger=0.0):
        """A server that sends its greeting, half-closes with `half_close`, reads until the end, then waits `linger`
        seconds and closes."""
        def serve_one(connection):
            try:
                connection.sendall(b"G" * 100)
                if half_close:
                    connection.shutdown(socket.SHUT_WR)
                while connection.recv(65536):
                    pass
                time.sleep(linger)
            except OSError:
                pass
            connection.close()
        return serve_one

    def close_first(connection):
        connection.sendall(b"G" * 100)
        connection.close()

    def accept_on(offset, serve_one):
        listening = socket.socket()
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, int(port) + offset))
        listening.listen(64)

        def loop():
            while True:
                connection, _ = listening.accept()
                threading.Thread(target=serve_one, args=(connection,), daemon=True).start()

        threading.Thread(target=loop, daemon=True).start()

    accept_on(0, reading())
    accept_on(TIME_WAIT_PORT_OFFSET, close_first)
    accept_on(HALF_CLOSE_PORT_OFFSET, reading(half_close=True))
    accept_on(LINGER_PORT_OFFSET, reading(linger=2.0))
    while True:
        time.sleep(3600)


def connector(host, trigger):
    """Linux as the client: connects to each port whose file connect-PORT appears in `trigger`, keeps the socket
    for 3 seconds, then drops it."""
    done = set()

    def attempt(port, fast_open):
        s = socket.socket()
        s.settimeout(3.0)
        try:
            if fast_open:
                # No cookie yet: the SYN asks for one, and the 5 bytes wait for the handshake. Blocking: with a
                # timeout the call would return at once (EINPROGRESS) and the socket be closed under the probe.
                s.settimeout(None)
                s.sendto(b"hello", socket.MSG_FASTOPEN, (host, port))
            else:
                s.connect((host, port))
            time.sleep(3.0)
        except OSError:
            pass
        s.close()

    while True:
        for name in os.listdir(trigger):
            if name not in done and (name.startswith("connect-") or name.startswith("fastopen-")):
                done.add(name)
                kind, port = name.split("-")
                threading.Thread(target=attempt, args=(int(port), kind == "fastopen"), daemon=True).start()
        time.sleep(0.01)


if __name__ == "__main__":
    if sys.argv[1] == "conntrack-log":
        conntrack_log(sys.stdin, sys.stdout)
    elif sys.argv[1] == "server":
        server(*sys.argv[2:4])
    elif sys.argv[1] == "connect":
        connector(*sys.argv[2:4])
    else:
        client(*sys.argv[2:9])
