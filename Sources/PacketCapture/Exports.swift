// The capture layer hands out the codec's values (`IPAddress`, `IPVersion`, `TCPSegmentView`, `TCPPseudoHeader`):
// importing PacketCapture makes them nameable without a second import.
@_exported import TCPCodec
