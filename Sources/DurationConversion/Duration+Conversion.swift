// The one place a `Duration` becomes seconds or milliseconds for Foundation, NIO's peers and C APIs, and back:
// sub-second parts kept, values out of range clamped instead of trapping.

extension Duration {
    private static let attosecondsPerSecond: Int128 = 1_000_000_000_000_000_000
    private static let attosecondsPerMillisecond: Int128 = 1_000_000_000_000_000

    /// This duration in seconds, fractions kept: a `TimeInterval` for `Date` arithmetic and formatting.
    package var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// This duration in whole milliseconds, rounded up (a positive timeout never becomes 0, which C APIs read
    /// as "do not wait") and clamped to `Int64`.
    package var inMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let total = Int128(seconds) * Self.attosecondsPerSecond + Int128(attoseconds)
        let (quotient, remainder) = total.quotientAndRemainder(dividingBy: Self.attosecondsPerMillisecond)
        return Int64(clamping: remainder > 0 ? quotient + 1 : quotient)
    }

    /// A duration of `seconds` (a `TimeInterval`), fractions kept; NaN is zero, and values beyond about
    /// ±`Int64.max` seconds (infinities included) clamp there.
    package init(timeInterval seconds: Double) {
        guard !seconds.isNaN else {
            self = .zero
            return
        }
        // The largest Double below 2^63: a duration's whole seconds must fit an Int64 for `components`.
        let limit = Double(Int64.max).nextDown
        self = .seconds(Swift.min(Swift.max(seconds, -limit), limit))
    }
}
