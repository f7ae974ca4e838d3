import TCPCodec

/// The identity of a connection as the observer keys it: its two endpoints in one canonical order, and the context
/// that separates it from other connections between the same endpoints (VLAN tags, a tunnel).
///
/// Both directions of a connection give the same key: ``first`` is the lower endpoint (by address, then port, as
/// ``TCPFlowEndpoint`` orders them) and ``second`` the higher one, whichever sent the segment.
/// ``isFirst(_:)`` tells which way a segment travels. ``hash(seed:)`` is the keyed hash that
/// ``TCPFlowObserver``'s table uses; with a fixed ``Seed`` it is deterministic, for tools that count or sample
/// flows.
@frozen
public struct TCPFlowKey: Hashable, Sendable, CustomStringConvertible {
    /// The lower endpoint (by address, then port).
    public let first: TCPFlowEndpoint
    /// The higher endpoint.
    public let second: TCPFlowEndpoint
    /// What separates the flow from others between the same endpoints.
    public let context: TCPFlowContext

    /// The key of the connection a segment belongs to, from the segment's source and destination.
    ///
    /// - Parameters:
    ///   - source: the segment's sending address and port.
    ///   - destination: its receiving address and port.
    ///   - context: what separates flows besides the endpoints (VLAN tags, a tunnel); none by default.
    @inlinable
    public init(source: TCPFlowEndpoint, destination: TCPFlowEndpoint, context: TCPFlowContext = .none) {
        if source < destination {
            first = source
            second = destination
        } else {
            first = destination
            second = source
        }
        self.context = context
    }

    /// Whether an endpoint is the key's first end: for a segment's source, whether the segment travels from
    /// ``first`` to ``second``.
    ///
    /// A connection from an endpoint to itself has the same endpoint at both ends; both directions are then
    /// first.
    ///
    /// - Parameter endpoint: a segment's source (or any endpoint of the flow).
    /// - Returns: `true` when `endpoint` is ``first``.
    @inlinable
    public func isFirst(_ endpoint: TCPFlowEndpoint) -> Bool { endpoint == first }

    /// `192.0.2.1:47001 <-> 192.0.2.2:80`, followed by the context's words when there is one.
    public var description: String {
        let ends = "\(first) <-> \(second)"
        if context == .none { return ends }
        return ends + " (vlan 0x\(String(context.rawValue, radix: 16)), tunnel \(context.tunnel))"
    }

    // MARK: The keyed hash

    /// The key of ``TCPFlowKey/hash(seed:)``: four odd 64-bit words.
    ///
    /// ``randomPerProcess`` is what the observer uses, so that an attacker who does not know it cannot aim flows
    /// at one run of its table; ``init(_:)`` gives a fixed seed, and so the same hash for the same key in every run
    /// (of the same version of this package).
    @frozen
    public struct Seed: Hashable, Sendable {
        @usableFromInline internal let word0: UInt64
        @usableFromInline internal let word1: UInt64
        @usableFromInline internal let word2: UInt64
        @usableFromInline internal let word3: UInt64

        /// A seed from four words, each made odd so that no key half is zero for a zero field.
        @usableFromInline
        internal init(words word0: UInt64, _ word1: UInt64, _ word2: UInt64, _ word3: UInt64) {
            self.word0 = word0 | 1
            self.word1 = word1 | 1
            self.word2 = word2 | 1
            self.word3 = word3 | 1
        }

        /// A fixed seed: the same value gives the same seed, and so the same hashes, in every run.
        ///
        /// The four words are drawn from `value` by the SplitMix64 generator, so that nearby values give unrelated
        /// seeds.
        ///
        /// - Parameter value: any value (0 is fine).
        public init(_ value: UInt64) {
            var state = value
            func next() -> UInt64 {
                // Wrapping arithmetic is the generator's definition.
                state &+= 0x9E37_79B9_7F4A_7C15
                var mixed = state
                mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
                mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
                return mixed ^ (mixed >> 31)
            }
            self.init(words: next(), next(), next(), next())
        }

        /// A seed that is random per process: drawn once from the standard library's hashing seed, so it is the
        /// same for every observer of one run and differs between runs (unless the environment sets
        /// `SWIFT_DETERMINISTIC_HASHING`, which fixes the standard library's seed).
        public static let randomPerProcess: Seed = {
            func randomWord(_ salt: UInt64) -> UInt64 {
                var hasher = Hasher()
                hasher.combine(salt)
                return UInt64(UInt(bitPattern: hasher.finalize()))
            }
            return Seed(words: randomWord(1), randomWord(2), randomWord(3), randomWord(4))
        }()
    }

