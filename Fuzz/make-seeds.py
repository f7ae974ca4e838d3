#!/usr/bin/env python3
"""Writes the seed inputs of every fuzz target into one directory per target.

    Fuzz/make-seeds.py OUTPUT_DIR CAPTURE...

Seeds are (1) the TCP segments of the given pcap/pcapng captures (Ethernet, Linux cooked, BSD loopback and raw
IP link types; IPv4 and IPv6), cut to MAX_SEGMENT bytes, for the capture target their frames (every link type) each
in a pcap file of its own and the first blocks of each pcapng file, and (2) hand-made edge cases: every option kind at a
valid length, every malformed option length, data offsets 0 to 15, sequence numbers at the wrap, and short
inputs. Each target gets the inputs in the shape its body reads (see Sources/_TCPFuzzSupport). Pack each
directory with `tcp-corpus pack OUTPUT_DIR/TARGET Corpus/TARGET_seed_corpus.zip`, then minimise with
`run.sh --merge`.
"""

import hashlib
import os
import struct
import sys

MAX_SEGMENT = 1024


# ---------------------------------------------------------------------------------------------------------------
# Captures


def read_captures(path):
    """Yields (link type, frame bytes) for every packet of a pcap or pcapng file."""
    with open(path, "rb") as handle:
        data = handle.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        yield from read_pcap(data, "<")
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        yield from read_pcap(data, ">")
    elif magic == b"\x0a\x0d\x0d\x0a":
        yield from read_pcapng(data)


def read_pcap(data, order):
    link_type = struct.unpack(order + "I", data[20:24])[0] & 0x0FFFFFFF
    offset = 24
    while offset + 16 <= len(data):
        included = struct.unpack(order + "I", data[offset + 8:offset + 12])[0]
        frame = data[offset + 16:offset + 16 + included]
        offset += 16 + included
        yield link_type, frame


def read_pcapng(data):
    order = "<"
    link_types = []
    offset = 0
    while offset + 12 <= len(data):
        block_type = struct.unpack(order + "I", data[offset:offset + 4])[0]
        if block_type == 0x0A0D0D0A:
            order = "<" if data[offset + 8:offset + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            link_types = []
        length = struct.unpack(order + "I", data[offset + 4:offset + 8])[0]
        if length < 12:
            return
        body = data[offset + 8:offset + length - 4]
        if block_type == 1:
            link_types.append(struct.unpack(order + "H", body[:2])[0])
        elif block_type == 6 and len(body) >= 20:
            interface, _, _, captured, _ = struct.unpack(order + "IIIII", body[:20])
            if interface < len(link_types):
                yield link_types[interface], body[20:20 + captured]
        elif block_type == 3 and link_types:
            yield link_types[0], body[4:]
        offset += length


def ip_packet(link_type, frame):
    """Returns the IP packet inside a link-layer frame, or None."""
    if link_type == 1:  # Ethernet, with any number of VLAN tags
        offset, ether_type = 14, int.from_bytes(frame[12:14], "big")
        while ether_type in (0x8100, 0x88A8) and len(frame) >= offset + 4:
            ether_type = int.from_bytes(frame[offset + 2:offset + 4], "big")
            offset += 4
        return frame[offset:] if ether_type in (0x0800, 0x86DD) else None
    if link_type == 113:  # Linux cooked v1
        return frame[16:] if int.from_bytes(frame[14:16], "big") in (0x0800, 0x86DD) else None
    if link_type == 0:  # BSD loopback: host-order address family
        return frame[4:]
    if link_type in (12, 14, 101, 228, 229):  # raw IP
        return frame
    return None


def tcp_segment(packet):
    """Returns (source address, destination address, TCP segment) of an IP packet carrying TCP, or None."""
    if not packet:
        return None
    version = packet[0] >> 4
    if version == 4 and len(packet) >= 20:
        header_length = (packet[0] & 0x0F) * 4
        total = int.from_bytes(packet[2:4], "big")
        fragment = int.from_bytes(packet[6:8], "big") & 0x1FFF
        if packet[9] != 6 or fragment != 0 or header_length < 20:
            return None
        end = total if header_length <= total <= len(packet) else len(packet)
        return packet[12:16], packet[16:20], packet[header_length:end]
    if version == 6 and len(packet) >= 40:
        next_header, offset = packet[6], 40
        payload_length = int.from_bytes(packet[4:6], "big")
        while next_header in (0, 43, 60) and len(packet) >= offset + 8:
            next_header = packet[offset]
            offset += (packet[offset + 1] + 1) * 8
        if next_header != 6:
            return None
        end = 40 + payload_length if payload_length and 40 + payload_length <= len(packet) else len(packet)
        return packet[8:24], packet[24:40], packet[offset:end]
    return None


def capture_conversations(paths):
    """Yields, per capture, its TCP segments as (source address, destination address, segment)."""
    for path in paths:
        segments = []
        for link_type, frame in read_captures(path):
            found = tcp_segment(ip_packet(link_type, frame))
            if found and len(found[2]) >= 20:
                segments.append(found)
        if segments:
            yield segments


def capture_segments(paths):
    """Yields (source, destination, segment) for every TCP segment of at least one byte in the captures."""
    for path in paths:
        for link_type, frame in read_captures(path):
            found = tcp_segment(ip_packet(link_type, frame))
            if found and found[2]:
                yield found[0], found[1], found[2][:MAX_SEGMENT]


# ---------------------------------------------------------------------------------------------------------------
# Hand-made headers


CAPTURE_FILE_MODE = 0x01
MAX_CAPTURE_INPUT = 1024
FRAMES_PER_CAPTURE = 24


def pcap_file(link_type, frames):
    """A little-endian microsecond pcap file of the frames, in the capture target's capture-file mode (one mode byte
    first); each frame keeps its length on the wire, however little of it fits."""
    body = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link_type)
    for index, frame in enumerate(frames):
        body += struct.pack("<IIII", 1, index, len(frame), len(frame)) + frame
    return bytes([CAPTURE_FILE_MODE]) + body


