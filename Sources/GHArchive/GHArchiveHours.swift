import Foundation
import GHRecords

/// GH Archive's hourly files: `YYYY-MM-DD-H.json.gz`, the hour not zero-padded, UTC.
public enum GHArchiveHours {
    /// The file name of the hour starting at `hour`.
    public static func fileName(_ hour: Date) -> String {
        let text = ISO8601Timestamp.format(hour)  // YYYY-MM-DDTHH:...
        let day = text.prefix(10)
        let hourOfDay = Int(text.dropFirst(11).prefix(2)) ?? 0
        return "\(day)-\(hourOfDay).json.gz"
    }

    /// Hour starts from `since` (rounded down) up to `until` (exclusive; default: the last complete hour).
    public static func hours(from since: Date?, until: Date?, now: Date = Date()) -> [Date] {
        let end = floorToHour(until ?? floorToHour(now))
        var hour = floorToHour(since ?? end.addingTimeInterval(-3_600))
        var result: [Date] = []
        while hour < end {
            result.append(hour)
            hour = hour.addingTimeInterval(3_600)
        }
        return result
    }

    static func floorToHour(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3_600).rounded(.down) * 3_600)
    }
}
