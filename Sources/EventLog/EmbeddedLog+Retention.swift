import DurationConversion
import Foundation
import SQLiteDB

extension EmbeddedLog {
    /// Deletes messages older than `retention.age` that every group has consumed, then returns the freed pages to
    /// the file system. `required` maps a topic to groups that must have committed before anything of it is
    /// deleted (the pipeline's own groups: one not seen yet keeps the topic whole). Runs on the log file's queue.
    @discardableResult
    public func applyRetention(
        _ retention: LogRetention, required: [String: [String]] = [:], now: Date = Date()
    ) async throws -> RetentionReport {
        guard let age = retention.age else { return RetentionReport(deletedMessages: 0, reclaimedPages: 0) }
        let ageMilliseconds = age.inMilliseconds
        let cutoff = now.epochMilliseconds - ageMilliseconds
        return try await withDatabase("applying retention to \(configuration.path)") { db in
            let deleted = try db.transaction { try Self.deleteConsumed(before: cutoff, required: required, db) }
            guard deleted > 0 else { return RetentionReport(deletedMessages: 0, reclaimedPages: 0) }
            return RetentionReport(deletedMessages: deleted, reclaimedPages: try Self.reclaimFreePages(db))
        }
    }

    static func deleteConsumed(
        before cutoff: Int64, required: [String: [String]], _ db: SQLiteConnection
    ) throws
        -> Int
    {
        var deleted = 0
        for row in try db.query("SELECT name, partitions FROM log_topics") {
            guard let topic = row.string(0), let partitions = row.int64(1) else { continue }
            var groups = Set(
                try db.query("SELECT DISTINCT group_id FROM log_group_offsets WHERE topic = ?", [.text(topic)])
                    .compactMap { $0.string(0) })
            groups.formUnion(required[topic] ?? [])
            guard !groups.isEmpty else { continue }
            var committed: [String: [Int32: Int64]] = [:]
            for group in groups { committed[group] = try Self.committed(group: group, topic: topic, db) }
            for partition in 0..<Int32(partitions) {
                // A group without an offset on this partition has read none of it.
                let floor = groups.map { committed[$0]?[partition] ?? 0 }.min() ?? 0
                guard floor > 0 else { continue }
                let last = try nextOffset(topic, partition, db) - 1
                try db.run(
                    """
                    DELETE FROM log_messages WHERE topic = ? AND partition = ? AND offset < ? AND offset < ?
                        AND timestamp_ms < ?
                    """,
                    [.text(topic), .integer(Int64(partition)), .integer(floor), .integer(last), .integer(cutoff)])
                deleted += Int(try db.query("SELECT changes()").first?.int64(0) ?? 0)
            }
        }
        return deleted
    }

    /// Returns free pages to the file system: incrementally once the file is in incremental auto-vacuum mode,
    /// which the first pass that deleted something switches it to (one VACUUM, rewriting the file once).
    static func reclaimFreePages(_ db: SQLiteConnection) throws -> Int {
        let free = try db.query("PRAGMA freelist_count").first?.int64(0) ?? 0
        guard free > 0 else { return 0 }
        if try db.query("PRAGMA auto_vacuum").first?.int64(0) != 2 {
            try db.execute("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;")
        } else {
            _ = try db.query("PRAGMA incremental_vacuum")
        }
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE);")
        return Int(free - (try db.query("PRAGMA freelist_count").first?.int64(0) ?? 0))
    }
}