def capture_inputs(paths):
    """Yields inputs of the capture target: each frame of the captures (the first FRAMES_PER_CAPTURE of each, every
    link type) alone in a pcap file, cut to fit MAX_CAPTURE_INPUT; the first blocks of each pcapng file; and the two
    fragments of a TCP segment in IPv4 and IPv6, in one file."""
    room = MAX_CAPTURE_INPUT - 1 - 24 - 16
    for path in paths:
        with open(path, "rb") as handle:
            data = handle.read()
        if data[:4] == b"\x0a\x0d\x0d\x0a":
            yield bytes([CAPTURE_FILE_MODE]) + data[:MAX_CAPTURE_INPUT - 1]
        for index, (link_type, frame) in enumerate(read_captures(path)):
            if index == FRAMES_PER_CAPTURE:
                break
            cut = frame[:room]
            body = pcap_file(link_type, [cut])
            # The record's original length stays the frame's: a frame cut here reads as one cut by the snapshot.
            yield body[:1 + 24 + 12] + struct.pack("<I", len(frame)) + body[1 + 24 + 16:]
    segment = header(b"\x02\x04\x05\xb4", payload=b"x" * 40)
    first, second = segment[:24], segment[24:]
    v4 = [
        ipv4_fragment(first, offset=0, more=True),
        ipv4_fragment(second, offset=24, more=False),
    ]
    v6 = [
        ipv6_fragment(first, offset=0, more=True),
        ipv6_fragment(second, offset=24, more=False),
    ]
    yield pcap_file(101, v4)
    yield pcap_file(101, v6)


def ipv4_packet(protocol, payload, source=(192, 0, 2, 1), destination=(192, 0, 2, 2)):
    """An IPv4 packet of `protocol` (no options, checksum 0)."""
    return struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64, protocol, 0,
                       bytes(source), bytes(destination)) + payload


