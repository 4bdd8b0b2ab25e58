import EventLog
import Foundation
import GHRecords
import GoogleCloud
import Store

/// A record as the cloud stores hold it: its BigQuery table, the columns its rows are merged on, and the
/// timestamp that picks its partition (BigQuery) and its date folder (GCS chunks).
package protocol CloudRecord: StoredRecord {
    /// The columns a row is merged on: the natural key's fields (BigQuery's columns are named as the fields).
    static var mergeKey: [String] { get }
    /// The value of the table's partitioning column; nil lands in BigQuery's `__NULL__` partition.
    var partitionTime: Date? { get }
}

extension CloudRecord {
    package static var mergeKey: [String] { shape.key }
    package static var bigQueryTable: BigQueryTable {
        guard let table = BigQueryTables.table(for: recordType) else {
            preconditionFailure("no BigQuery table for \(recordType)")
        }
        return table
    }

    /// The row's de-duplication id: the natural key and the version (a newer version is a new row to merge).
    package var insertID: String {
        let version = Self.freshnessColumn != nil ? versionText : ""
        return naturalKey + (version.isEmpty ? "" : "@" + version)
    }

    private var versionText: String {
        switch self {
        case let pull as PullRequest: return ISO8601Timestamp.format(pull.updatedAt)
        case let comment as ReviewComment: return ISO8601Timestamp.format(comment.updatedAt)
        case let comment as IssueComment: return ISO8601Timestamp.format(comment.updatedAt)
        default: return ""
        }
    }
}

extension Repository: CloudRecord { package var partitionTime: Date? { createdAt } }
extension PullRequest: CloudRecord { package var partitionTime: Date? { createdAt } }
extension Commit: CloudRecord { package var partitionTime: Date? { committedAt } }
extension Review: CloudRecord { package var partitionTime: Date? { submittedAt } }
extension ReviewComment: CloudRecord { package var partitionTime: Date? { createdAt } }
extension IssueComment: CloudRecord { package var partitionTime: Date? { createdAt } }
extension GitHubEvent: CloudRecord { package var partitionTime: Date? { createdAt } }
extension GHArchiveHourRecord: CloudRecord { package var partitionTime: Date? { hour } }

/// A record message decoded for a cloud store: the record and the message it came in, whose bytes are its row.
package struct CloudRow: Sendable {
    package let record: any CloudRecord
    package let message: LogMessage

    package init(record: any CloudRecord, message: LogMessage) {
        self.record = record
        self.message = message
    }

    /// The record's JSON as published, which is also its BigQuery row.
    package var json: [UInt8] { message.value }
    package var table: BigQueryTable { type(of: record).bigQueryTable }
}
