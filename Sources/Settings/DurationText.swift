import Foundation

/// The one parser of durations in settings and options: `500ms`, `90s`, `30m`, `6h`, `7d`; a bare number is in
/// `bareUnit` (hours for `scheduled --interval`, days for retention).
public enum DurationText {
    /// Milliseconds per unit suffix.
    static let units: [String: Int64] = ["ms": 1, "s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]

    /// Parses `text`; a bad value throws a `ConfigurationError` naming `key`. `0` is accepted when `allowsZero`.
    public static func parse(
        _ text: String, key: String, bareUnit: String, minimum: Duration = .milliseconds(1), allowsZero: Bool = false
    ) throws -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let suffix =
            trimmed.hasSuffix("ms") ? "ms" : trimmed.last.map(String.init).flatMap { units[$0] != nil ? $0 : nil }
        let number = trimmed.dropLast(suffix?.count ?? 0)
        guard let count = Int64(number), count >= 0, let milliseconds = units[suffix ?? bareUnit],
            count <= Int64.max / milliseconds / 1_000_000
        else {
            throw ConfigurationError(key: key, reason: "'\(text)' is not a duration (90s, 30m, 6h, 7d)")
        }
        if count == 0, allowsZero { return .zero }
        let duration = Duration.milliseconds(count * milliseconds)
        guard duration >= minimum else {
            throw ConfigurationError(key: key, reason: "'\(text)' is shorter than \(minimum)")
        }
        return duration
    }
}
