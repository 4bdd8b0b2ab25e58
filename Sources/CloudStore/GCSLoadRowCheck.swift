import EventLog
import Foundation
import GHRecords
import GoogleCloud

/// When a load job of chunks fails on rows BigQuery refuses, the chunks go in again row by row: each line decoded
/// as its table's record and streamed into a stage, so the refused rows come back one by one as dead letters and
/// the rest are merged.
struct GCSLoadRowCheck {
    let inventory: GCSInventory
    let writer: BigQueryWriter

    /// A line that could not be loaded, and why.
    struct DeadLetter: Sendable, Encodable {
        let source: String
        let line: Int
        let reason: String
        let row: String
    }

    /// What loading the chunks row by row did.
    struct Outcome: Sendable {
        var loaded: Int64 = 0
        var merged: Int64 = 0
        var deadLetters: [DeadLetter] = []
    }

    func load(_ names: [String], recordType: any CloudRecord.Type) async throws -> Outcome {
        var outcome = Outcome()
        var rows: [CloudRow] = []
        var places: [(source: String, line: Int)] = []
        for name in names {
            let source = "gs://\(inventory.bucket)/\(name)"
            let data = try await inventory.storage.download(bucket: inventory.bucket, name: name)
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where !line.isEmpty {
                let bytes = Array(line)
                do {
                    let record = try Self.decode(recordType, bytes)
                    let message = LogMessage(
                        topic: source, partition: 0, offset: Int64(index), key: nil, value: bytes, headers: [:],
                        timestamp: Date())
                    rows.append(CloudRow(record: record, message: message))
                    places.append((source, index + 1))
                } catch {
                    outcome.deadLetters.append(
                        DeadLetter(
                            source: source, line: index + 1, reason: "not a \(recordType.recordType.name): \(error)",
                            row: String(decoding: bytes, as: UTF8.self)))
                }
            }
        }
        let written = try await writer.write(rows, mode: .stream)
        for (index, reason) in written.rejected.sorted(by: { $0.key < $1.key }) {
            outcome.deadLetters.append(
                DeadLetter(
                    source: places[index].source, line: places[index].line, reason: "bigquery_rejected: \(reason)",
                    row: String(decoding: rows[index].json, as: UTF8.self)))
        }
        outcome.loaded = Int64(rows.count - written.rejected.count)
        outcome.merged = written.merged
        return outcome
    }

    static func decode<R: CloudRecord>(_ type: R.Type, _ bytes: [UInt8]) throws -> any CloudRecord {
        try RecordCoding.decode(R.self, from: bytes)
    }

    /// Writes the dead letters as one NDJSON object under `_dead_letters/load-gcs/{table}/`; its name.
    func store(_ deadLetters: [DeadLetter], table: String) async throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for letter in deadLetters {
            data.append(try encoder.encode(letter))
            data.append(UInt8(ascii: "\n"))
        }
        let stamp = ISO8601Timestamp.format(Date()).filter { $0 != "-" && $0 != ":" }
        let name = "_dead_letters/load-gcs/\(table)/\(stamp)_\(UUID().uuidString.prefix(8).lowercased()).json"
        _ = try await inventory.storage.uploadIfAbsent(
            bucket: inventory.bucket, name: name, data: data, metadata: ["records": String(deadLetters.count)])
        return name
    }
}
