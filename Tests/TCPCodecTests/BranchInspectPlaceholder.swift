// Placeholder so that the package resolves on branch `inspect`: Package.swift declares TCPCodecTests, whose
// tests are being written on `main`. Delete this file when merging with a main that has Tests/TCPCodecTests.
