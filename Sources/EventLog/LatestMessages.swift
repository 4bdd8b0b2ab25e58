import SQLiteDB

/// The latest message of each key on a topic (`log_latest`), to leave out a message that would repeat it. A key whose
/// latest message retention removed is published again, so the topic keeps every key's latest value.
struct LatestMessages {
    private let lookup: SQLiteStatement
    private let upsert: SQLiteStatement

    init(_ db: SQLiteConnection) throws {
        lookup = try db.prepare(
            """
            SELECT m.value FROM log_latest l JOIN log_messages m
                ON m.topic = l.topic AND m.partition = l.partition AND m.offset = l.offset
            WHERE l.topic = ? AND l.key = ?
            """)
        upsert = try db.prepare(
            """
            INSERT INTO log_latest(topic, key, partition, offset) VALUES (?, ?, ?, ?)
            ON CONFLICT(topic, key) DO UPDATE SET partition = excluded.partition, offset = excluded.offset
            """)
    }

    /// Whether the key's latest message still on the topic has `message`'s value.
    func isUnchanged(_ message: OutgoingMessage) throws -> Bool {
        lookup.reset()
        defer { lookup.reset() }
        try lookup.bind([.text(message.topic), .text(message.key)])
        return try lookup.step() && lookup.row().bytes(0) == message.value
    }

    func record(_ message: OutgoingMessage, partition: Int32, offset: Int64) throws {
        try upsert.execute([.text(message.topic), .text(message.key), .integer(Int64(partition)), .integer(offset)])
    }
}
