import Foundation

/// A record ghstats collects: it knows its type, its natural key and where it belongs.
public protocol GHRecord: Codable, Sendable, Equatable {
    /// The record type, which names its topic, its schema and its table.
    static var recordType: RecordType { get }
    /// The record's fields with its key, read once from this declaration (`RecordShape(reading:key:)`).
    static var shape: RecordShape { get }
    /// The key the record is partitioned and upserted by (`org/repo#number`, a commit sha ...).
    var naturalKey: String { get }
    /// The organisation (owner) the record belongs to.
    var org: String { get }
    /// The repository name (without owner) the record belongs to.
    var repo: String { get }
}
