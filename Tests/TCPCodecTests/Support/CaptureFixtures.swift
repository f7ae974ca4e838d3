// Known-answer fixtures: real TCP segments taken from the capture files of tcpdump's test suite
// (https://github.com/the-tcpdump-group/tcpdump, directory tests/, 3-clause BSD licence; see the licence note
// below). Each fixture names its capture and 1-based frame number and quotes the line tcpdump printed for it;
// the bytes start at the TCP header. The addresses are those of the IP header that carried the segment, so
// the checksum can be checked with the frame's own pseudo-header.
//
// tcpdump licence: Redistribution and use in source and binary forms, with or without modification, are
// permitted provided that the following conditions are met: 1. Redistributions of source code must retain the
// above copyright notice, this list of conditions and the following disclaimer. 2. Redistributions in binary
// form must reproduce the above copyright notice, this list of conditions and the following disclaimer in the
// documentation and/or other materials provided with the distribution. 3. The names of the authors may not be
// used to endorse or promote products derived from this software without specific prior written permission.
// THIS SOFTWARE IS PROVIDED "AS IS" AND WITHOUT ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, WITHOUT
// LIMITATION, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE.

/// Real segments from tcpdump's test captures, as hex with a comment per field.
enum CaptureFixtures {
    /// ssh.pcap frame 1. tcpdump printed (ssh.out):
    ///     IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [S], seq 4082233688, win 65535, options [mss
    ///     1460,nop,wscale 6,nop,nop,TS val 1948436430 ecr 0,sackOK,eol], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let sshSYN = CaptureSegment(
        capture: "ssh.pcap", frame: 1,
        source: [202, 108, 87, 165], destination: [223, 132, 53, 222],
        checksumIsValid: true,
        hex: """
        f2c20016                 # source port 62146, destination port 22
        f351f158                 # sequence number 4082233688
        00000000                 # acknowledgment number 0
        b002                     # data offset 11 (44 bytes), flags 0x002 SYN
        ffff                     # window 65535
        ec12                     # checksum 0xec12 (correct)
        0000                     # urgent pointer 0
        020405b4                 # MSS (kind 2, length 4): 1460
        01                       # NOP
        030306                   # window scale (kind 3, length 3): shift 6
        0101                     # 2 x NOP
        080a7422 c7ce0000 0000   # timestamps (kind 8, length 10): TSval 1948436430, TSecr 0
        0402                     # SACK permitted (kind 4, length 2)
        00                       # EOL
        00                       # padding after EOL
        """)

    /// ssh.pcap frame 2. tcpdump printed (ssh.out):
    ///     IP 223.132.53.222.22 > 202.108.87.165.62146: Flags [S.], seq 2455219014, ack 4082233689, win 28960,
    ///     options [mss 1460,sackOK,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,wscale 7], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let sshSYNACK = CaptureSegment(
        capture: "ssh.pcap", frame: 2,
        source: [223, 132, 53, 222], destination: [202, 108, 87, 165],
        checksumIsValid: true,
        hex: """
        0016f2c2                   # source port 22, destination port 62146
        9257ab46                   # sequence number 2455219014
        f351f159                   # acknowledgment number 4082233689
        a012                       # data offset 10 (40 bytes), flags 0x012 SYN ACK
        7120                       # window 28960
        8d3d                       # checksum 0x8d3d (correct)
        0000                       # urgent pointer 0
        020405b4                   # MSS (kind 2, length 4): 1460
        0402                       # SACK permitted (kind 4, length 2)
        01010101 01010101 010101   # 11 x NOP
        030307                     # window scale (kind 3, length 3): shift 7
        """)

    /// ssh.pcap frame 48. tcpdump printed (ssh.out):
    ///     IP 223.132.53.222.22 > 202.108.87.165.62146: Flags [.], ack 5186, win 340, options
    ///     [nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,sack 1 {5282:5283}], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let sshSACK = CaptureSegment(
        capture: "ssh.pcap", frame: 48,
        source: [223, 132, 53, 222], destination: [202, 108, 87, 165],
        checksumIsValid: true,
        hex: """
        0016f2c2                          # source port 22, destination port 62146
        9257b836                          # sequence number 2455222326
        f352059a                          # acknowledgment number 4082238874
        b010                              # data offset 11 (44 bytes), flags 0x010 ACK
        0154                              # window 340
        e1f3                              # checksum 0xe1f3 (correct)
        0000                              # urgent pointer 0
        01010101 01010101 01010101 0101   # 14 x NOP
        050af352 05faf352 05fb            # SACK (kind 5, length 10): 4082238970..<4082238971
        """)

    /// mptcp-v1.pcap frame 1. tcpdump printed (mptcp-v1.out):
    ///     IP 10.0.1.1.33306 > 10.0.2.1.10004: Flags [S], seq 2180756989, win 65535, options [mss
    ///     1460,sackOK,TS val 464494241 ecr 0,nop,wscale 8,mptcp 4 capable v1 flags [H]], length 0
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let mptcpV1CapableSYN = CaptureSegment(
        capture: "mptcp-v1.pcap", frame: 1,
        source: [10, 0, 1, 1], destination: [10, 0, 2, 1],
        checksumIsValid: false,
        hex: """
        821a2714                 # source port 33306, destination port 10004
        81fbb5fd                 # sequence number 2180756989
        00000000                 # acknowledgment number 0
        b002                     # data offset 11 (44 bytes), flags 0x002 SYN
        ffff                     # window 65535
        1734                     # checksum 0x1734 (wrong in the capture)
        0000                     # urgent pointer 0
        020405b4                 # MSS (kind 2, length 4): 1460
        0402                     # SACK permitted (kind 4, length 2)
        080a1baf 9ea10000 0000   # timestamps (kind 8, length 10): TSval 464494241, TSecr 0
        01                       # NOP
        030308                   # window scale (kind 3, length 3): shift 8
        1e040101                 # MPTCP (kind 30, length 4): MP_CAPABLE, low nibble 1, next byte 0x01
        """)

    /// mptcp-v1.pcap frame 2. tcpdump printed (mptcp-v1.out):
    ///     IP 10.0.2.1.10004 > 10.0.1.1.33306: Flags [S.], seq 791415661, ack 2180756990, win 65535, options
    ///     [mss 1460,sackOK,TS val 3275212179 ecr 464494241,nop,wscale 8,mptcp 12 capable v1 flags [H]
    ///     {0x29a6c86981ad933c}], length 0
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let mptcpV1CapableSYNACK = CaptureSegment(
        capture: "mptcp-v1.pcap", frame: 2,
        source: [10, 0, 2, 1], destination: [10, 0, 1, 1],
        checksumIsValid: false,
        hex: """
        2714821a                      # source port 10004, destination port 33306
        2f2c0b6d                      # sequence number 791415661
        81fbb5fe                      # acknowledgment number 2180756990
        d012                          # data offset 13 (52 bytes), flags 0x012 SYN ACK
        ffff                          # window 65535
        173c                          # checksum 0x173c (wrong in the capture)
        0000                          # urgent pointer 0
        020405b4                      # MSS (kind 2, length 4): 1460
        0402                          # SACK permitted (kind 4, length 2)
        080ac337 c5931baf 9ea1        # timestamps (kind 8, length 10): TSval 3275212179, TSecr 464494241
        01                            # NOP
        030308                        # window scale (kind 3, length 3): shift 8
        1e0c0101 29a6c869 81ad933c    # MPTCP (kind 30, length 12): MP_CAPABLE, low nibble 1, next byte 0x01
        """)

    /// mptcp-v1.pcap frame 3. tcpdump printed (mptcp-v1.out):
    ///     IP 10.0.1.1.33306 > 10.0.2.1.10004: Flags [.], ack 1, win 256, options [nop,nop,TS val 464494241
    ///     ecr 3275212179,mptcp 20 capable v1 flags [H] {0x1fdb5df328bc3def,0x29a6c86981ad933c}], length 0
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let mptcpV1CapableACK = CaptureSegment(
        capture: "mptcp-v1.pcap", frame: 3,
        source: [10, 0, 1, 1], destination: [10, 0, 2, 1],
        checksumIsValid: false,
        hex: """
        821a2714                               # source port 33306, destination port 10004
        81fbb5fe                               # sequence number 2180756990
        2f2c0b6e                               # acknowledgment number 791415662
        d010                                   # data offset 13 (52 bytes), flags 0x010 ACK
        0100                                   # window 256
        173c                                   # checksum 0x173c (wrong in the capture)
        0000                                   # urgent pointer 0
        0101                                   # 2 x NOP
        080a1baf 9ea1c337 c593                 # timestamps (kind 8, length 10): TSval 464494241, TSecr 3275212179
        1e140101 1fdb5df3 28bc3def 29a6c869    # MPTCP (kind 30, length 20): MP_CAPABLE, low nibble 1, next byte 0x01
        81ad933c                               #   (continued)
        """)

    /// mptcp-v1.pcap frame 4. tcpdump printed (mptcp-v1.out):
    ///     IP 10.0.1.1.33306 > 10.0.2.1.10004: Flags [P.], seq 1:7101, ack 1, win 256, options [nop,nop,TS val
    ///     464494241 ecr 3275212179,mptcp 22 capable v1 flags [H]
    ///     {0x1fdb5df328bc3def,0x29a6c86981ad933c,data_len=8192},nop,nop], length 7100
    /// Header only: the 7100 payload bytes are left out, so the checksum is not checked here.
    static let mptcpV1CapableWithData = CaptureSegment(
        capture: "mptcp-v1.pcap", frame: 4,
        source: [10, 0, 1, 1], destination: [10, 0, 2, 1],
        checksumIsValid: nil,
        hex: """
        821a2714                               # source port 33306, destination port 10004
        81fbb5fe                               # sequence number 2180756990
        2f2c0b6e                               # acknowledgment number 791415662
        e018                                   # data offset 14 (56 bytes), flags 0x018 PSH ACK
        0100                                   # window 256
        32fc                                   # checksum 0x32fc (not checkable here)
        0000                                   # urgent pointer 0
        0101                                   # 2 x NOP
        080a1baf 9ea1c337 c593                 # timestamps (kind 8, length 10): TSval 464494241, TSecr 3275212179
        1e160101 1fdb5df3 28bc3def 29a6c869    # MPTCP (kind 30, length 22): MP_CAPABLE, low nibble 1, next byte 0x01
        81ad933c 2000                          #   (continued)
        0101                                   # 2 x NOP
        """)

    /// mptcp-v1.pcap frame 5. tcpdump printed (mptcp-v1.out):
    ///     IP 10.0.2.1.10004 > 10.0.1.1.33306: Flags [.], ack 7101, win 312, options [nop,nop,TS val
    ///     3275212179 ecr 464494241,mptcp 12 dss ack 14413541604287230030], length 0
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let mptcpV1DataACK = CaptureSegment(
        capture: "mptcp-v1.pcap", frame: 5,
        source: [10, 0, 2, 1], destination: [10, 0, 1, 1],
        checksumIsValid: false,
        hex: """
        2714821a                      # source port 10004, destination port 33306
        2f2c0b6e                      # sequence number 791415662
        81fbd1ba                      # acknowledgment number 2180764090
        b010                          # data offset 11 (44 bytes), flags 0x010 ACK
        0138                          # window 312
        1734                          # checksum 0x1734 (wrong in the capture)
        0000                          # urgent pointer 0
        0101                          # 2 x NOP
        080ac337 c5931baf 9ea1        # timestamps (kind 8, length 10): TSval 3275212179, TSecr 464494241
        1e0c2003 c8072fb9 0edab04e    # MPTCP (kind 30, length 12): DSS, low nibble 0, next byte 0x03
        """)

    /// mptcp-v1.pcap frame 16. tcpdump printed (mptcp-v1.out):
    ///     IP 10.0.1.1.33306 > 10.0.2.1.10004: Flags [F.], seq 10269, ack 8193, win 323, options [nop,nop,TS
    ///     val 464494241 ecr 3275212179,mptcp 26 dss fin ack 11713449205243400434 seq 14413541604287240298
    ///     subseq 0 len 1,nop,nop], length 0
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let mptcpV1DataFIN = CaptureSegment(
        capture: "mptcp-v1.pcap", frame: 16,
        source: [10, 0, 1, 1], destination: [10, 0, 2, 1],
        checksumIsValid: false,
        hex: """
        821a2714                               # source port 33306, destination port 10004
        81fbde1a                               # sequence number 2180767258
        2f2c2b6e                               # acknowledgment number 791423854
        f011                                   # data offset 15 (60 bytes), flags 0x011 FIN ACK
        0143                                   # window 323
        1744                                   # checksum 0x1744 (wrong in the capture)
        0000                                   # urgent pointer 0
        0101                                   # 2 x NOP
        080a1baf 9ea1c337 c593                 # timestamps (kind 8, length 10): TSval 464494241, TSecr 3275212179
        1e1a201f a28e87fd dd1d50f2 c8072fb9    # MPTCP (kind 30, length 26): DSS, low nibble 0, next byte 0x1f
        0edad86a 00000000 0001                 #   (continued)
        0101                                   # 2 x NOP
        """)

    /// mptcp-v0.pcap frame 4. tcpdump printed (mptcp-v0.out):
    ///     IP 10.1.1.2.22 > 10.2.1.2.35961: Flags [P.], seq 1:42, ack 1, win 447, options [nop,nop,TS val
    ///     4294943474 ecr 4294943152,mptcp 8 add-addr v0-ip4 id 1 10.1.2.2,mptcp 20 dss ack 3576348362 seq
    ///     3518592144 subseq 1 len 41 csum 0x82f], length 41: SSH: SSH-2.0-OpenSSH_5.5p1 Debian-6+squeeze1
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let mptcpV0AddAddressAndDSS = CaptureSegment(
        capture: "mptcp-v0.pcap", frame: 4,
        source: [10, 1, 1, 2], destination: [10, 2, 1, 2],
        checksumIsValid: true,
        hex: """
        00168c79                               # source port 22, destination port 35961
        07822b7f                               # sequence number 125971327
        ad98935a                               # acknowledgment number 2912457562
        f018                                   # data offset 15 (60 bytes), flags 0x018 PSH ACK
        01bf                                   # window 447
        5365                                   # checksum 0x5365 (correct)
        0000                                   # urgent pointer 0
        0101                                   # 2 x NOP
        080affff a2f2ffff a1b0                 # timestamps (kind 8, length 10): TSval 4294943474, TSecr 4294943152
        1e083401 0a010202                      # MPTCP (kind 30, length 8): ADD_ADDR, low nibble 4, next byte 0x01
        1e142005 d52abeca d1b97490 00000001    # MPTCP (kind 30, length 20): DSS, low nibble 0, next byte 0x05
        0029082f                               #   (continued)
        5353482d 322e302d 4f70656e 5353485f    # payload (41 bytes)
        352e3570 31204465 6269616e 2d362b73
        71756565 7a65310d 0a
        """)

    /// mptcp-v0.pcap frame 8. tcpdump printed (mptcp-v0.out):
    ///     IP 10.2.1.2.41221 > 10.1.2.2.22: Flags [S], seq 1863826096, win 14600, options [mss 1460,sackOK,TS
    ///     val 4294943168 ecr 0,nop,wscale 6,mptcp 12 join id 0 token 0xe47f0142 nonce 0x1b665a18], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let mptcpV0JoinSYN = CaptureSegment(
        capture: "mptcp-v0.pcap", frame: 8,
        source: [10, 2, 1, 2], destination: [10, 1, 2, 2],
        checksumIsValid: true,
        hex: """
        a1050016                      # source port 41221, destination port 22
        6f17bab0                      # sequence number 1863826096
        00000000                      # acknowledgment number 0
        d002                          # data offset 13 (52 bytes), flags 0x002 SYN
        3908                          # window 14600
        d1f5                          # checksum 0xd1f5 (correct)
        0000                          # urgent pointer 0
        020405b4                      # MSS (kind 2, length 4): 1460
        0402                          # SACK permitted (kind 4, length 2)
        080affff a1c00000 0000        # timestamps (kind 8, length 10): TSval 4294943168, TSecr 0
        01                            # NOP
        030306                        # window scale (kind 3, length 3): shift 6
        1e0c1000 e47f0142 1b665a18    # MPTCP (kind 30, length 12): MP_JOIN, low nibble 0, next byte 0x00
        """)

    /// mptcp-v0.pcap frame 9. tcpdump printed (mptcp-v0.out):
    ///     IP 10.1.2.2.22 > 10.2.1.2.41221: Flags [S.], seq 1704897135, ack 1863826097, win 14280, options
    ///     [mss 1460,sackOK,TS val 4294943474 ecr 4294943168,nop,wscale 5,mptcp 16 join id 1 hmac
    ///     0x5ab680c7884af03d nonce 0x33abe9d5], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let mptcpV0JoinSYNACK = CaptureSegment(
        capture: "mptcp-v0.pcap", frame: 9,
        source: [10, 1, 2, 2], destination: [10, 2, 1, 2],
        checksumIsValid: true,
        hex: """
        0016a105                               # source port 22, destination port 41221
        659eaa6f                               # sequence number 1704897135
        6f17bab1                               # acknowledgment number 1863826097
        e012                                   # data offset 14 (56 bytes), flags 0x012 SYN ACK
        37c8                                   # window 14280
        f9d4                                   # checksum 0xf9d4 (correct)
        0000                                   # urgent pointer 0
        020405b4                               # MSS (kind 2, length 4): 1460
        0402                                   # SACK permitted (kind 4, length 2)
        080affff a2f2ffff a1c0                 # timestamps (kind 8, length 10): TSval 4294943474, TSecr 4294943168
        01                                     # NOP
        030305                                 # window scale (kind 3, length 3): shift 5
        1e101001 5ab680c7 884af03d 33abe9d5    # MPTCP (kind 30, length 16): MP_JOIN, low nibble 0, next byte 0x01
        """)

    /// mptcp-v0.pcap frame 10. tcpdump printed (mptcp-v0.out):
    ///     IP 10.2.1.2.41221 > 10.1.2.2.22: Flags [.], ack 1, win 229, options [nop,nop,TS val 4294943168 ecr
    ///     4294943474,mptcp 24 join hmac 0xcb7b87f5e5f0502f43b535fb70ef6607df2e6c7a], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let mptcpV0JoinACK = CaptureSegment(
        capture: "mptcp-v0.pcap", frame: 10,
        source: [10, 2, 1, 2], destination: [10, 1, 2, 2],
        checksumIsValid: true,
        hex: """
        a1050016                               # source port 41221, destination port 22
        6f17bab1                               # sequence number 1863826097
        659eaa70                               # acknowledgment number 1704897136
        e010                                   # data offset 14 (56 bytes), flags 0x010 ACK
        00e5                                   # window 229
        8b18                                   # checksum 0x8b18 (correct)
        0000                                   # urgent pointer 0
        0101                                   # 2 x NOP
        080affff a1c0ffff a2f2                 # timestamps (kind 8, length 10): TSval 4294943168, TSecr 4294943474
        1e181000 cb7b87f5 e5f0502f 43b535fb    # MPTCP (kind 30, length 24): MP_JOIN, low nibble 0, next byte 0x00
        70ef6607 df2e6c7a                      #   (continued)
        """)

    /// mptcp-aa-v1.pcap frame 13. tcpdump printed (mptcp-aa-v1.out):
    ///     IP 192.168.125.165.55555 > 192.168.125.212.52278: Flags [.], ack 33, win 509, options [nop,nop,TS
    ///     val 938671166 ecr 2070301967,mptcp 16 add-addr v1 id 1 192.168.136.225 hmac
    ///     0x669928744366716c,mptcp 12 dss ack 17186763219675866581], length 0
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let mptcpAddAddressWithHMAC = CaptureSegment(
        capture: "mptcp-aa-v1.pcap", frame: 13,
        source: [192, 168, 125, 165], destination: [192, 168, 125, 212],
        checksumIsValid: false,
        hex: """
        d903cc36                               # source port 55555, destination port 52278
        e25520f7                               # sequence number 3797229815
        26ef6738                               # acknowledgment number 653223736
        f010                                   # data offset 15 (60 bytes), flags 0x010 ACK
        01fd                                   # window 509
        7d0d                                   # checksum 0x7d0d (wrong in the capture)
        0000                                   # urgent pointer 0
        0101                                   # 2 x NOP
        080a37f2 fc3e7b66 4d0f                 # timestamps (kind 8, length 10): TSval 938671166, TSecr 2070301967
        1e103001 c0a888e1 66992874 4366716c    # MPTCP (kind 30, length 16): ADD_ADDR, low nibble 0, next byte 0x01
        1e0c2003 ee83a616 c38765d5             # MPTCP (kind 30, length 12): DSS, low nibble 0, next byte 0x03
        """)

    /// mptcp-aa-echo.pcap frame 2. tcpdump printed (mptcp-aa-echo.out):
    ///     IP 10.0.1.2.35924 > 10.0.1.1.10000: Flags [.], ack 2394667731, win 501, options [nop,nop,TS val
    ///     373322532 ecr 4275366718,mptcp 8 add-addr v1-echo id 1 10.0.2.1,mptcp 12 dss ack
    ///     17984156407873109865], length 0
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let mptcpAddAddressEcho = CaptureSegment(
        capture: "mptcp-aa-echo.pcap", frame: 2,
        source: [10, 0, 1, 2], destination: [10, 0, 1, 1],
        checksumIsValid: false,
        hex: """
        8c542710                      # source port 35924, destination port 10000
        caf2de7f                      # sequence number 3404914303
        8ebbbad3                      # acknowledgment number 2394667731
        d010                          # data offset 13 (52 bytes), flags 0x010 ACK
        01f5                          # window 501
        163d                          # checksum 0x163d (wrong in the capture)
        0000                          # urgent pointer 0
        0101                          # 2 x NOP
        080a1640 7324fed4 eb3e        # timestamps (kind 8, length 10): TSval 373322532, TSecr 4275366718
        1e083101 0a000201             # MPTCP (kind 30, length 8): ADD_ADDR, low nibble 1, next byte 0x01
        1e0c2003 f9948ef8 04577f69    # MPTCP (kind 30, length 12): DSS, low nibble 0, next byte 0x03
        """)

    /// mptcp-fclose.pcap frame 10. tcpdump printed (mptcp-fclose.out):
    ///     IP 10.1.1.2.37479 > 10.2.1.2.2002: Flags [.], ack 2, win 229, options [nop,nop,TS val 38734 ecr
    ///     4294943250,mptcp 12 fast-close key 0xd005b1ab34bad344], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let mptcpFastClose = CaptureSegment(
        capture: "mptcp-fclose.pcap", frame: 10,
        source: [10, 1, 1, 2], destination: [10, 2, 1, 2],
        checksumIsValid: true,
        hex: """
        926707d2                      # source port 37479, destination port 2002
        70fdad54                      # sequence number 1895673172
        aafe9728                      # acknowledgment number 2868811560
        b010                          # data offset 11 (44 bytes), flags 0x010 ACK
        00e5                          # window 229
        e3f4                          # checksum 0xe3f4 (correct)
        0000                          # urgent pointer 0
        0101                          # 2 x NOP
        080a0000 974effff a212        # timestamps (kind 8, length 10): TSval 38734, TSecr 4294943250
        1e0c7000 d005b1ab 34bad344    # MPTCP (kind 30, length 12): MP_FASTCLOSE, low nibble 0, next byte 0x00
        """)

    /// mptcp-tcprst.pcap frame 2. tcpdump printed (mptcp-tcprst.out):
    ///     IP 192.0.2.1.55739 > 192.168.76.28.8080: Flags [R.], seq 0, ack 1, win 256, options [mptcp 4 tcprst
    ///     flags [T] reason MPTCP-specific error], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let mptcpTCPReset = CaptureSegment(
        capture: "mptcp-tcprst.pcap", frame: 2,
        source: [192, 0, 2, 1], destination: [192, 168, 76, 28],
        checksumIsValid: true,
        hex: """
        d9bb1f90    # source port 55739, destination port 8080
        00000001    # sequence number 1
        81bdc286    # acknowledgment number 2176696966
        6014        # data offset 6 (24 bytes), flags 0x014 RST ACK
        0100        # window 256
        f36f        # checksum 0xf36f (correct)
        0000        # urgent pointer 0
        1e048101    # MPTCP (kind 30, length 4): MP_TCPRST, low nibble 1, next byte 0x01
        """)

    /// mptcp-dss-oobr.pcap frame 1. tcpdump printed (mptcp-dss-oobr.out):
    ///     127.0.0.1.57370 > 127.0.0.1.23: Flags [S], seq 1736820995, win 32792, options [mss 16396,sackOK,TS
    ///     val 597120308 ecr 0,mptcp 3 dss[bad opt]]
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let mptcpShortDSS = CaptureSegment(
        capture: "mptcp-dss-oobr.pcap", frame: 1,
        source: [127, 0, 0, 1], destination: [127, 0, 0, 1],
        checksumIsValid: false,
        hex: """
        e01a0017                 # source port 57370, destination port 23
        6785c903                 # sequence number 1736820995
        00000000                 # acknowledgment number 0
        a002                     # data offset 10 (40 bytes), flags 0x002 SYN
        8018                     # window 32792
        fe30                     # checksum 0xfe30 (wrong in the capture)
        0000                     # urgent pointer 0
        0204400c                 # MSS (kind 2, length 4): 16396
        0402                     # SACK permitted (kind 4, length 2)
        080a2397 55340000 0000   # timestamps (kind 8, length 10): TSval 597120308, TSecr 0
        1e0320                   # MPTCP (kind 30, length 3): DSS, low nibble 0
        00                       # EOL
        """)

    /// tfo-5c1fa7f9ae91.pcap frame 1. tcpdump printed (tfo.out):
    ///     IP 192.168.0.100.13047 > 3.3.3.3.13054: Flags [S], seq 218476388, win 1400, options [exp-tfo
    ///     cookiereq], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let tfoCookieRequest = CaptureSegment(
        capture: "tfo-5c1fa7f9ae91.pcap", frame: 1,
        source: [192, 168, 0, 100], destination: [3, 3, 3, 3],
        checksumIsValid: true,
        hex: """
        32f732fe    # source port 13047, destination port 13054
        0d05af64    # sequence number 218476388
        00000000    # acknowledgment number 0
        6002        # data offset 6 (24 bytes), flags 0x002 SYN
        0578        # window 1400
        b966        # checksum 0xb966 (correct)
        0000        # urgent pointer 0
        fe04f989    # experimental (kind 254, length 4): ExID 0xF989
        """)

    /// tfo-5c1fa7f9ae91.pcap frame 3. tcpdump printed (tfo.out):
    ///     IP 3.3.3.3.13054 > 9.9.9.9.13047: Flags [S.], seq 4035392501, ack 218476389, win 1400, options
    ///     [exp-tfo cookie 090909090000,nop,nop], length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let tfoCookie = CaptureSegment(
        capture: "tfo-5c1fa7f9ae91.pcap", frame: 3,
        source: [3, 3, 3, 3], destination: [9, 9, 9, 9],
        checksumIsValid: true,
        hex: """
        32fe32f7                 # source port 13054, destination port 13047
        f08733f5                 # sequence number 4035392501
        0d05af65                 # acknowledgment number 218476389
        8012                     # data offset 8 (32 bytes), flags 0x012 SYN ACK
        0578                     # window 1400
        10b2                     # checksum 0x10b2 (correct)
        0000                     # urgent pointer 0
        fe0af989 09090909 0000   # experimental (kind 254, length 10): ExID 0xF989
        0101                     # 2 x NOP
        """)

    /// tfo-5c1fa7f9ae91.pcap frame 13. tcpdump printed (tfo.out):
    ///     IP 192.168.0.100.13048 > 3.3.3.3.13054: Flags [S], seq 936732547:936732551, win 1400, options
    ///     [exp-tfo cookie 090909090000,nop,nop], length 4
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let tfoSYNWithData = CaptureSegment(
        capture: "tfo-5c1fa7f9ae91.pcap", frame: 13,
        source: [192, 168, 0, 100], destination: [3, 3, 3, 3],
        checksumIsValid: true,
        hex: """
        32f832fe                 # source port 13048, destination port 13054
        37d56783                 # sequence number 936732547
        00000000                 # acknowledgment number 0
        8002                     # data offset 8 (32 bytes), flags 0x002 SYN
        0578                     # window 1400
        05b4                     # checksum 0x05b4 (correct)
        0000                     # urgent pointer 0
        fe0af989 09090909 0000   # experimental (kind 254, length 10): ExID 0xF989
        0101                     # 2 x NOP
        deadbeef                 # payload (4 bytes)
        """)

    /// accecn_handshake.pcap frame 1. tcpdump printed (accecn_handshake.out):
    ///     31.133.146.248.16433 > 66.228.43.12.80: Flags [SEWe], cksum 0x209c (incorrect -> 0xe443), seq
    ///     1948076589, win 65535, options [mss 1460,nop,wscale 6,sackOK,TS val 112147477 ecr 0], length 0
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let accecnSYN = CaptureSegment(
        capture: "accecn_handshake.pcap", frame: 1,
        source: [31, 133, 146, 248], destination: [66, 228, 43, 12],
        checksumIsValid: false,
        hex: """
        40310050                 # source port 16433, destination port 80
        741d4a2d                 # sequence number 1948076589
        00000000                 # acknowledgment number 0
        a1c2                     # data offset 10 (40 bytes), flags 0x1C2 SYN ECE CWR AE
        ffff                     # window 65535
        209c                     # checksum 0x209c (wrong in the capture)
        0000                     # urgent pointer 0
        020405b4                 # MSS (kind 2, length 4): 1460
        01                       # NOP
        030306                   # window scale (kind 3, length 3): shift 6
        0402                     # SACK permitted (kind 4, length 2)
        080a06af 3c150000 0000   # timestamps (kind 8, length 10): TSval 112147477, TSecr 0
        """)

    /// accecn_handshake.pcap frame 2. tcpdump printed (accecn_handshake.out):
    ///     66.228.43.12.80 > 31.133.146.248.16433: Flags [S.W], cksum 0x22a8 (correct), seq 2972234643, ack
    ///     1948076590, win 65160, options [mss 1460,sackOK,TS val 2783239876 ecr 112147477,exp-acc0,wscale 7],
    ///     length 0
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let accecnSYNACK = CaptureSegment(
        capture: "accecn_handshake.pcap", frame: 2,
        source: [66, 228, 43, 12], destination: [31, 133, 146, 248],
        checksumIsValid: true,
        hex: """
        00504031                        # source port 80, destination port 16433
        b128b393                        # sequence number 2972234643
        741d4a2e                        # acknowledgment number 1948076590
        d092                            # data offset 13 (52 bytes), flags 0x092 SYN ACK CWR
        fe88                            # window 65160
        22a8                            # checksum 0x22a8 (correct)
        0000                            # urgent pointer 0
        020405b4                        # MSS (kind 2, length 4): 1460
        0402                            # SACK permitted (kind 4, length 2)
        080aa5e4 dec406af 3c15          # timestamps (kind 8, length 10): TSval 2783239876, TSecr 112147477
        fe0dacc0 00000100 00000000 00   # experimental (kind 254, length 13): ExID 0xACC0
        030307                          # window scale (kind 3, length 3): shift 7
        """)

    /// accecn_handshake.pcap frame 3. tcpdump printed (accecn_handshake.out):
    ///     31.133.146.248.16433 > 66.228.43.12.80: Flags [.W], cksum 0x20a4 (incorrect -> 0x3b19), ack 1, win
    ///     1027, options [nop,nop,TS val 112147698 ecr 2783239876,exp-acc0,eol], length 0
    /// The checksum in the capture is wrong for the frame's IPv4 pseudo-header (left to offload or fuzzed).
    static let accecnACK = CaptureSegment(
        capture: "accecn_handshake.pcap", frame: 3,
        source: [31, 133, 146, 248], destination: [66, 228, 43, 12],
        checksumIsValid: false,
        hex: """
        40310050                        # source port 16433, destination port 80
        741d4a2e                        # sequence number 1948076590
        b128b394                        # acknowledgment number 2972234644
        c090                            # data offset 12 (48 bytes), flags 0x090 ACK CWR
        0403                            # window 1027
        20a4                            # checksum 0x20a4 (wrong in the capture)
        0000                            # urgent pointer 0
        0101                            # 2 x NOP
        080a06af 3cf2a5e4 dec4          # timestamps (kind 8, length 10): TSval 112147698, TSecr 2783239876
        fe0dacc0 000000ff ffffffff ff   # experimental (kind 254, length 13): ExID 0xACC0
        00                              # EOL
        0000                            # padding after EOL
        """)

    /// bgp-as-path-oobr.pcap frame 2. tcpdump printed (bgp-as-path-oobr-nossl.out):
    ///     172.17.0.0.179 > 172.17.0.3.50651: Flags [P.], cksum 0xe2ab (correct), seq 1216:2035, ack 1, win
    ///     31761, options [md5 0b82e9255cf2e845365aae9b7e70555e,eol], length 819: BGP [|bgp]
    /// The checksum is correct for the frame's IPv4 pseudo-header.
    static let bgpMD5 = CaptureSegment(
        capture: "bgp-as-path-oobr.pcap", frame: 2,
        source: [172, 17, 0, 0], destination: [172, 17, 0, 3],
        checksumIsValid: true,
        hex: """
        00b3c5db                               # source port 179, destination port 50651
        903349da                               # sequence number 2419280346
        5ef359c5                               # acknowledgment number 1593006533
        b018                                   # data offset 11 (44 bytes), flags 0x018 PSH ACK
        7c11                                   # window 31761
        e2ab                                   # checksum 0xe2ab (correct)
        0000                                   # urgent pointer 0
        13120b82 e9255cf2 e845365a ae9b7e70    # MD5 signature (kind 19, length 18): 16-byte digest
        555e                                   #   (continued)
        00                                     # EOL
        00000000 00                            # padding after EOL
        00498a00 000276ac 111ee074 00403100    # payload (819 bytes)
        00498a00 000276ac 11c06074 00403100
        00498a00 000276ac 11c070ff ffffffff
        ffffffff ffffffff ffffff00 69020000
        00524001 01024002 00800404 00000000
        40050400 000064c0 10080002 498a0000
        026c800a 04ac1100 00800904 ac110005
        900e0020 0001800c 00000000 00000000
        ac110005 00700040 11000049 8a000002
        6cac11a1 ffffffff ffffffff ffffffff
        ffffffff 009a0200 00008340 01010240
        02008004 04000000 00400504 00000064
        c0100800 02498a00 003b8080 0a04ac11
        00008209 04ac1100 05900e00 51000180
        0c000000 00000000 00ac1100 05007400
        71410000 498a0000 0280ac11 21407400
        40410000 498a0000 0280ac11 21507400
        40410000 498a0000 0280ac11 22007400
        40410000 498a0000 0280ac11 2210ffff
        ffffffff ffffffff ffffffff ffff00ca
        02000000 b3390173 02400200 80040400
        00000040 05040000 0064c010 08000249
        8a000002 8a800a04 ac110000 800904ac
        11000590 0e008100 01800c00 00000000
        000000ac 11000500 73004051 cc00498a
        0000028a ac112100 74004051 0000498a
        0000028a ac116900 74004051 0000498a
        0000028a ac116920 74004051 0000498a
        0000028a ac116930 74004051 0000498a
        0000028a ac11c080 74004051 0000498a
        0000028a ac11c090 720040a1 0000498a
        00000201 ac111e40 fffe00fe ffffffff
        ffffffff ffffffff ffffffff 006a0200
        00005340 01010240 02008004 04000000
        00400504 00000064 c0100800 02498a00
        00032a80 0a04ac11 00008009 04ac1100
        05900e00 21010180 0c00005b 00000000
        00ac1100 05007400 40010000 498a0000
        032aac11 1ec0ffff ffffffff ffffffff
        d1ffffff ffff00ac 02000000 95400101
        02400204 0248fc08 80040400 00000040
        05040000 0064c010 08000249 8a000000
        5a800a04 ac110000 800904ac 11000590
        0e005f00 01800c00 00000000 000000ac
        11000500 74004271 0000498a 0000005a
        ac111ef0 72002500 00ff498a 0000005a
        ac111e00 70004231 0000498a 6100005a
        ac111570 00422100 00498a00 00005aac
        11147500 41b10000 498a0000 005aac11
        1110ffff ffffffff ffffffff ffffffff
        ffff00ca 02000000 b3400173 02400200
        800404
        """)

    /// bgp-as-path-oobr.pcap frame 3. tcpdump printed (bgp-as-path-oobr-nossl.out):
    ///     172.17.0.0.179 > 172.17.0.3.50651: Flags [.], cksum 0x2643 (incorrect -> 0x7d5b), seq 1998:3213,
    ///     ack 1, win 31761, options [md5 4acfb1877b3726db7a34342ce97845fb,eol], length 1215: BGP
    /// Header only: the 1215 payload bytes are left out, so the checksum is not checked here.
    static let bgpMD5NonZeroPadding = CaptureSegment(
        capture: "bgp-as-path-oobr.pcap", frame: 3,
        source: [172, 17, 0, 0], destination: [172, 17, 0, 3],
        checksumIsValid: nil,
        hex: """
        00b3c5db                               # source port 179, destination port 50651
        90334ce8                               # sequence number 2419281128
        5ef359c5                               # acknowledgment number 1593006533
        b010                                   # data offset 11 (44 bytes), flags 0x010 ACK
        7c11                                   # window 31761
        2643                                   # checksum 0x2643 (not checkable here)
        0000                                   # urgent pointer 0
        13124acf b1877b37 26db7a34 342ce978    # MD5 signature (kind 19, length 18): 16-byte digest
        45fb                                   #   (continued)
        00                                     # EOL
        00600000 00                            # padding after EOL
        """)

    /// tcp-auth-heapoverflow.pcap frame 1. tcpdump printed (tcp-auth-heapoverflow.out):
    ///     48.48.48.48.12336 > 48.48.48.48.12336: Flags [.U], seq 808464432:808476696, ack 808464432, win
    ///     12336, urg 12336, options [tcp-ao keyid 48 rnextkeyid 48 mac 0x303030303030 [|tcp]
    /// The capture ends after 30 bytes of the 52-byte header: these are all the TCP bytes captured.
    static let tcpAuthenticationTruncated = CaptureSegment(
        capture: "tcp-auth-heapoverflow.pcap", frame: 1,
        source: [48, 48, 48, 48], destination: [48, 48, 48, 48],
        checksumIsValid: nil,
        hex: """
        30303030                 # source port 12336, destination port 12336
        30303030                 # sequence number 808464432
        30303030                 # acknowledgment number 808464432
        dc30                     # data offset 13 (52 bytes), flags 0xC30 ACK URG reserved2 reserved3
        3030                     # window 12336
        3030                     # checksum 0x3030 (not checkable here)
        3030                     # urgent pointer 12336
        1d153030 30303030 3030   # TCP-AO (kind 29, length 21): key ID 48, RNextKeyID 48, MAC (cut by the capture)
        """)

    /// heapoverflow-tcp_print.pcap frame 1. tcpdump printed (heapoverflow-tcp_print.out):
    ///     48.48.48.48.12336 > 48.48.48.48.12336: Flags [.Ue], seq 808464432:808476688, ack 808464432, win
    ///     12336, urg 12336, options [unknown-48 0x3030303030303030 [|tcp]
    /// The capture ends after 30 bytes of the 60-byte header: these are all the TCP bytes captured.
    static let reservedBitsTruncated = CaptureSegment(
        capture: "heapoverflow-tcp_print.pcap", frame: 1,
        source: [48, 48, 48, 48], destination: [48, 48, 48, 48],
        checksumIsValid: nil,
        hex: """
        30303030                 # source port 12336, destination port 12336
        30303030                 # sequence number 808464432
        30303030                 # acknowledgment number 808464432
        fd30                     # data offset 15 (60 bytes), flags 0xD30 ACK URG AE reserved2 reserved3
        3030                     # window 12336
        3030                     # checksum 0x3030 (not checkable here)
        3030                     # urgent pointer 12336
        30283030 30303030 3030   # option kind 48, length 40 (cut by the capture)
        """)

    /// bgp-enhanced-route-refresh-subtype.pcapng frame 1. tcpdump printed (bgp-enhanced-route-refresh-subtype.out):
    ///     2a02:abc::17.37754 > 2a02:abc::123.179: Flags [P.], cksum 0x6af3 (incorrect -> 0xd8aa), seq
    ///     3973869487:3973869510, ack 742445183, win 501, options [nop,nop,TS val 1477990677 ecr 1816731457],
    ///     length 23: BGP
    /// The checksum in the capture is wrong for the frame's IPv6 pseudo-header (left to offload or fuzzed).
    static let ipv6WrongChecksum = CaptureSegment(
        capture: "bgp-enhanced-route-refresh-subtype.pcapng", frame: 1,
        source: [0x2a, 0x02, 0x0a, 0xbc, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x17],
        destination: [0x2a, 0x02, 0x0a, 0xbc, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x23],
        checksumIsValid: false,
        hex: """
        937a00b3                               # source port 37754, destination port 179
        ecdc6faf                               # sequence number 3973869487
        2c40d07f                               # acknowledgment number 742445183
        8018                                   # data offset 8 (32 bytes), flags 0x018 PSH ACK
        01f5                                   # window 501
        6af3                                   # checksum 0x6af3 (wrong in the capture)
        0000                                   # urgent pointer 0
        0101                                   # 2 x NOP
        080a5818 59156c49 1f41                 # timestamps (kind 8, length 10): TSval 1477990677, TSecr 1816731457
        ffffffff ffffffff ffffffff ffffffff    # payload (23 bytes)
        00170500 010001
        """)

    /// bgp-enhanced-route-refresh-subtype.pcapng frame 2. tcpdump printed (bgp-enhanced-route-refresh-subtype.out):
    ///     2a02:abc::123.179 > 2a02:abc::17.37754: Flags [P.], cksum 0xcbcd (correct), seq 1:24, ack 23, win
    ///     501, options [nop,nop,TS val 1816734726 ecr 1477990677], length 23: BGP
    /// The checksum is correct for the frame's IPv6 pseudo-header.
    static let ipv6 = CaptureSegment(
        capture: "bgp-enhanced-route-refresh-subtype.pcapng", frame: 2,
        source: [0x2a, 0x02, 0x0a, 0xbc, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x23],
        destination: [0x2a, 0x02, 0x0a, 0xbc, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x17],
        checksumIsValid: true,
        hex: """
        00b3937a                               # source port 179, destination port 37754
        2c40d07f                               # sequence number 742445183
        ecdc6fc6                               # acknowledgment number 3973869510
        8018                                   # data offset 8 (32 bytes), flags 0x018 PSH ACK
        01f5                                   # window 501
        cbcd                                   # checksum 0xcbcd (correct)
        0000                                   # urgent pointer 0
        0101                                   # 2 x NOP
        080a6c49 2c065818 5915                 # timestamps (kind 8, length 10): TSval 1816734726, TSecr 1477990677
        ffffffff ffffffff ffffffff ffffffff    # payload (23 bytes)
        00170500 010101
        """)

}
