import Foundation

/// Where to move a consumer group: to the start, the end, an offset or a time.
public struct SeekPosition: Hashable, Sendable, CustomStringConvertible {
    /// The position's kind and argument.
    public enum Value: Hashable, Sendable {
        case earliest
        case latest
        case offset(Int64)
        case timestamp(Date)
    }

    public let value: Value

    /// The first message still kept.
    public static let earliest = SeekPosition(value: .earliest)
    /// Past the last message: only new messages are consumed.
    public static let latest = SeekPosition(value: .latest)
    /// A given offset in every partition.
    public static func offset(_ offset: Int64) -> SeekPosition { SeekPosition(value: .offset(offset)) }
    /// The first message appended at or after `date`.
    public static func timestamp(_ date: Date) -> SeekPosition { SeekPosition(value: .timestamp(date)) }

    public var description: String {
        switch value {
        case .earliest: return "earliest"
        case .latest: return "latest"
        case .offset(let offset): return "offset \(offset)"
        case .timestamp(let date): return "time \(date.formatted(.iso8601))"
        }
    }
}
