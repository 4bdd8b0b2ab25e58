import Foundation
import GHRecords
import SQLiteDB
import Store

/// The SQLite store as `verify` reads it.
public struct SQLiteContents: StoreContents {
    let store: SQLiteStore
    public var name: String { "sqlite" }

    public init(store: SQLiteStore) {
        self.store = store
    }

    private func since(_ date: Date?) -> SQLiteValue { .text(date.map(ISO8601Timestamp.format) ?? "0000") }

    public func repositoryCount(org: String) async throws -> Int {
        try await store.query("SELECT COUNT(*) FROM repositories WHERE org = ?", [.text(org)]).first?.int(0) ?? 0
    }

    public func pullRequestVersions(org: String, repo: String, since date: Date?) async throws -> [Int: String] {
        Dictionary(
            uniqueKeysWithValues: try await store.query(
                "SELECT number, updated_at FROM pull_requests WHERE org = ? AND repo = ? AND updated_at >= ?",
                [.text(org), .text(repo), since(date)]
            ).compactMap { row in row.int(0).map { ($0, row.string(1) ?? "") } })
    }

    public func reviewsPerPullRequest(org: String, repo: String) async throws -> [Int: Int] {
        try await counts(
            "SELECT pull_number, COUNT(*) FROM reviews WHERE org = ? AND repo = ? GROUP BY pull_number", org, repo)
    }

    public func issueCommentCount(org: String, repo: String, since date: Date?) async throws -> Int {
        try await store.query(
            "SELECT COUNT(*) FROM issue_comments WHERE org = ? AND repo = ? AND updated_at >= ?",
            [.text(org), .text(repo), since(date)]
        ).first?.int(0) ?? 0
    }

    public func reviewCommentCount(org: String, repo: String, since date: Date?) async throws -> Int {
        try await store.query(
            "SELECT COUNT(*) FROM review_comments WHERE org = ? AND repo = ? AND updated_at >= ?",
            [.text(org), .text(repo), since(date)]
        ).first?.int(0) ?? 0
    }

    public func commitCount(org: String, repo: String, since date: Date?) async throws -> Int {
        try await store.query(
            "SELECT COUNT(*) FROM commits WHERE org = ? AND repo = ? AND committed_at >= ?",
            [.text(org), .text(repo), since(date)]
        ).first?.int(0) ?? 0
    }

    private func counts(_ sql: String, _ org: String, _ repo: String) async throws -> [Int: Int] {
        Dictionary(
            uniqueKeysWithValues: try await store.query(sql, [.text(org), .text(repo)]).compactMap { row in
                row.int(0).flatMap { number in row.int(1).map { (number, $0) } }
            })
    }
}
