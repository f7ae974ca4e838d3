// expect: the 'get' accessor cannot return a ~Escapable result
// A segment span cannot be kept in an ordinary (escapable) value.
import TCPCodec

struct Holder {
    var segment: TCPSegmentSpan
}
