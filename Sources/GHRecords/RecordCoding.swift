import Foundation

/// The JSON coding every record and task uses: snake_case keys (each type's `CodingKeys`), ISO 8601 UTC
/// dates, sorted keys.
public enum RecordCoding {
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601Timestamp.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text.prefix(40))' is not an ISO 8601 timestamp")
            }
            return date
        }
        return decoder
    }

    // Configured once, never mutated: safe to share (Foundation's coders are Sendable). Making one per record
    // cost more than the decoding on the persister's hot path.
    private static let sharedEncoder = makeEncoder()
    private static let sharedDecoder = makeDecoder()

    /// Encodes a value as record JSON bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let fast = value as? any FastJSONRecord { return fast.fastJSON() }
        return Array(try sharedEncoder.encode(value))
    }

    /// Decodes record JSON bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if let fastType = type as? any FastJSONRecord.Type,
            let value = bytes.withUnsafeBufferPointer({ fastType.init(fastJSON: $0) }) as? T
        {
            return value
        }
        // Also the slow path for anything the fast reader does not take: Foundation says precisely what is wrong.
        return try sharedDecoder.decode(type, from: Data(bytes))
    }
}
