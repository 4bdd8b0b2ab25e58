import CloudStore
import Foundation
import GHRecords
import GoogleCloud

/// The BigQuery dataset as `verify` reads it (one small query per question; they scan the repository's
/// clustered blocks only).
public struct BigQueryContents: StoreContents {
    let writer: BigQueryWriter
    public var name: String { "bigquery" }

    public init(writer: BigQueryWriter) {
        self.writer = writer
    }

    private func table(_ name: String) -> String { "`\(writer.dataset).\(name)`" }

    private func scope(_ org: String, _ repo: String) -> String {
        "org = \(GoogleSQL.literal(org)) AND repo = \(GoogleSQL.literal(repo))"
    }

    private func since(_ column: String, _ date: Date?) -> String {
        date.map { " AND \(column) >= TIMESTAMP(\(GoogleSQL.literal(ISO8601Timestamp.format($0))))" } ?? ""
    }

    private func pairs(_ sql: String) async throws -> [Int: Int] {
        var result: [Int: Int] = [:]
        for row in try await writer.client.query(sql).rows {
            if let key = row.first.flatMap({ $0 }).flatMap({ Int($0) }),
                let value = row.count > 1 ? row[1].flatMap({ Int($0) }) : nil
            {
                result[key] = value
            }
        }
        return result
    }

    public func repositoryCount(org: String) async throws -> Int {
        let sql = "SELECT COUNT(*) FROM \(table("repositories")) WHERE org = \(GoogleSQL.literal(org))"
        return Int(try await writer.client.query(sql).scalarInteger ?? 0)
    }

    public func pullRequestVersions(org: String, repo: String, since date: Date?) async throws -> [Int: String] {
        let sql =
            "SELECT number, FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', updated_at) FROM \(table("pull_requests")) "
            + "WHERE \(scope(org, repo))\(since("updated_at", date))"
        var result: [Int: String] = [:]
        for row in try await writer.client.query(sql).rows {
            if let number = row.first.flatMap({ $0 }).flatMap({ Int($0) }) {
                result[number] = row.count > 1 ? row[1] ?? "" : ""
            }
        }
        return result
    }

    public func reviewsPerPullRequest(org: String, repo: String) async throws -> [Int: Int] {
        try await pairs(
            "SELECT pull_number, COUNT(*) FROM \(table("reviews")) WHERE \(scope(org, repo)) GROUP BY pull_number")
    }

    public func issueCommentCount(org: String, repo: String, since date: Date?) async throws -> Int {
        Int(
            try await writer.client.query(
                "SELECT COUNT(*) FROM \(table("issue_comments")) WHERE \(scope(org, repo))\(since("updated_at", date))"
            ).scalarInteger ?? 0)
    }

    public func reviewCommentCount(org: String, repo: String, since date: Date?) async throws -> Int {
        Int(
            try await writer.client.query(
                "SELECT COUNT(*) FROM \(table("review_comments")) WHERE \(scope(org, repo))\(since("updated_at", date))"
            ).scalarInteger ?? 0)
    }

    public func commitCount(org: String, repo: String, since date: Date?) async throws -> Int {
        Int(
            try await writer.client.query(
                "SELECT COUNT(*) FROM \(table("commits")) WHERE \(scope(org, repo))\(since("committed_at", date))"
            ).scalarInteger ?? 0)
    }
}
