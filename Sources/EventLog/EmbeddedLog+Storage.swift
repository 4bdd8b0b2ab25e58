import DurationConversion
import Foundation
import SQLiteDB

/// The SQL behind the embedded log. Every function runs on a connection the caller holds.
extension EmbeddedLog {
    /// 2: messages in a rowid table (rows of a few KB spilled to overflow pages in the WITHOUT ROWID b-tree of
    /// format 1, writing a fifth more); a file of format 1 is converted when opened.
    static let formatVersion = 2

    static let createMessages = """
        CREATE TABLE log_messages(
            topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
            key TEXT, value BLOB NOT NULL, headers TEXT, timestamp_ms INTEGER NOT NULL,
            UNIQUE(topic, partition, offset));
        """

    /// The file's schema steps (`schema_migrations`, as every SQLite file of ghstats keeps them).
    static func migrate(_ db: SQLiteConnection) throws {
        try db.migrate([
            SQLiteMigration(version: 1, description: "log format 2 (a format-1 file converted)", apply: formatTwo),
            SQLiteMigration(
                version: 2, description: "latest message per key, to leave out unchanged records",
                sql: """
                    CREATE TABLE log_latest(
                        topic TEXT NOT NULL, key TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
                        PRIMARY KEY(topic, key)) WITHOUT ROWID;
                    """),
        ])
    }

    /// The tables of format 2. Files made before the log kept `schema_migrations` say their format in `log_meta`.
    static func formatTwo(_ db: SQLiteConnection) throws {
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS log_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS log_topics(
                name TEXT PRIMARY KEY, partitions INTEGER NOT NULL, created_at_ms INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS log_group_offsets(
                group_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
                next_offset INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
                PRIMARY KEY(group_id, topic, partition)) WITHOUT ROWID;
            """
        )
        let version = try db.query("SELECT value FROM log_meta WHERE key = 'format_version'").first?.int(0)
        switch version {
        case nil:
            try db.execute(createMessages)
        case 1?:
            try db.execute(
                """
                ALTER TABLE log_messages RENAME TO log_messages_format1;
                \(createMessages)
                INSERT INTO log_messages(topic, partition, offset, key, value, headers, timestamp_ms)
                    SELECT topic, partition, offset, key, value, headers, timestamp_ms FROM log_messages_format1
                    ORDER BY topic, partition, offset;
                DROP TABLE log_messages_format1;
                """
            )
        case formatVersion?:
            return
        case let other?:
            throw EventLogError(
                code: .storage, context: "\(db.path) has log format \(other), this build reads \(formatVersion)")
        }
        try db.run(
            """
            INSERT INTO log_meta(key, value) VALUES ('format_version', ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value
            """,
            [.text(String(formatVersion))])
    }

    static func nowMilliseconds() -> Int64 {
        Date().epochMilliseconds
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

    /// Appends messages inside the caller's transaction; returns them as stored (partition, offset, time).
    static func append(_ messages: [OutgoingMessage], to db: SQLiteConnection) throws -> [LogMessage] {
        var partitionCounts: [String: Int32] = [:]
        var next: [TopicPartition: Int64] = [:]
        let now = nowMilliseconds()
        let insert = try db.prepare(
            "INSERT INTO log_messages(topic, partition, offset, key, value, headers, timestamp_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        let timestamp = Date(epochMilliseconds: now)
        var appended: [LogMessage] = []
        appended.reserveCapacity(messages.count)
        // Messages of one batch mostly share their headers: encode each distinct set once.
        var lastHeaders: (headers: [String: String], value: SQLiteValue)?
        var latest: LatestMessages?
        for message in messages {
            if message.skipIfUnchanged {
                if latest == nil { latest = try LatestMessages(db) }
                if try latest?.isUnchanged(message) == true { continue }
            }
            let headers: SQLiteValue
            if let last = lastHeaders, last.headers == message.headers {
                headers = last.value
            } else {
                headers = encodeHeaders(message.headers)
                lastHeaders = (message.headers, headers)
            }
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
                .blob(message.value), headers, .integer(now),
            ])
            if message.skipIfUnchanged { try latest?.record(message, partition: partition, offset: offset) }
            appended.append(
                LogMessage(
                    topic: message.topic, partition: partition, offset: offset, key: message.key, value: message.value,
                    headers: message.headers, timestamp: timestamp))
        }
        return appended
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

    static func resolve(
        _ position: SeekPosition, topic: String, partition: Int32, _ db: SQLiteConnection
    ) throws
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
            let milliseconds = date.epochMilliseconds
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
            [
                .text(topicPartition.topic), .integer(Int64(topicPartition.partition)), .integer(offset),
                .integer(Int64(limit)),
            ]
        )
        return rows.map { row in
            LogMessage(
                topic: topicPartition.topic, partition: topicPartition.partition, offset: row.int64(0)!,
                key: row.string(1), value: row.bytes(2) ?? [], headers: decodeHeaders(row.string(3)),
                timestamp: Date(epochMilliseconds: row.int64(4) ?? 0)
            )
        }
    }

    // Headers are stored as `name US value RS name US value` (ASCII unit and record separators), read and
    // written byte by byte for every message (a JSON coder per message cost more than the rest of the append).
    // Names or values holding a separator, and files written before, use JSON (an object: it starts with `{`).
    static let unitSeparator: UInt8 = 0x1F
    static let recordSeparator: UInt8 = 0x1E

    static func encodeHeaders(_ headers: [String: String]) -> SQLiteValue {
        guard !headers.isEmpty else { return .null }
        func plain(_ text: String) -> Bool {
            !text.utf8.contains { $0 == unitSeparator || $0 == recordSeparator }
        }
        guard
            headers.allSatisfy({ name, value in
                !name.isEmpty && name.utf8.first != UInt8(ascii: "{") && plain(name) && plain(value)
            })
        else {
            guard let data = try? JSONEncoder().encode(headers) else { return .null }
            return .text(String(decoding: data, as: UTF8.self))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headers.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 2 })
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if !bytes.isEmpty { bytes.append(recordSeparator) }
            bytes.append(contentsOf: name.utf8)
            bytes.append(unitSeparator)
            bytes.append(contentsOf: value.utf8)
        }
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    static func decodeHeaders(_ text: String?) -> [String: String] {
        guard var text, !text.isEmpty else { return [:] }
        if text.utf8.first == UInt8(ascii: "{") {
            return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
        }
        return text.withUTF8 { bytes in
            var headers: [String: String] = [:]
            var recordStart = 0
            while recordStart <= bytes.count {
                let recordEnd = bytes[recordStart...].firstIndex(of: recordSeparator) ?? bytes.count
                let record = bytes[recordStart..<recordEnd]
                if let split = record.firstIndex(of: unitSeparator) {
                    headers[
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[recordStart..<split]), as: UTF8.self)] =
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[(split + 1)..<recordEnd]), as: UTF8.self)
                } else {
                    headers[String(decoding: UnsafeBufferPointer(rebasing: record), as: UTF8.self)] = ""
                }
                recordStart = recordEnd + 1
            }
            return headers
        }
    }
}
