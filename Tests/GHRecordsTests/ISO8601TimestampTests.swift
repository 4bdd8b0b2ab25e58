import Foundation
import GHRecords
import Testing

@Suite struct ISO8601TimestampTests {
    @Test func formattingAndParsingAgreeWithFoundationAcrossCenturies() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Double(Int64.random(in: -2_000_000_000...7_000_000_000, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            let text = ISO8601Timestamp.format(date)
            #expect(text == date.formatted(.iso8601))
            #expect(ISO8601Timestamp.parse(text) == date)
        }
    }

    @Test(arguments: [
        ("2024-02-29T23:59:59Z", 1_709_251_199.0), ("2024-01-31T12:00:00+02:00", 1_706_695_200.0),
        ("2024-01-31T12:00:00-00:30", 1_706_704_200.0), ("2015-01-01T12:00:00.250Z", 1_420_113_600.25),
        ("1970-01-01T00:00:00Z", 0.0),
    ])
    func offsetsAndFractionsParse(text: String, seconds: Double) {
        #expect(ISO8601Timestamp.parse(text)?.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: [
        "", "2024-01-31", "2024-01-31T12:00:00", "2024-13-01T00:00:00Z", "2024-01-31T24:00:00Z",
        "2024-01-31T12:00:00Zjunk", "2024-01-31 12:00:00Z", "2024-01-31T12:00:00.Z", "２０２４-01-31T12:00:00Z",
    ])
    func malformedTimestampsAreRejected(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }
}
