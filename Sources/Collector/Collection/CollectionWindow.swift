import Foundation

/// The time window a collection covers, as the user asked for it (`--days 30`, `--hours 6`).
public struct CollectionWindow: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How the window was given: `days:30`, `hours:6`, or `all`.
    public let spec: String
    /// Start (inclusive); nil means all history.
    public let since: Date?
    /// End (exclusive); nil means now.
    public let until: Date?

    /// The last `days` days. The start is rounded down to the hour, so runs within one hour ask GitHub the
    /// same URLs (and get 304s for unchanged pages).
    public static func days(_ days: Int, now: Date = Date()) -> CollectionWindow {
        CollectionWindow(
            spec: "days:\(days)", since: hourStart(now).addingTimeInterval(-Double(days) * 86_400), until: nil)
    }

    /// The last `hours` hours, the start rounded down to the hour.
    public static func hours(_ hours: Int, now: Date = Date()) -> CollectionWindow {
        CollectionWindow(
            spec: "hours:\(hours)", since: hourStart(now).addingTimeInterval(-Double(hours) * 3_600), until: nil)
    }

    /// From `from` (inclusive) to `to` (exclusive), both rounded down to the hour.
    public static func range(from: Date, to: Date) -> CollectionWindow {
        let since = hourStart(from)
        let until = hourStart(to)
        return CollectionWindow(
            spec: "range:\(since.formatted(.iso8601))/\(until.formatted(.iso8601))", since: since, until: until)
    }

    static func hourStart(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 3_600).rounded(.down) * 3_600)
    }

    /// The same window as of `now`: `days:N` and `hours:N` move with time (each scheduled run asks the last N days
    /// as of its own start); a range and all history stay as they are.
    public func renewed(now: Date = Date()) -> CollectionWindow {
        let parts = spec.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let count = Int(parts[1]) else { return self }
        switch parts[0] {
        case "days": return .days(count, now: now)
        case "hours": return .hours(count, now: now)
        default: return self
        }
    }

    public static let allHistory = CollectionWindow(spec: "all", since: nil, until: nil)

    public var description: String {
        since.map { "\(spec) (since \($0.formatted(.iso8601)))" } ?? spec
    }
}
