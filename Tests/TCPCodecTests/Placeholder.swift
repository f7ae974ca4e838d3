// Placeholder so that the TCPCodecTests target declared in Package.swift has a source file on this branch (an
// empty or missing folder makes SwiftPM warn or fail). The TCPCodec tests themselves are written on `main`;
// delete this file once they land.
