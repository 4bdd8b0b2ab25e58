import DurationConversion
import Foundation
import Testing

/// Pins the one Duration conversion: fractions kept, signs kept, huge values clamped rather than trapping.
@Suite struct DurationConversionTests {
    @Test func secondsKeepTheFraction() {
        #expect(Duration.milliseconds(1_500).inSeconds == 1.5)
        #expect(Duration.milliseconds(250).inSeconds == 0.25)
        #expect(Duration.nanoseconds(1).inSeconds == 1e-9)
        #expect(Duration.seconds(86_400 * 30).inSeconds == 2_592_000)
    }

    @Test func secondsOfZeroAndNegativeDurations() {
        #expect(Duration.zero.inSeconds == 0)
        #expect(Duration.milliseconds(-1_500).inSeconds == -1.5)
        #expect(Duration.milliseconds(-250).inSeconds == -0.25)
    }

    @Test func secondsOfTheLargestDurationsStayFinite() {
        #expect(Duration.seconds(Int64.max).inSeconds == Double(Int64.max))
        #expect(Duration.seconds(Int64.min).inSeconds == Double(Int64.min))
    }

    @Test func millisecondsRoundUpSoAPositiveTimeoutIsNeverZero() {
        #expect(Duration.milliseconds(1_500).inMilliseconds == 1_500)
        #expect(Duration.microseconds(1_500).inMilliseconds == 2)
        #expect(Duration.nanoseconds(1).inMilliseconds == 1)
        #expect(Duration.seconds(15).inMilliseconds == 15_000)
    }

    @Test func millisecondsOfZeroAndNegativeDurations() {
        #expect(Duration.zero.inMilliseconds == 0)
        #expect(Duration.milliseconds(-1_500).inMilliseconds == -1_500)
        #expect(Duration.microseconds(-1_500).inMilliseconds == -1, "rounded up, toward zero")
    }

    @Test func millisecondsOfHugeDurationsClampInsteadOfTrapping() {
        #expect(Duration.seconds(Int64.max).inMilliseconds == Int64.max)
        #expect(Duration.seconds(Int64.min).inMilliseconds == Int64.min)
        #expect(Duration.seconds(Int64.max / 1_000).inMilliseconds == Int64.max / 1_000 * 1_000)
        #expect(Int32(clamping: Duration.seconds(3_000_000).inMilliseconds) == Int32.max)
    }

    @Test func timeIntervalsKeepTheFraction() {
        #expect(Duration(timeInterval: 1.5) == .milliseconds(1_500))
        #expect(Duration(timeInterval: 0.25) == .milliseconds(250))
        #expect(Duration(timeInterval: 8) == .seconds(8))
        let error = Duration(timeInterval: 0.001) - .milliseconds(1)
        #expect(error > .nanoseconds(-1) && error < .nanoseconds(1), "off by \(error)")
    }

    @Test func timeIntervalsOfZeroAndNegativeValues() {
        #expect(Duration(timeInterval: 0) == .zero)
        #expect(Duration(timeInterval: -0.0) == .zero)
        #expect(Duration(timeInterval: -2.5) == .milliseconds(-2_500))
    }

    @Test func hugeAndNonFiniteTimeIntervalsClamp() {
        let limit = Duration(timeInterval: Double(Int64.max))
        #expect(Duration(timeInterval: .infinity) == limit)
        #expect(Duration(timeInterval: 1e300) == limit)
        #expect(Duration(timeInterval: -.infinity) == Duration(timeInterval: -Double(Int64.max)))
        #expect(Duration(timeInterval: .nan) == .zero)
        #expect(limit.inSeconds == Double(Int64.max).nextDown)
        #expect(limit.inMilliseconds == Int64.max)
        #expect(Duration(timeInterval: -.infinity).inMilliseconds == Int64.min)
    }

    @Test func aDurationSurvivesTheRoundTripThroughSeconds() {
        for duration in [Duration.milliseconds(1), .milliseconds(-750), .seconds(3_600), .microseconds(123_456_789)] {
            let error = Duration(timeInterval: duration.inSeconds) - duration
            #expect(error > .nanoseconds(-1) && error < .nanoseconds(1), "\(duration) off by \(error)")
        }
    }
}

/// Dates become epoch milliseconds rounded down, so a seek by time lands at or before the instant.
@Suite struct EpochMillisecondsTests {
    @Test func aDateBecomesWholeMillisecondsRoundedDownAndBack() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123_9)
        #expect(date.epochMilliseconds == 1_700_000_000_123)
        #expect(Date(timeIntervalSince1970: -0.000_5).epochMilliseconds == -1)
        #expect(Date(epochMilliseconds: 1_700_000_000_123).timeIntervalSince1970 == 1_700_000_000.123)
        #expect(Date.distantFuture.addingTimeInterval(1e300).epochMilliseconds == Int64.max)
    }
}