def encapsulated_inputs():
    """Yields inputs of the capture target in capture-file mode for encapsulations built by hand: PPTP's enhanced
    GRE (RFC 2637; the sequence and acknowledgment numbers, a compressed PPP protocol field, an acknowledgment
    without payload) over Ethernet, and a radiotap header and an IEEE 802.11 data frame after a PPI or PKTAP header
    (with the FCS its flags announce), an 802.11 frame right after PKTAP, and an A-MSDU of three subframes."""
    inner = ipv4_packet(6, header(b"\x01\x01\x08\x0a" + bytes(8), flags=0x018, payload=b"hello"))
    ethernet = bytes.fromhex("020000000001020000000002") + b"\x08\x00"
    ppp = b"\xff\x03\x00\x21" + inner
    full = struct.pack(">HHHHII", 0x3081, 0x880B, len(ppp), 0x1234, 7, 3) + ppp
    compressed = struct.pack(">HHHH", 0x2001, 0x880B, 1 + len(inner), 0x4321) + b"\x21" + inner
    acknowledgment = struct.pack(">HHHHI", 0x2081, 0x880B, 0, 0x4321, 9)
    outer = [ethernet + ipv4_packet(47, gre, (203, 0, 113, 1), (203, 0, 113, 2))
             for gre in (full, compressed, acknowledgment)]
    yield pcap_file(1, outer)
    data_frame = bytes.fromhex("08013a01" "020000000001" "020000000002" "020000000003" "1000")
    msdu = bytes.fromhex("aaaa03000000") + b"\x08\x00" + inner
    radiotap = b"\x00\x00" + struct.pack("<HI", 18, 0x803) + b"\x11" * 8 + b"\x10\x01"
    fcs = b"\xee" * 4
    ppi = b"\x00\x00" + struct.pack("<HI", 8, 127)
    yield pcap_file(192, [ppi + radiotap + data_frame + msdu + fcs])
    pktap = struct.pack("<III", 108, 1, 127) + bytes(96)
    pktap_80211 = struct.pack("<III", 108, 1, 105) + bytes(96)
    yield pcap_file(258, [pktap + radiotap + data_frame + msdu + fcs, pktap_80211 + data_frame + msdu])
    # An A-MSDU (QoS data, the A-MSDU bit): three subframes, an IPv4 segment, ARP and the segment again, the first
    # two padded to 4 bytes; after radiotap with the FCS.
    qos_data = bytes.fromhex("88013a01" "020000000001" "020000000002" "020000000003" "1000" "8000")
    arp = bytes.fromhex("aaaa03000000") + b"\x08\x06" + bytes(28)
    subframes = b""
    for index, item in enumerate((msdu, arp, msdu)):
        subframe = bytes.fromhex("020000000001020000000002") + struct.pack(">H", len(item)) + item
        subframes += subframe + (b"" if index == 2 else bytes(-len(subframe) % 4))
    yield pcap_file(127, [radiotap + qos_data + subframes + fcs])


def ipv4_fragment(payload, offset, more):
    """An IPv4 packet (192.0.2.1 -> 192.0.2.2, identification 0x1234) holding a fragment of a TCP segment."""
    flags = (0x2000 if more else 0) | (offset // 8)
    return struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x1234, flags, 64, 6, 0,
                       bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])) + payload


def ipv6_fragment(payload, offset, more):
    """An IPv6 packet (2001:db8::1 -> 2001:db8::2) with a fragment header (identification 0x1234) and the fragment."""
    fragment_header = struct.pack(">BBHI", 6, 0, offset | (1 if more else 0), 0x1234)
    addresses = bytes.fromhex("20010db8000000000000000000000001") + bytes.fromhex("20010db8000000000000000000000002")
    return struct.pack(">IHBB", 0x60000000, 8 + len(payload), 44, 64) + addresses + fragment_header + payload


def header(options=b"", data_offset=None, flags=0x002, seq=0x01020304, ack=0, window=64240,
           payload=b"", ports=(40000, 443), checksum=0, urgent=0):
    """Builds a TCP header; options are zero-padded to a multiple of 4 unless data_offset is given."""
    if data_offset is None:
        options = options + b"\x00" * (-len(options) % 4)
        data_offset = 5 + len(options) // 4
    word = (data_offset & 0x0F) << 12 | (flags & 0x0FFF)
    fixed = struct.pack(">HHIIHHHH", ports[0], ports[1], seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, word, window,
                        checksum, urgent)
    return fixed + options + payload


def option(kind, body):
    return bytes([kind, 2 + len(body)]) + body


