extension TCPOptionList: ExpressibleByArrayLiteral {
    /// A list from options written in the source: `header.options = [.maximumSegmentSize(1460), .sackPermitted]`.
    ///
    /// For a list built at run time use ``init(_:)``, which throws.
    ///
    /// - Precondition: the options can be written and fit in the 40-byte option area; a literal that does not is a
    ///   mistake in the source, reported with the encoding error's sentence.
    /// - Parameter options: the options in order.
    public init(arrayLiteral options: TCPOption...) {
        do {
            try self.init(options)
        } catch {
            preconditionFailure("option list literal: \(error)")
        }
    }
}
