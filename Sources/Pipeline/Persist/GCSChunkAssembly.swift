import CloudStore
import EventLog
import Foundation

/// The records a GCS persister holds for chunk objects across batches, and what it may commit once they are
/// uploaded.
///
/// Records are kept per stream (folder, topic, partition) in log order and cut into chunks of `chunkSize` from each
/// stream's front; a chunk is named after its first record, and a stream's chunks are uploaded one after another.
/// Offsets are committed only when nothing is held, so after a crash each stream starts again at a chunk boundary:
/// its first chunk has the name its first chunk had before. An object already under a chunk's name holds the
/// stream's next `records` records: those are dropped and the rest cut again, so no record is written twice and a
/// batch cut bigger or smaller on redelivery loses none.
struct GCSChunkAssembly {
    /// Records of one folder from one partition, in log order.
    struct Stream: Hashable, Comparable {
        let folder: String
        let topic: String
        let partition: Int32

        init(_ row: CloudRow) {
            folder = GCSChunkLayout.folder(
                org: row.record.org, repo: row.record.repo, table: row.table.tableId, date: row.record.partitionTime)
            topic = row.message.topic
            partition = row.message.partition
        }

        static func < (lhs: Stream, rhs: Stream) -> Bool {
            (lhs.folder, lhs.topic, lhs.partition) < (rhs.folder, rhs.topic, rhs.partition)
        }
    }

    /// A chunk to upload: its stream, object name and lines.
    struct Chunk: Sendable {
        let stream: Stream
        let rows: [CloudRow]

        var name: String { GCSChunkLayout.objectName(folder: stream.folder, first: rows[0].message) }

        var body: Data {
            var data = Data(capacity: rows.reduce(0) { $0 + $1.json.count + 1 })
            for row in rows {
                data.append(contentsOf: row.json)
                data.append(UInt8(ascii: "\n"))
            }
            return data
        }
    }

    let chunkSize: Int
    /// Records held, not yet uploaded.
    private(set) var held = 0
    /// When the oldest batch not yet committed was added.
    private(set) var heldSince: ContinuousClock.Instant?
    private var streams: [Stream: [CloudRow]] = [:]
    /// Records of a stream still to arrive that an existing object holds already.
    private var skips: [Stream: Int] = [:]
    private var deadLetters: [OutgoingMessage] = []
    private var positions = CommitPositions()

    init(chunkSize: Int) {
        self.chunkSize = max(1, chunkSize)
    }

    /// Takes a batch: its decoded rows, the dead letters of what it refused and the positions past it.
    mutating func add(
        _ rows: [CloudRow], refused: [OutgoingMessage], positions: CommitPositions, now: ContinuousClock.Instant
    ) {
        if heldSince == nil { heldSince = now }
        self.positions.merge(positions)
        deadLetters += refused
        let ordered = rows.sorted {
            ($0.message.topic, $0.message.partition, $0.message.offset)
                < ($1.message.topic, $1.message.partition, $1.message.offset)
        }
        for row in ordered {
            let stream = Stream(row)
            if let skip = skips[stream] {
                skips[stream] = skip > 1 ? skip - 1 : nil
                continue
            }
            streams[stream, default: []].append(row)
            held += 1
        }
    }

    /// Streams with a chunk to upload: a full one, or with `partial` any records at all.
    func streamsWithChunks(partial: Bool) -> [Stream] {
        streams.filter { $0.value.count >= (partial ? 1 : chunkSize) }.keys.sorted()
    }

    /// The next chunk of `stream`, taken from what is held.
    mutating func nextChunk(of stream: Stream, partial: Bool) -> Chunk? {
        guard var rows = streams[stream], rows.count >= (partial ? 1 : chunkSize) else { return nil }
        let count = min(chunkSize, rows.count)
        let chunk = Chunk(stream: stream, rows: Array(rows[..<count]))
        rows.removeFirst(count)
        streams[stream] = rows.isEmpty ? nil : rows
        held -= count
        return chunk
    }

    /// An object of `chunk`'s name holds the stream's next `existing` records already (written before a crash,
    /// maybe cut differently): the chunk's records beyond those go back to the front of the stream, or the stream's
    /// records up to `existing` are dropped as they come.
    mutating func found(_ chunk: Chunk, existing: Int) {
        let stream = chunk.stream
        if existing < chunk.rows.count {
            let rest = chunk.rows[max(0, existing)...]
            streams[stream] = Array(rest) + (streams[stream] ?? [])
            held += rest.count
            return
        }
        var skip = existing - chunk.rows.count
        if var rows = streams[stream], skip > 0 {
            let dropped = min(skip, rows.count)
            rows.removeFirst(dropped)
            streams[stream] = rows.isEmpty ? nil : rows
            held -= dropped
            skip -= dropped
        }
        if skip > 0 { skips[stream, default: 0] += skip }
    }

    /// What may be committed: once nothing is held and no existing object reaches past what has arrived, every
    /// batch added so far is in the bucket. Nil while something is held or nothing is to be committed.
    mutating func settle() -> Settlement? {
        guard held == 0, skips.isEmpty, !positions.isEmpty || !deadLetters.isEmpty else { return nil }
        defer {
            positions = CommitPositions()
            deadLetters = []
            heldSince = nil
        }
        return Settlement(deadLetters: deadLetters, positions: positions)
    }
}
