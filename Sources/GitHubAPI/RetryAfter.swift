import DurationConversion
import Foundation

/// A `Retry-After` header (RFC 9110 §10.2.3): a number of seconds, or an HTTP date (IMF-fixdate, or the obsolete
/// RFC 850 and asctime forms), read as the wait from `now`.
public enum RetryAfter {
    /// The wait the header asks for; zero for a date already past; nil when the value is neither form.
    public static func parse(_ value: String, now: Date = Date()) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
            return .seconds(Int64(text) ?? Int64(Int32.max))
        }
        guard let date = date(text) else { return nil }
        return Duration(timeInterval: max(0, date.timeIntervalSince(now)))
    }

    /// An HTTP date in any of its three forms; nil otherwise.
    public static func date(_ text: String) -> Date? {
        let collapsed = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for format in formats {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: collapsed) { return date }
        }
        return nil
    }

    /// `date` as an IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`), the form servers send.
    public static func imfFixdate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = formats[0]
        return formatter.string(from: date)
    }

    /// IMF-fixdate, RFC 850 (two-digit year) and asctime (with runs of spaces collapsed).
    private static let formats = [
        "EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy",
    ]
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
