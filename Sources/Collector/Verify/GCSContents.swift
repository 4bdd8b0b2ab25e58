import CloudStore
import Foundation
import GHRecords
import GoogleCloud

/// The bucket's chunks as `verify` reads them: a repository's chunks of one type are read and their records
/// de-duplicated by natural key (the newest version wins), as a load into BigQuery would merge them.
public struct GCSContents: StoreContents {
    let inventory: GCSInventory
    public var name: String { "gcs" }

    public init(inventory: GCSInventory) {
        self.inventory = inventory
    }

    /// The distinct records of one type under `org/repo` (or all of an org's repositories when `repo` is nil).
    private func records<R: GHRecord>(
        _ type: R.Type, org: String, repo: String?, newest: (R, R) -> Bool = { _, _ in false }
    )
        async throws -> [R]
    {
        let table = R.recordType.pluralName
        let chunks: [GCSInventory.Chunk]
        if let repo {
            chunks = try await inventory.chunks(repository: "\(org)/\(repo)")
        } else {
            chunks = try await inventory.storage.list(
                bucket: inventory.bucket, prefix: GCSChunkLayout.segment(org) + "/"
            )
            .compactMap { object in
                GCSChunkLayout.parse(object.name).map {
                    GCSInventory.Chunk(name: object.name, place: $0, bytes: object.byteCount, records: nil)
                }
            }
        }
        var byKey: [String: R] = [:]
        for chunk in chunks where chunk.place.table == table {
            let data = try await inventory.storage.download(bucket: inventory.bucket, name: chunk.name)
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                let record = try RecordCoding.decode(R.self, from: Array(line))
                if let held = byKey[record.naturalKey], !newest(record, held) { continue }
                byKey[record.naturalKey] = record
            }
        }
        return Array(byKey.values)
    }

    public func repositoryCount(org: String) async throws -> Int {
        try await records(Repository.self, org: org, repo: nil).filter { $0.org == org }.count
    }

    public func pullRequestVersions(org: String, repo: String, since: Date?) async throws -> [Int: String] {
        let pulls = try await records(PullRequest.self, org: org, repo: repo) { $0.updatedAt > $1.updatedAt }
        return Dictionary(
            pulls.filter { since == nil || $0.updatedAt >= since! }.map {
                ($0.number, ISO8601Timestamp.format($0.updatedAt))
            },
            uniquingKeysWith: max)
    }

    public func reviewsPerPullRequest(org: String, repo: String) async throws -> [Int: Int] {
        Dictionary(grouping: try await records(Review.self, org: org, repo: repo), by: \.pullNumber).mapValues(\.count)
    }

    public func issueCommentCount(org: String, repo: String, since: Date?) async throws -> Int {
        let comments = try await records(IssueComment.self, org: org, repo: repo) { $0.updatedAt > $1.updatedAt }
        return comments.filter { since == nil || $0.updatedAt >= since! }.count
    }

    public func reviewCommentCount(org: String, repo: String, since: Date?) async throws -> Int {
        let comments = try await records(ReviewComment.self, org: org, repo: repo) { $0.updatedAt > $1.updatedAt }
        return comments.filter { since == nil || $0.updatedAt >= since! }.count
    }

    public func commitCount(org: String, repo: String, since: Date?) async throws -> Int {
        try await records(Commit.self, org: org, repo: repo).filter { commit in
            guard let since else { return true }
            return (commit.committedAt ?? .distantPast) >= since
        }.count
    }
}
