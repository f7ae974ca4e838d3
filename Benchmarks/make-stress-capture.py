#!/usr/bin/env python3
"""Write the stress captures that bound tcp-inspect's memory and time (Ethernet/IPv4 pcap, right checksums).

    make-stress-capture.py syn-flood N OUT.pcap      N SYNs, each from its own address and port
    make-stress-capture.py connections N OUT.pcap    N complete connections one after another (handshake, one
                                                     request and answer, FIN each way: 8 frames each)
    make-stress-capture.py empty N OUT.pcap          N records of zero captured bytes
    make-stress-capture.py one-connection N OUT.pcap one connection of N frames (handshake, then data and
                                                     acknowledgments alternating)
    make-stress-capture.py few-clients N OUT.pcap [BYTES]
                                                     N connections from 16 client addresses to one server, with
                                                     BYTES (default 2048) of data each way in 1448-byte segments
    make-stress-capture.py many-clients N OUT.pcap [BYTES]
                                                     the same from N client addresses, one connection each

Timestamps advance by 10 microseconds per frame. The captures are written under the path given, never in the
repository.
"""
import struct
import sys

ETHERNET = bytes.fromhex("020000000002" "020000000001" "0800")
RECORD = struct.Struct("<IIII")
IP = struct.Struct(">BBHHHBBH4s4s")
TCP = struct.Struct(">HHIIBBHHH")


def fold(total):
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def segment(source, destination, sport, dport, seq, ack, flags, payload=b"", options=b""):
    offset = (20 + len(options)) // 4
    header = TCP.pack(sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, offset << 4, flags, 64240, 0, 0) + options
    body = header + payload
    length = len(body)
    total = (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + 6 + length
    padded = body + (b"\0" if length % 2 else b"")
    total += sum(struct.unpack(">%dH" % (len(padded) // 2), padded))
    checksum = ~fold(total) & 0xFFFF
    body = body[:16] + struct.pack(">H", checksum) + body[18:]
    ip = IP.pack(0x45, 0, 20 + length, 0, 0x4000, 64, 6, 0, source.to_bytes(4, "big"), destination.to_bytes(4, "big"))
    return ETHERNET + ip + body


class Writer:
    def __init__(self, path):
        self.out = open(path, "wb", buffering=1 << 22)
        self.out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        self.micro = 0

    def frame(self, data):
        self.micro += 10
        self.out.write(RECORD.pack(1_700_000_000 + self.micro // 1_000_000, self.micro % 1_000_000,
                                   len(data), len(data)))
        self.out.write(data)


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01
SYN_OPTIONS = bytes.fromhex("020405b4" "0402" "080a00000001" "00000000" "01" "030307")


def timestamps(value, echo):
    """NOP, NOP, timestamps: every segment after the SYNs carries them once they are negotiated (RFC 7323)."""
    return bytes([1, 1, 8, 10]) + struct.pack(">II", value & 0xFFFFFFFF, echo & 0xFFFFFFFF)


def connection(writer, client, server, cport, sport, request, answer, mss=1448):
    isn_c, isn_s = (cport * 7919) & 0xFFFFFFFF, (cport * 104729) & 0xFFFFFFFF
    w = writer.frame
    tick = writer.micro // 1000
    syn_c = SYN_OPTIONS[:8] + struct.pack(">I", tick) + SYN_OPTIONS[12:]
    syn_s = SYN_OPTIONS[:8] + struct.pack(">II", tick + 7, tick) + SYN_OPTIONS[16:]
    w(segment(client, server, cport, sport, isn_c, 0, SYN, options=syn_c))
    w(segment(server, client, sport, cport, isn_s, isn_c + 1, SYN | ACK, options=syn_s))
    c, s = isn_c + 1, isn_s + 1
    tc, ts = timestamps(tick + 1, tick + 7), timestamps(tick + 8, tick + 1)
    w(segment(client, server, cport, sport, c, s, ACK, options=tc))
    for start in range(0, len(request), mss):
        piece = request[start:start + mss]
        w(segment(client, server, cport, sport, c, s, ACK | PSH, piece, tc))
        c += len(piece)
    for start in range(0, len(answer), mss):
        piece = answer[start:start + mss]
        w(segment(server, client, sport, cport, s, c, ACK | PSH, piece, ts))
        s += len(piece)
    w(segment(client, server, cport, sport, c, s, FIN | ACK, options=tc))
    w(segment(server, client, sport, cport, s, c + 1, FIN | ACK, options=ts))
    w(segment(client, server, cport, sport, c + 1, s + 1, ACK, options=tc))


def main():
    kind, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    writer = Writer(path)
    server = 0xC6336402
    if kind == "syn-flood":
        for index in range(count):
            client = 0x0A000000 | (index >> 16)
            writer.frame(segment(client, server, 1024 + (index & 0xFFFF) % 64000, 80, index * 2654435761, 0, SYN))
    elif kind == "connections":
        for index in range(count):
            client = 0x0A000000 | (index >> 14)
            connection(writer, client, server, 1024 + index % 16384, 80, b"G" * 40, b"H" * 200)
    elif kind == "empty":
        header = RECORD.pack(1_700_000_000, 0, 0, 0)
        for index in range(count):
            writer.out.write(header)
    elif kind == "one-connection":
        client = 0xC0000201
        connection_frames = count
        writer.frame(segment(client, server, 40000, 80, 1, 0, SYN, options=SYN_OPTIONS))
        writer.frame(segment(server, client, 80, 40000, 9, 2, SYN | ACK, options=SYN_OPTIONS))
        c, s = 2, 10
        writer.frame(segment(client, server, 40000, 80, c, s, ACK, options=timestamps(2, 1)))
        for index in range((connection_frames - 3) // 2):
            writer.frame(segment(client, server, 40000, 80, c, s, ACK | PSH, b"x" * 100, timestamps(3 + index, 2)))
            c += 100
            writer.frame(segment(server, client, 80, 40000, s, c, ACK, options=timestamps(3 + index, 3 + index)))
    elif kind in ("few-clients", "many-clients"):
        body = b"d" * (int(sys.argv[4]) if len(sys.argv) > 4 else 2048)
        for index in range(count):
            client = 0x0A000001 + (index % 16 if kind == "few-clients" else index)
            connection(writer, client, server, 1024 + index % 60000, 443, body, body)
    else:
        sys.exit("unknown kind " + kind)
    writer.out.close()


if __name__ == "__main__":
    main()
