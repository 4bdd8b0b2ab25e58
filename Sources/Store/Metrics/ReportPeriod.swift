import Foundation
import Settings

/// The first day of a report's period: `YYYY-MM-DD`, or `Nd` / `Nw` back from today (UTC).
public enum ReportPeriod {
    public static func firstDay(_ text: String, now: Date = Date()) throws(ConfigurationError) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        if let unit = text.last, unit == "d" || unit == "w", let count = Int(text.dropLast()), count > 0 {
            return formatter.string(from: now.addingTimeInterval(-Double(count * (unit == "w" ? 7 : 1)) * 86_400))
        }
        guard text.count == 10, let date = formatter.date(from: text) else {
            throw ConfigurationError(
                key: "--since", reason: "'\(text)' is neither YYYY-MM-DD nor a count of days (30d) or weeks (4w)")
        }
        return formatter.string(from: date)
    }
}
