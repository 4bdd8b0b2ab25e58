import GoogleCloud

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
