import Foundation
import SQLiteDB

/// The SQL behind the embedded log. Every function runs on a connection the caller holds.
extension EmbeddedLog {
    static let formatVersion = 1

    static func migrate(_ db: SQLiteConnection) throws {
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS log_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS log_topics(
                name TEXT PRIMARY KEY, partitions INTEGER NOT NULL, created_at_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS log_messages(
                topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
                key TEXT, value BLOB NOT NULL, headers TEXT, timestamp_ms INTEGER NOT NULL,
                PRIMARY KEY(topic, partition, offset)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS log_group_offsets(
                group_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
                next_offset INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
                PRIMARY KEY(group_id, topic, partition)) WITHOUT ROWID;
            INSERT INTO log_meta(key, value) VALUES ('format_version', '\(formatVersion)')
                ON CONFLICT(key) DO NOTHING;
            """
        )
        let version = try db.query("SELECT value FROM log_meta WHERE key = 'format_version'").first?.int(0)
        guard version == formatVersion else {
            throw EventLogError(
                code: .storage,
                context: "\(db.path) has log format \(version.map(String.init) ?? "?"), this build reads \(formatVersion)"
            )
        }
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    static func partitionCount(_ topic: String, _ db: SQLiteConnection) throws -> Int32 {
        guard let row = try db.query("SELECT partitions FROM log_topics WHERE name = ?", [.text(topic)]).first,
            let count = row.int64(0)
        else {
            throw EventLogError(code: .unknownTopic, context: "topic \(topic) does not exist")
        }
        return Int32(count)
    }

    static func nextOffset(_ topic: String, _ partition: Int32, _ db: SQLiteConnection) throws -> Int64 {
        let row = try db.query(
            "SELECT MAX(offset) FROM log_messages WHERE topic = ? AND partition = ?",
            [.text(topic), .integer(Int64(partition))]
        )
        return (row.first?.int64(0)).map { $0 + 1 } ?? 0
    }

    /// Appends messages inside the caller's transaction.
    static func append(_ messages: [OutgoingMessage], to db: SQLiteConnection) throws {
        var partitionCounts: [String: Int32] = [:]
        var next: [TopicPartition: Int64] = [:]
        let now = nowMilliseconds()
        let insert = try db.prepare(
            "INSERT INTO log_messages(topic, partition, offset, key, value, headers, timestamp_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        for message in messages {
            let partitions: Int32
            if let known = partitionCounts[message.topic] {
                partitions = known
            } else {
                partitions = try partitionCount(message.topic, db)
                partitionCounts[message.topic] = partitions
            }
            let partition = KeyPartitioner.partition(forKey: message.key, partitions: partitions)
            let key = TopicPartition(topic: message.topic, partition: partition)
            let offset: Int64
            if let known = next[key] {
                offset = known
            } else {
                offset = try nextOffset(message.topic, partition, db)
            }
            next[key] = offset + 1
            try insert.execute([
                .text(message.topic), .integer(Int64(partition)), .integer(offset), .text(message.key),
                .blob(message.value), encodeHeaders(message.headers), .integer(now),
            ])
        }
    }

    static func storeOffsets(group: String, _ positions: CommitPositions, _ db: SQLiteConnection) throws {
        let now = nowMilliseconds()
        for (topicPartition, offset) in positions.offsets {
            try db.run(
                """
                INSERT INTO log_group_offsets(group_id, topic, partition, next_offset, updated_at_ms) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset,
                    updated_at_ms = excluded.updated_at_ms
                """,
                [
                    .text(group), .text(topicPartition.topic), .integer(Int64(topicPartition.partition)),
                    .integer(offset), .integer(now),
                ]
            )
        }
    }

    static func committed(group: String, topic: String, _ db: SQLiteConnection) throws -> [Int32: Int64] {
        var result: [Int32: Int64] = [:]
        let rows = try db.query(
            "SELECT partition, next_offset FROM log_group_offsets WHERE group_id = ? AND topic = ?",
            [.text(group), .text(topic)]
        )
        for row in rows {
            result[Int32(row.int64(0)!)] = row.int64(1)!
        }
        return result
    }

    static func resolve(_ position: SeekPosition, topic: String, partition: Int32, _ db: SQLiteConnection) throws
        -> Int64
    {
        let arguments: [SQLiteValue] = [.text(topic), .integer(Int64(partition))]
        switch position.value {
        case .earliest:
            return try db.query("SELECT MIN(offset) FROM log_messages WHERE topic = ? AND partition = ?", arguments)
                .first?.int64(0) ?? 0
        case .latest:
            return try nextOffset(topic, partition, db)
        case .offset(let offset):
            guard offset >= 0 else {
                throw EventLogError(code: .invalidArgument, context: "offset \(offset) is negative")
            }
            return min(offset, try nextOffset(topic, partition, db))
        case .timestamp(let date):
            let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
            let row = try db.query(
                "SELECT MIN(offset) FROM log_messages WHERE topic = ? AND partition = ? AND timestamp_ms >= ?",
                arguments + [.integer(milliseconds)]
            )
            if let offset = row.first?.int64(0) { return offset }
            return try nextOffset(topic, partition, db)
        }
    }

    static func read(
        _ topicPartition: TopicPartition, from offset: Int64, limit: Int, _ db: SQLiteConnection
    ) throws -> [LogMessage] {
        let rows = try db.query(
            """
            SELECT offset, key, value, headers, timestamp_ms FROM log_messages
            WHERE topic = ? AND partition = ? AND offset >= ? ORDER BY offset LIMIT ?
            """,
            [.text(topicPartition.topic), .integer(Int64(topicPartition.partition)), .integer(offset),
             .integer(Int64(limit))]
        )
        return rows.map { row in
            LogMessage(
                topic: topicPartition.topic, partition: topicPartition.partition, offset: row.int64(0)!,
                key: row.string(1), value: row.bytes(2) ?? [], headers: decodeHeaders(row.string(3)),
                timestamp: Date(timeIntervalSince1970: Double(row.int64(4) ?? 0) / 1000)
            )
        }
    }

    // Headers are stored as `name US value RS name US value` (ASCII unit and record separators): read and
    // written for every message, where a JSON coder per message cost more than the rest of the append. Names
    // or values holding a separator, and files written before, use JSON (an object: it starts with `{`).
    static let unitSeparator: Character = "\u{1F}"
    static let recordSeparator: Character = "\u{1E}"

    static func encodeHeaders(_ headers: [String: String]) -> SQLiteValue {
        guard !headers.isEmpty else { return .null }
        let plain = headers.allSatisfy { name, value in
            !name.isEmpty && !name.hasPrefix("{")
                && !(name + value).contains { $0 == unitSeparator || $0 == recordSeparator }
        }
        guard plain else {
            guard let data = try? JSONEncoder().encode(headers) else { return .null }
            return .text(String(decoding: data, as: UTF8.self))
        }
        var text = ""
        for (index, (name, value)) in headers.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { text.append(recordSeparator) }
            text += name
            text.append(unitSeparator)
            text += value
        }
        return .text(text)
    }

    static func decodeHeaders(_ text: String?) -> [String: String] {
        guard let text, !text.isEmpty else { return [:] }
        if text.hasPrefix("{") {
            return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
        }
        var headers: [String: String] = [:]
        for record in text.split(separator: recordSeparator, omittingEmptySubsequences: false) {
            let parts = record.split(separator: unitSeparator, maxSplits: 1, omittingEmptySubsequences: false)
            headers[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return headers
    }
}
