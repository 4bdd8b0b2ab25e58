import Foundation

// The one place a `Date` becomes the milliseconds since 1970 that Kafka and the embedded log stamp messages with.

extension Date {
    /// Whole milliseconds since 1970, rounded down (a time seek then lands at or before the instant), clamped to
    /// `Int64`.
    package var epochMilliseconds: Int64 {
        let milliseconds = (timeIntervalSince1970 * 1_000).rounded(.down)
        // 2^63 is exactly representable as a Double; Int64.max is not.
        guard milliseconds < 0x1p63 else { return .max }
        guard milliseconds >= -0x1p63 else { return .min }
        return Int64(milliseconds)
    }

    /// The instant `milliseconds` after 1970.
    package init(epochMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1_000)
    }
}
