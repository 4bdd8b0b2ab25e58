import Foundation
import GoogleCloud

/// What a bucket holds in ghstats's chunk layout: listing, summarising and wiping chunks by repository and date.
public struct GCSInventory: Sendable {
    public let storage: GCSClient
    public let bucket: String

    public init(storage: GCSClient, bucket: String) {
        self.storage = storage
        self.bucket = bucket
    }

    /// A chunk object and where it sits in the layout.
    public struct Chunk: Sendable {
        public let name: String
        public let place: GCSChunkLayout.Parsed
        public let bytes: Int64
        /// The `records` metadata written with the chunk, when present.
        public let records: Int?

        package init(name: String, place: GCSChunkLayout.Parsed, bytes: Int64, records: Int?) {
            self.name = name
            self.place = place
            self.bytes = bytes
            self.records = records
        }
    }

    /// Chunks, optionally of one repository (`org/repo`) and one date (`YYYY-MM-DD`).
    public func chunks(repository: String? = nil, date: String? = nil) async throws(GoogleCloudError) -> [Chunk] {
        let prefix =
            repository.map { name -> String in
                let (org, repo) = Self.split(name)
                return "\(GCSChunkLayout.segment(org))/\(GCSChunkLayout.segment(repo))/"
            } ?? ""
        return try await storage.list(bucket: bucket, prefix: prefix).compactMap { object in
            guard let place = GCSChunkLayout.parse(object.name) else { return nil }
            if let date, place.date != date { return nil }
            return Chunk(
                name: object.name, place: place, bytes: object.byteCount,
                records: object.metadata?["records"].flatMap { Int($0) })
        }
    }

    /// One line of `gcs-summary`.
    public struct Line: Sendable, Equatable {
        public let org: String
        public let repo: String
        public let table: String
        public let date: String
        public var objects: Int
        public var bytes: Int64
        public var records: Int
    }

    /// Objects, bytes and records per org, repo, type and date. Records come from each chunk's metadata, or by
    /// counting its lines when a chunk has none.
    public func summary(repository: String? = nil) async throws(GoogleCloudError) -> [Line] {
        var lines: [GCSChunkLayout.Parsed: Line] = [:]
        for chunk in try await chunks(repository: repository) {
            var records = chunk.records
            if records == nil {
                let data = try await storage.download(bucket: bucket, name: chunk.name)
                records = data.split(separator: UInt8(ascii: "\n")).count
            }
            let place = chunk.place
            lines[
                place,
                default: Line(
                    org: place.org, repo: place.repo, table: place.table, date: place.date, objects: 0, bytes: 0,
                    records: 0)
            ]
            .objects += 1
            lines[place]?.bytes += chunk.bytes
            lines[place]?.records += records ?? 0
        }
        return lines.values.sorted { ($0.org, $0.repo, $0.table, $0.date) < ($1.org, $1.repo, $1.table, $1.date) }
    }

    /// Deletes every chunk of `repository` (`org/repo`); returns how many objects were deleted.
    public func wipe(repository: String) async throws(GoogleCloudError) -> Int {
        let chunks = try await chunks(repository: repository)
        for chunk in chunks { try await storage.delete(bucket: bucket, name: chunk.name) }
        return chunks.count
    }

    static func split(_ name: String) -> (String, String) {
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        return (parts.first ?? name, parts.count > 1 ? parts[1] : "")
    }
}
