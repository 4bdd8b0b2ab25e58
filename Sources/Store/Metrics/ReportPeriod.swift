import Foundation
import Settings

/// The first day of a report's period: `YYYY-MM-DD`, or `Nd` / `Nw` back from today (UTC).
public enum ReportPeriod {
    public static func firstDay(_ text: String, now: Date = Date()) throws(ConfigurationError) -> String {
        if let unit = text.last, unit == "d" || unit == "w", let count = Int(text.dropLast()), count > 0 {
            return day(now.addingTimeInterval(-Double(count * (unit == "w" ? 7 : 1)) * 86_400))
        }
        guard text.count == 10, let date = date(text) else {
            throw ConfigurationError(
                key: "--since", reason: "'\(text)' is neither YYYY-MM-DD nor a count of days (30d) or weeks (4w)")
        }
        return day(date)
    }

    /// The UTC day of `date`, `YYYY-MM-DD`.
    public static func day(_ date: Date) -> String { formatter().string(from: date) }

    /// The start (00:00 UTC) of day `text` (`YYYY-MM-DD`); nil when it is not one.
    public static func date(_ text: String) -> Date? { formatter().date(from: text) }

    /// The day `days` after `text` (before, when negative).
    public static func day(_ text: String, adding days: Int) -> String {
        date(text).map { day($0.addingTimeInterval(Double(days) * 86_400)) } ?? text
    }

    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }
}