def valid_options():
    """One option of every kind the codec reads, at each length its rule allows."""
    yield option(2, b"\x05\xb4")
    yield option(3, b"\x07")
    yield option(3, b"\x0e")
    yield option(3, b"\xff")
    yield option(4, b"")
    for count in range(1, 5):
        yield option(5, b"".join(struct.pack(">II", (0xFFFFFFF0 + 16 * i) & 0xFFFFFFFF, 0x10 + 16 * i) for i in range(count)))
    yield option(8, struct.pack(">II", 0xFFFFFFFF, 0x80000000))
    yield option(19, bytes(range(16)))
    yield option(28, b"\x80\x1e")
    yield option(28, b"\x01\x2c")
    yield option(29, b"\x01\x02")
    yield option(29, b"\x05\x06" + bytes(range(12)))
    # MPTCP (kind 30): subtype in the high nibble of the third byte.
    for body in (b"\x01", b"\x01\x81" + bytes(8), b"\x00\x81" + bytes(16), b"\x01\x81" + bytes(18),
                 b"\x01\x81" + bytes(20)):
        yield option(30, body)  # MP_CAPABLE, lengths 4, 12, 20, 22, 24
    for body in (b"\x10\x01" + bytes(8), b"\x11\x01" + bytes(12), b"\x10\x01" + bytes(20)):
        yield option(30, body)  # MP_JOIN, lengths 12, 16, 24
    for flags in (0x00, 0x01, 0x03, 0x04, 0x05, 0x0F, 0x15, 0x1F):
        length = 4
        if flags & 0x01:
            length += 8 if flags & 0x02 else 4
        if flags & 0x04:
            length += (8 if flags & 0x08 else 4) + 6
        yield option(30, bytes([0x20, flags]) + bytes(length - 4))  # DSS
        if flags & 0x04:
            yield option(30, bytes([0x20, flags]) + bytes(length - 2))  # DSS with checksum
    yield option(30, b"\x30\x01\xc0\x00\x02\x01")  # ADD_ADDR
    yield option(30, b"\x40\x01")  # REMOVE_ADDR
    yield option(30, b"\x50")  # MP_PRIO, length 3
    yield option(30, b"\x50\x01")  # MP_PRIO, length 4
    yield option(30, b"\x60\x00" + bytes(8))  # MP_FAIL
    yield option(30, b"\x70\x00" + bytes(8))  # MP_FASTCLOSE
    yield option(30, b"\x80\x01")  # MP_TCPRST
    yield option(30, b"\xf0")  # MP_EXPERIMENTAL
    yield option(30, b"\x90\x00\x00")  # unassigned subtype
    yield option(34, b"")
    yield option(34, bytes(4))
    yield option(34, bytes(range(16)))
    for kind in (172, 174):
        for count in range(4):
            yield option(kind, bytes(range(1, 1 + 3 * count)))
    yield option(253, b"\x12\x34")
    yield option(254, b"\xf9\x89")
    yield option(254, b"\xf9\x89" + bytes(range(8)))
    yield option(254, b"\xac\xcc\x00\x00\x01")
    yield option(20, b"\x01\x02")  # SCPS capabilities, an unknown kind here
    yield option(99, b"")
    yield option(255, bytes(6))


def malformed_options():
    """Options that break their kind's length rule, or the framing."""
    rules = {2: {4}, 3: {3}, 4: {2}, 5: {10, 18, 26, 34}, 8: {10}, 19: {18}, 28: {4}, 34: {2, 6, 7, 8, 9, 10,
             11, 12, 13, 14, 15, 16, 17, 18}, 172: {2, 5, 8, 11}, 174: {2, 5, 8, 11}}
    for kind, allowed in rules.items():
        for length in range(0, 20):
            if length not in allowed:
                yield bytes([kind, length]) + bytes(max(length - 2, 0))
    for kind in (29, 253, 254):
        for length in (0, 1, 2, 3):
            yield bytes([kind, length]) + bytes(max(length - 2, 0))
    for third in range(0, 256, 16):
        for length in range(2, 26):
            yield bytes([30, length, third]) + bytes(max(length - 3, 0))
    yield bytes([30, 4, 0x20, 0x05])  # DSS whose flags announce more than its length holds
    for kind in (2, 3, 5, 8, 30, 99):
        yield bytes([kind])  # no length byte before the end
        yield bytes([kind, 40])  # runs past the header


