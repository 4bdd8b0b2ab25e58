import CloudStore
import EventLog
import Foundation
import GoogleCloud
import Logging

/// Fills chunk objects across batches and uploads them create-only, a stream's chunks one after another; says
/// when what it was given is all in the bucket.
actor GCSChunkWriter {
    let storage: GCSClient
    let configuration: GCSSink.Configuration
    let logger: Logger
    private var assembly: GCSChunkAssembly

    init(storage: GCSClient, configuration: GCSSink.Configuration, logger: Logger) {
        self.storage = storage
        self.configuration = configuration
        self.logger = logger
        self.assembly = GCSChunkAssembly(chunkSize: configuration.chunkSize)
    }

    /// Forgets everything held: the consumer reads it again from the committed positions.
    func restart() {
        assembly = GCSChunkAssembly(chunkSize: configuration.chunkSize)
    }

    /// Adds a batch and uploads the chunks it filled; once `maxHeldRecords` are held or the oldest uncommitted
    /// batch is `flushInterval` old, partial chunks too. What may be committed, or nil while records are held.
    func write(_ batch: CloudBatch, positions: CommitPositions) async throws -> Settlement? {
        let rows = configuration.reconcileWithBucket ? try await unwritten(batch.rows) : batch.rows
        let now = ContinuousClock.now
        assembly.add(rows, refused: batch.refused, positions: positions, now: now)
        let due = assembly.heldSince.map { now - $0 >= configuration.flushInterval } ?? false
        return try await upload(partial: due || assembly.held >= configuration.maxHeldRecords)
    }

    /// Uploads everything held, partial chunks too; what may then be committed.
    func flush() async throws -> Settlement? {
        try await upload(partial: true)
    }

    private func upload(partial: Bool) async throws -> Settlement? {
        do {
            let streams = assembly.streamsWithChunks(partial: partial)
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = streams.makeIterator()
                func add() -> Bool {
                    guard let stream = next.next() else { return false }
                    group.addTask { try await self.upload(stream, partial: partial) }
                    return true
                }
                for _ in 0..<max(1, configuration.uploadConcurrency) where !add() { break }
                while try await group.next() != nil { _ = add() }
            }
            return assembly.settle()
        } catch {
            restart()
            throw error
        }
    }

    /// Uploads `stream`'s chunks in order; a name taken already (a crash's earlier upload) is reconciled.
    private func upload(_ stream: GCSChunkAssembly.Stream, partial: Bool) async throws {
        let bucket = configuration.bucket
        while let chunk = assembly.nextChunk(of: stream, partial: partial) {
            let name = chunk.name
            let outcome = try await storage.uploadIfAbsent(
                bucket: bucket, name: name, data: chunk.body, metadata: ["records": String(chunk.rows.count)])
            guard outcome == .alreadyExists else { continue }
            let existing = try await existingRecords(name)
            logger.notice(
                "a chunk of a redelivered batch is in the bucket already; its records are left as they are",
                metadata: [
                    "gcs.bucket": "\(bucket)", "gcs.object": "\(name)", "gcs.records": "\(existing)",
                    "gcs.records_redelivered": "\(chunk.rows.count)",
                ])
            assembly.found(chunk, existing: existing)
        }
    }

    /// Lines of each folder's chunks already in the bucket, read when a record of the folder first comes.
    private var folderLines: [String: Set<[UInt8]>] = [:]

    /// The rows whose line no chunk of their folder holds yet.
    private func unwritten(_ rows: [CloudRow]) async throws -> [CloudRow] {
        var kept: [CloudRow] = []
        kept.reserveCapacity(rows.count)
        for row in rows {
            let folder = GCSChunkAssembly.Stream(row).folder
            if folderLines[folder] == nil { folderLines[folder] = try await lines(of: folder) }
            if folderLines[folder]?.contains(row.json) != true { kept.append(row) }
        }
        return kept
    }

    private func lines(of folder: String) async throws -> Set<[UInt8]> {
        var lines = Set<[UInt8]>()
        for object in try await storage.list(bucket: configuration.bucket, prefix: folder + "/") {
            let data = try await storage.download(bucket: configuration.bucket, name: object.name)
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty { lines.insert(Array(line)) }
        }
        return lines
    }

    /// Records in an existing chunk: its `records` metadata, or its lines.
    private func existingRecords(_ name: String) async throws -> Int {
        let bucket = configuration.bucket
        let object = try await storage.object(bucket: bucket, name: name)
        if let records = object?.metadata?["records"].flatMap({ Int($0) }), records > 0 { return records }
        let lines = try await storage.download(bucket: bucket, name: name)
            .split(separator: UInt8(ascii: "\n")).count
        guard lines > 0 else {
            throw GCSChunkConflict(bucket: bucket, object: name)
        }
        return lines
    }
}

/// An object holds a chunk's name but no records: the bucket has something ghstats did not write there.
struct GCSChunkConflict: Error, CustomStringConvertible {
    let bucket: String
    let object: String

    var description: String {
        "gs://\(bucket)/\(object) exists but holds no records; it is not a ghstats chunk (remove it to go on)"
    }
}