    /// The key's hash under a seed: 64 x 64 -> 128-bit multiplications folded (the "mum" step of wyhash), one per
    /// endpoint (two for an IPv6 one), one over the pair, and when there is a context one over it and one to mix
    /// it with the pair.
    ///
    /// A keyed non-cryptographic hash, as Linux conntrack keys jhash with a random seed: an attacker who does not
    /// know the seed cannot aim flows at one run of a table, and it costs a few multiplications where the standard
    /// library's SipHash-1-3 takes about 250 instructions. It is ``hash(between:and:context:seed:)`` of the key's
    /// endpoints, which takes them in either order: both directions of a connection hash alike, and the observer
    /// hashes a segment's endpoints without putting them in order first. The same key and seed give the same hash
    /// in every run of the same version of this package; a later version may change the function.
    ///
    /// (`Hashable`'s `hash(into:)` is the standard library's, for sets and dictionaries of keys; this is the one
    /// the observer's table uses.)
    ///
    /// - Parameter seed: the key of the hash (``Seed/randomPerProcess`` for the observer's).
    /// - Returns: 64 well-mixed bits.
    @inlinable @inline(__always)
    public func hash(seed: Seed) -> UInt64 {
        Self.hash(between: first, and: second, context: context, seed: seed)
    }

    /// The hash of the key of a flow between two endpoints, given in either order: the same as
    /// `TCPFlowKey(source: one, destination: other, context: context).hash(seed: seed)`, without building the key.
    ///
    /// Each endpoint is mixed on its own into one word (the address with the port and family, in separate inputs
    /// of the products, so that no choice of address bits can cancel a port); the two words go into the last
    /// product lower one first, which makes the order of the endpoints irrelevant without comparing addresses. The
    /// context gets a product of its own (XORed into an address word, a chosen VLAN value could cancel a chosen
    /// address under every seed), and the pair's word and the context's are mixed by one more product, so that a
    /// sweep of VLAN tags on one connection spreads over the table like any other set of keys; both are skipped
    /// when there is no context, as in most captures.
    ///
    /// - Parameters:
    ///   - one: one endpoint.
    ///   - other: the other endpoint.
    ///   - context: the flow's context.
    ///   - seed: the key of the hash.
    /// - Returns: 64 well-mixed bits.
    @inlinable @inline(__always)
    public static func hash(
        between one: TCPFlowEndpoint, and other: TCPFlowEndpoint, context: TCPFlowContext, seed: Seed
    ) -> UInt64 {
        let oneWord = endpointWord(one, seed: seed)
        let otherWord = endpointWord(other, seed: seed)
        var mixed = mum(min(oneWord, otherWord) ^ seed.word2, max(oneWord, otherWord) ^ seed.word3)
        if context.rawValue | context.tunnel != 0 {
            let contextWord = mum(context.rawValue ^ seed.word1 ^ seed.word2, context.tunnel ^ seed.word0 ^ seed.word3)
            mixed = mum(mixed ^ contextWord, 0x9E37_79B9_7F4A_7C15 ^ seed.word3)
        }
        return mixed
    }

    /// One endpoint mixed into one word: the address's first half against its port and family, and for IPv6 the
    /// second half first mixed with them, so that each input of a product holds fields of its own.
    @inlinable @inline(__always)
    internal static func endpointWord(_ endpoint: TCPFlowEndpoint, seed: Seed) -> UInt64 {
        let address = endpoint.address
        var tail = endpoint.portAndFamily
        // An IPv4 address is all in `high` (`low` is 0); a branch that a capture of one family predicts every time.
        if address.version != .v4 { tail = mum(address.low ^ seed.word3, tail ^ seed.word2) }
        return mum(address.high ^ seed.word0, tail ^ seed.word1)
    }

    /// Feeds the standard library's hasher one word: the key's ``hash(seed:)`` under ``Seed/randomPerProcess``
    /// (three to seven multiplications rather than a dozen words through SipHash, for dictionaries and sets of keys).
    ///
    /// Equal keys give equal words, so this agrees with `==`; the seed is secret to the process, so a capture cannot
    /// be made to aim keys at one bucket.
    ///
    /// - Parameter hasher: the hasher to feed.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(hash(seed: .randomPerProcess))
    }

    /// The 128-bit product of two words, its halves folded together.
    @inlinable @inline(__always)
    internal static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }
}