def edge_headers():
    """Hand-made TCP headers: option kinds, malformed lengths, data offsets, sequence numbers at the wrap."""
    yield header()
    for item in valid_options():
        yield header(item)
        yield header(b"\x01" + item + b"\x00")
    yield header(b"\x02\x04\x05\xb4\x01\x03\x03\x07\x04\x02\x08\x0a" + bytes(8) + b"\x00\x00\x00")  # Linux SYN
    yield header(b"\x02\x04\x05\xb4\x04\x02\x08\x0a" + bytes(8) + b"\x01\x03\x03\x07", flags=0x012)
    yield header(b"\x01\x01\x05\x22" + bytes(32))  # four SACK blocks: 40 bytes of options
    yield header(b"\x00\xaa\xbb\xcc")  # non-zero padding after EOL
    yield header(b"\x01" * 40)  # the longest NOP run
    for item in malformed_options():
        yield header(item)
        yield header(b"\x01\x01" + item)
    for data_offset in range(16):
        for length in (20, 40, 60):
            body = b"\x01" * (length - 20)
            yield header(body, data_offset=data_offset)
    for value in (0, 1, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF):
        yield header(seq=value, ack=value ^ 0x80000000, flags=0x012)
        yield header(b"\x05\x0a" + struct.pack(">II", value, value + 0x80000000 & 0xFFFFFFFF), seq=value, flags=0x010)
        yield header(seq=value, flags=0x011, payload=b"x")  # FIN with data: sequence length 2
    for flags in (0x000, 0x001, 0x004, 0x014, 0x018, 0x020, 0x030, 0x0C2, 0x0FF, 0x100, 0x1C2, 0xE00, 0xFFF):
        yield header(flags=flags, urgent=0x8000 if flags & 0x020 else 0)
    yield header(payload=bytes(range(256)) * 4)
    for length in range(0, 20):
        yield header()[:length]


# ---------------------------------------------------------------------------------------------------------------
# Target shapes


def roundtrip_recipes():
    """Recipes for RoundTripFuzzTarget.encodeBuilt: shape byte, fields, options, payload."""
    fields = struct.pack(">HHIIHHHH", 443, 40000, 0xFFFFFFFF, 0x7FFFFFFF, 0x0FFF, 0xFFFF, 0x1234, 0x8000)
    for shape in range(32):
        # Typed options: one of each of the sixteen choices in makeOption, with small values.
        typed = bytes([15]) + b"".join(bytes([choice, 4, 0x20, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08])
                                       for choice in range(15))
        raw = bytes([12]) + b"\x02\x04\x05\xb4\x01\x03\x03\x07\x08\x0a\xff\xff"
        yield bytes([shape]) + fields + (raw if shape & 3 == 1 else typed) + b"payload"


def checksum_inputs():
    for length in list(range(0, 20)) + [31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 1023]:
        yield bytes([0xFF]) * length
        yield bytes((i * 7 + 1) & 0xFF for i in range(length))
    yield bytes(64)
    yield b"\x00\x01\xff\xfe" * 64


def mutation_input(source, destination, segment, edits):
    """An input for MutationFuzzTarget: family and addresses, segment length, segment, edits."""
    if len(source) == 4:
        prefix = b"\x00" + source + destination
    else:
        prefix = b"\x01" + source + destination
    return prefix + struct.pack(">H", len(segment)) + segment + edits


ALL_EDITS = bytes([
    0, 0x12, 0x34, 1, 0x56, 0x78, 2, 0xFF, 0xFF, 0xFF, 0xFF, 3, 0x80, 0, 0, 0, 4, 0x0F, 0xFF, 5, 0, 0,
    6, 0xFF, 0xFF, 7, 0x05, 0xB4, 8, 14, 9, 1, 2, 3, 4, 5, 6, 7, 8, 10, 1, 0xFF, 0xFF, 0xFF, 0xF0, 0, 0, 0, 0x10,
    11, 0, 192, 0, 2, 99, 198, 51, 100, 7, 12,
])


