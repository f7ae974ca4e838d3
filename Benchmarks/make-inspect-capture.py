#!/usr/bin/env python3
"""Wrap the benchmark segments into an Ethernet/IPv4 pcap for timing tcp-inspect.

Input: the flat segment file of /work/shared/bench/gen_segments.py (2-byte big-endian length, then the TCP
segment). Every segment becomes one frame: Ethernet II, an IPv4 header 10.0.0.1 -> 10.0.0.2 (the addresses the
segment checksums were computed for), the segment. The frames are written in file order, and the whole sequence
is repeated until the capture reaches the requested size.

    make-inspect-capture.py SEGMENTS OUTPUT.pcap [SIZE_MB]   (default 1024)
"""
import struct
import sys


def main():
    source, target = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) * 1024 * 1024 if len(sys.argv) > 3 else 1024 * 1024 * 1024
    data = open(source, "rb").read()
    ethernet = bytes.fromhex("020000000002" "020000000001" "0800")
    frames = []
    offset = 0
    microseconds = 0
    while offset + 2 <= len(data):
        (length,) = struct.unpack_from(">H", data, offset)
        segment = data[offset + 2:offset + 2 + length]
        offset += 2 + length
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + length, 0, 0x4000, 64, 6, 0,
                         bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
        frame = ethernet + ip + segment
        microseconds += 1
        frames.append(struct.pack("<IIII", 1_700_000_000 + microseconds // 1_000_000, microseconds % 1_000_000,
                                  len(frame), len(frame)) + frame)
    block = b"".join(frames)
    with open(target, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        written = 24
        rounds = 0
        while written + len(block) <= limit or rounds == 0:
            out.write(block)
            written += len(block)
            rounds += 1
    print(f"{target}: {rounds * len(frames)} frames, {written} bytes")


if __name__ == "__main__":
    main()
