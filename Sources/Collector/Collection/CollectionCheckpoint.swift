import Foundation
import GoogleCloud

/// Where a collection stands, kept in the bucket as `_checkpoints/<collection-id>.json` while it runs, so a
/// collector on another machine (a new pod, the state dir gone) can resume it with `resume --collection-id`.
public struct CollectionCheckpoint: Codable, Sendable, Equatable {
    public var collectionId: String
    public var source: String
    public var organizations: [String]
    public var window: CollectionWindow
    /// `running`, `interrupted` or `completed`.
    public var status: String
    public var startedAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?
    /// Messages the pipeline's groups had still to handle when it was written.
    public var pendingMessages: Int64?

    enum CodingKeys: String, CodingKey {
        case collectionId = "collection_id"
        case source, organizations, window, status
        case startedAt = "started_at"
        case updatedAt = "updated_at"
        case finishedAt = "finished_at"
        case pendingMessages = "pending_messages"
    }

    init(_ record: CollectionRecord, status: String, pending: Int64?, now: Date = Date()) {
        collectionId = record.id
        source = record.source.rawValue
        organizations = record.organizations
        window = record.window
        self.status = status
        startedAt = record.startedAt
        updatedAt = now
        finishedAt = status == "completed" ? now : nil
        pendingMessages = pending
    }

    /// The ledger's record of a collection resumed from this checkpoint: running, its tasks to be seeded again.
    var record: CollectionRecord {
        CollectionRecord(
            id: collectionId, source: CollectionRecord.Source(rawValue: source), organizations: organizations,
            window: window, status: status == "completed" ? .completed : .running, seeded: false,
            startedAt: startedAt, finishedAt: finishedAt)
    }
}

/// The checkpoints in a bucket.
struct BucketCheckpoints: Sendable {
    let storage: GCSClient
    let bucket: String

    static func name(_ id: String) -> String { "_checkpoints/\(id).json" }

    func write(_ checkpoint: CollectionCheckpoint) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try await storage.upload(
            bucket: bucket, name: Self.name(checkpoint.collectionId), data: try encoder.encode(checkpoint))
    }

    /// The checkpoint of collection `id`, or nil when the bucket has none.
    func read(_ id: String) async throws -> CollectionCheckpoint? {
        guard try await storage.object(bucket: bucket, name: Self.name(id)) != nil else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(
            CollectionCheckpoint.self, from: try await storage.download(bucket: bucket, name: Self.name(id)))
    }
}
