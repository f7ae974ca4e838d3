/// The option kinds the codec gives a typed value (IANA "TCP Option Kind Numbers").
public enum TCPOptionKind {
    /// End of option list (RFC 9293 section 3.2).
    public static let endOfOptionList: UInt8 = 0
    /// No-operation (RFC 9293 section 3.2).
    public static let noOperation: UInt8 = 1
    /// Maximum segment size, length 4 (RFC 9293 section 3.2).
    public static let maximumSegmentSize: UInt8 = 2
    /// Window scale, length 3 (RFC 7323 section 2.2).
    public static let windowScale: UInt8 = 3
    /// SACK permitted, length 2 (RFC 2018 section 2).
    public static let sackPermitted: UInt8 = 4
    /// SACK, length 2 + 8n, n in 1...4 (RFC 2018 section 3).
    public static let sack: UInt8 = 5
    /// Timestamps, length 10 (RFC 7323 section 3.2).
    public static let timestamps: UInt8 = 8
    /// MD5 signature, length 18 (RFC 2385).
    public static let md5Signature: UInt8 = 19
    /// User timeout, length 4 (RFC 5482).
    public static let userTimeout: UInt8 = 28
    /// TCP Authentication Option, length 4 or more (RFC 5925 section 2.2).
    public static let authentication: UInt8 = 29
    /// Multipath TCP, length 3 or more (RFC 8684 section 3).
    public static let multipath: UInt8 = 30
    /// TCP Fast Open cookie, length 2 (a cookie request) or 6 ... 18 (RFC 7413 section 4.1.1).
    public static let fastOpenCookie: UInt8 = 34
    /// Accurate ECN order 0, length 2, 5, 8 or 11 (RFC 9768 section 3.2.3).
    public static let accurateECN0: UInt8 = 172
    /// Accurate ECN order 1, length 2, 5, 8 or 11 (RFC 9768 section 3.2.3).
    public static let accurateECN1: UInt8 = 174
    /// Experimental option 1, with a 16-bit experiment identifier, length 4 or more (RFC 6994).
    public static let experimental1: UInt8 = 253
    /// Experimental option 2, with a 16-bit experiment identifier, length 4 or more (RFC 6994).
    public static let experimental2: UInt8 = 254
}