def validator_input(segments, setup=0):
    """An input for ValidatorFuzzTarget: setup byte, the client's ISS, then one step per segment (at most 96).

    The client is the sender of the first segment; every segment goes to flow 0 with its ports rewritten, so
    that it also drives the two endpoint models.
    """
    client = segments[0][0]
    first = segments[0][2]
    steps = b""
    for source, _, segment in segments[:96]:
        control = 0x00 if source == client else 0x01
        segment = segment[:275]
        steps += bytes([control, len(segment) - 20]) + segment
    return bytes([setup]) + first[4:8] + steps


def conversation(client_iss=0xFFFFFF00, server_iss=0x7FFFFFF0):
    """A clean hand-made connection: handshake, data both ways, FIN from each side; sequence numbers that wrap."""
    c, s = client_iss, server_iss
    syn = b"\x02\x04\x05\xb4\x04\x02\x08\x0a" + bytes(8) + b"\x01\x03\x03\x07"
    client_address, server_address = b"c", b"s"
    steps = [
        (client_address, header(syn, seq=c, flags=0x002)),
        (server_address, header(syn, seq=s, ack=c + 1, flags=0x012)),
        (client_address, header(seq=c + 1, ack=s + 1, flags=0x010)),
        (client_address, header(seq=c + 1, ack=s + 1, flags=0x018, payload=b"GET / HTTP/1.0\r\n\r\n")),
        (server_address, header(seq=s + 1, ack=c + 19, flags=0x018, payload=b"HTTP/1.0 200 OK\r\n\r\nhello")),
        (client_address, header(seq=c + 19, ack=s + 25, flags=0x011)),
        (server_address, header(seq=s + 25, ack=c + 20, flags=0x011)),
        (client_address, header(seq=c + 20, ack=s + 26, flags=0x010)),
    ]
    return [(source, b"", segment) for source, segment in steps]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    output = sys.argv[1]
    segments = list(capture_segments(sys.argv[2:]))
    seeds = {name: set() for name in ("decode", "roundtrip", "checksum", "mutation", "validator", "capture")}
    seeds["capture"].update(capture_inputs(sys.argv[2:]))
    seeds["capture"].update(encapsulated_inputs())
    for flow in capture_conversations(sys.argv[2:]):
        seeds["validator"].add(validator_input(flow))
    for iss in ((0xFFFFFF00, 0x7FFFFFF0), (0, 0xFFFFFFFF), (0x7FFFFFFF, 0x80000000)):
        for setup in (0x00, 0x08, 0x10, 0xE7):
            seeds["validator"].add(validator_input(conversation(*iss), setup))
    for source, destination, segment in segments:
        for name in ("decode", "roundtrip", "checksum"):
            seeds[name].add(segment)
        seeds["mutation"].add(mutation_input(source, destination, segment, ALL_EDITS[:12]))
    v4 = (bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    v6 = (bytes.fromhex("20010db8000000000000000000000001"), bytes.fromhex("20010db8000000000000000000000002"))
    for item in edge_headers():
        seeds["decode"].add(item)
        seeds["roundtrip"].add(item)
    for item in valid_options():
        for addresses in (v4, v6):
            seeds["mutation"].add(mutation_input(*addresses, header(item, flags=0x010, payload=b"abc"), ALL_EDITS))
    seeds["mutation"].add(mutation_input(*v4, header(b"\x05\x22" + bytes(32)), bytes([10, 4]) + bytes(8)))
    seeds["mutation"].add(mutation_input(*v4, header(data_offset=2), ALL_EDITS))
    seeds["roundtrip"].update(roundtrip_recipes())
    seeds["checksum"].update(checksum_inputs())
    for name, items in seeds.items():
        directory = os.path.join(output, name)
        os.makedirs(directory, exist_ok=True)
        for item in items:
            with open(os.path.join(directory, hashlib.sha1(item).hexdigest()), "wb") as handle:
                handle.write(item)
        print(f"{name}: {len(items)} seeds ({sum(map(len, items))} bytes)")
    print(f"{len(segments)} TCP segments read from {len(sys.argv) - 2} captures")


if __name__ == "__main__":
    main()
