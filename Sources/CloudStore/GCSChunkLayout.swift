import EventLog
import Foundation
import GHRecords

/// Names of chunk objects: `{org}/{repo}/{type}/{YYYY-MM-DD}/{timestamp}_chunk_{n}.json`.
/// `{timestamp}` is when the chunk's first record was appended to its topic, `{n}` that record's partition and
/// offset (`3-1200`): a batch delivered again after a crash names its chunks the same, and the create-only
/// upload leaves the objects already written alone.
public enum GCSChunkLayout {
    /// The folder of a record's chunks.
    package static func folder(org: String, repo: String, table: String, date: Date?) -> String {
        "\(segment(org))/\(segment(repo))/\(table)/\(date.map(day) ?? undated)"
    }

    /// The date folder of records without a timestamp.
    public static let undated = "undated"

    package static func objectName(folder: String, first: LogMessage) -> String {
        "\(folder)/\(compactTimestamp(first.timestamp))_chunk_\(first.partition)-\(first.offset).json"
    }

    /// `YYYY-MM-DD` (UTC).
    public static func day(_ date: Date) -> String {
        String(ISO8601Timestamp.format(date).prefix(10))
    }

    static func compactTimestamp(_ date: Date) -> String {
        // 2026-11-23T02:30:00Z → 20261123T023000Z
        ISO8601Timestamp.format(date).filter { $0 != "-" && $0 != ":" }
    }

    /// A path segment: `/` would add a level, an empty name would remove one.
    package static func segment(_ name: String) -> String {
        name.isEmpty ? "_" : name.replacingOccurrences(of: "/", with: "%2F")
    }

    /// The parts of a chunk's name, or nil for an object that is not a chunk.
    public struct Parsed: Sendable, Hashable {
        public let org: String
        public let repo: String
        public let table: String
        public let date: String
    }

    public static func parse(_ name: String) -> Parsed? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[4].contains("_chunk_"), parts[4].hasSuffix(".json") else { return nil }
        return Parsed(org: String(parts[0]), repo: String(parts[1]), table: String(parts[2]), date: String(parts[3]))
    }
}
