#!/usr/bin/env python3
"""Lists the violations that variants of a capture add: segments that tcp-inspect calls a violation in a variant
(the capture without its SYNs, one direction only, every k-th frame dropped, the first n frames cut) but not in the
whole capture. A capture with no violation at all is what CaptureVariantTests holds to zero; this is for captures
that hold violations on purpose (Captures/linux-oracle.pcap, Captures/conntrack-oracle-client.pcap), where each
added violation is either a claim the variant cannot support (what the capture missed, taken as the sender's
doing) or a leniency of the whole capture's judgment; each needs reading.

Usage: Scripts/variant-violations.py CAPTURE CLIENT_ADDRESS [TCP_INSPECT]   (CLIENT_ADDRESS: IPv4 or IPv6)
  (pcap, little-endian, Ethernet with IPv4 or IPv6; TCP_INSPECT defaults to .build-release/release/tcp-inspect)
Writes the variants to a temporary folder and prints, per variant, the frames kept and each added violation with
the original frame number.
"""
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile


def read(path):
    data = open(path, "rb").read()
    if data[:4] != b"\xd4\xc3\xb2\xa1" and data[:4] != b"\x4d\x3c\xb2\xa1":
        sys.exit("only little-endian pcap files are read")
    offset, frames = 24, []
    while offset + 16 <= len(data):
        captured = struct.unpack("<I", data[offset + 8:offset + 12])[0]
        frames.append((data[offset:offset + 16], data[offset + 16:offset + 16 + captured]))
        offset += 16 + captured
    return data[:24], frames


def write(path, header, frames):
    with open(path, "wb") as out:
        out.write(header)
        for record, body in frames:
            out.write(record + body)


def violations(inspect, path):
    """Violations by frame number, those a later segment proved of an earlier frame included."""
    text = subprocess.run([inspect, path, "--json", "--no-progress"], capture_output=True, text=True).stdout
    found = {}
    for line in text.splitlines():
        segment = json.loads(line)
        for anomaly in segment.get("anomalies", []):
            if anomaly["severity"] == "violation":
                found.setdefault(segment["frame"], set()).add(anomaly["name"])
        earlier = segment.get("earlier_anomaly")
        if earlier and earlier["severity"] == "violation":
            found.setdefault(earlier["frame"], set()).add(earlier["name"])
    return found


def flags_and_source(body):
    ether_type = struct.unpack("!H", body[12:14])[0]
    if ether_type == 0x0800:
        tcp = 14 + (body[14] & 15) * 4
        source = body[26:30]
    elif ether_type == 0x86DD:
        tcp = 14 + 40
        source = body[22:38]
    else:
        return None, None
    return (body[tcp + 13] if len(body) > tcp + 13 else None), source


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    family = socket.AF_INET6 if ":" in sys.argv[2] else socket.AF_INET
    path, client = sys.argv[1], socket.inet_pton(family, sys.argv[2])
    inspect = sys.argv[3] if len(sys.argv) > 3 else ".build-release/release/tcp-inspect"
    header, frames = read(path)
    whole = violations(inspect, path)
    facts = [flags_and_source(body) for _, body in frames]
    variants = {
        "without SYNs": [i for i, (flags, _) in enumerate(facts) if not (flags or 0) & 0x02],
        "client only": [i for i, (_, source) in enumerate(facts) if source == client],
        "server only": [i for i, (_, source) in enumerate(facts) if source is not None and source != client],
    }
    for k in (3, 5, 7, 11):
        variants["every %d-th dropped" % k] = [i for i in range(len(frames)) if (i + 1) % k != 0]
    for n in (3, 10, 50):
        variants["first %d cut" % n] = list(range(n, len(frames)))
    folder = tempfile.mkdtemp(prefix="variant-violations-")
    for name, kept in variants.items():
        variant = os.path.join(folder, name.replace(" ", "-") + ".pcap")
        write(variant, header, [frames[i] for i in kept])
        added = []
        for frame, names in sorted(violations(inspect, variant).items()):
            original = kept[frame - 1] + 1
            extra = names - whole.get(original, set())
            if extra:
                added.append("%d %s" % (original, ",".join(sorted(extra))))
        print("%s: %d frames, %d added violations%s" % (name, len(kept), len(added),
                                                        (": " + "; ".join(added)) if added else ""))


main()
