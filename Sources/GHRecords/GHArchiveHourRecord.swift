import Foundation

/// A GH Archive hour read to its end: published after the hour's events, so a store that holds it holds the
/// whole hour (for the owner filter it was read with). `verify` finds missing hours from these.
public struct GHArchiveHourRecord: GHRecord {
    public static let recordType = RecordType.ghArchiveHour
    /// Its fields are its stored properties below; upserted by file and owner filter.
    public static let shape = RecordShape(reading: GHArchiveHourRecord.self, key: ["file", "org"])

    /// The hour's start (UTC).
    public var hour: Date
    /// `YYYY-MM-DD-H.json.gz`.
    public var file: String
    /// The owner filter it was read with (comma-separated, `*` for all); stands in the `org` column.
    public var org: String
    public var repo: String
    public var events: Int
    public var filteredOut: Int
    public var rejected: Int

    /// The wire names, in the order of the shape's fields.
    enum CodingKeys: String, CodingKey {
        case hour, file, org, repo, events
        case filteredOut = "filtered_out"
        case rejected
    }

    public init(hour: Date, file: String, owners: String, events: Int, filteredOut: Int, rejected: Int) {
        self.hour = hour
        self.file = file
        self.org = owners
        self.repo = ""
        self.events = events
        self.filteredOut = filteredOut
        self.rejected = rejected
    }

    public var naturalKey: String { "\(file)|\(org)" }
}
