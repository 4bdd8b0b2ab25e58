import GHRecords
import GoogleCloud
import Store

/// Records per table in each store, to compare them after a run.
public enum CloudCounts {
    /// The record tables compared across stores.
    public static let tables = [
        "repositories", "pull_requests", "commits", "reviews", "review_comments", "issue_comments", "events",
    ]

    /// Rows per table of the SQLite store.
    public static func sqlite(_ counts: StoreCounts) -> [String: Int] {
        [
            "repositories": counts.repositories, "pull_requests": counts.pullRequests, "commits": counts.commits,
            "reviews": counts.reviews, "review_comments": counts.reviewComments, "issue_comments": counts.issueComments,
            "events": counts.events,
        ]
    }

    /// Records per table in the bucket's chunks (a record held by two chunks counts twice).
    public static func gcs(_ inventory: GCSInventory) async throws(GoogleCloudError) -> [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: tables.map { ($0, 0) })
        for line in try await inventory.summary() where counts[line.table] != nil {
            counts[line.table, default: 0] += line.records
        }
        return counts
    }

    /// Distinct records per table in the bucket, by natural key, as a reader or `load-gcs` sees them. On Kafka,
    /// fetchers publish at least once (a task redone after a rebalance publishes its records again), and the
    /// persister keeps every message it is given, so one record may sit in two chunks.
    public static func gcsDistinct(_ inventory: GCSInventory) async throws -> [String: Int] {
        var keys = Dictionary(uniqueKeysWithValues: tables.map { ($0, Set<String>()) })
        for chunk in try await inventory.chunks() where keys[chunk.place.table] != nil {
            let data = try await inventory.storage.download(bucket: inventory.bucket, name: chunk.name)
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                keys[chunk.place.table]?.insert(try naturalKey(table: chunk.place.table, Array(line)))
            }
        }
        return keys.mapValues(\.count)
    }

    static func naturalKey(table: String, _ json: [UInt8]) throws -> String {
        switch table {
        case "repositories": return try RecordCoding.decode(Repository.self, from: json).naturalKey
        case "pull_requests": return try RecordCoding.decode(PullRequest.self, from: json).naturalKey
        case "commits": return try RecordCoding.decode(Commit.self, from: json).naturalKey
        case "reviews": return try RecordCoding.decode(Review.self, from: json).naturalKey
        case "review_comments": return try RecordCoding.decode(ReviewComment.self, from: json).naturalKey
        case "issue_comments": return try RecordCoding.decode(IssueComment.self, from: json).naturalKey
        default: return try RecordCoding.decode(GitHubEvent.self, from: json).naturalKey
        }
    }

    /// Rows per table in BigQuery.
    public static func bigQuery(_ writer: BigQueryWriter) async throws(GoogleCloudError) -> [String: Int] {
        let sql = tables.map { "SELECT '\($0)' AS t, COUNT(*) AS n FROM `\(writer.dataset).\($0)`" }
            .joined(separator: " UNION ALL ")
        let result = try await writer.client.query(sql)
        var counts: [String: Int] = [:]
        for row in result.rows {
            if let table = row.first ?? nil, let count = row.count > 1 ? row[1].flatMap({ Int($0) }) : nil {
                counts[table] = count
            }
        }
        return counts
    }
}
