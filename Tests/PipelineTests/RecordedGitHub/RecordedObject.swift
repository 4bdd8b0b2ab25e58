import Foundation
import TestSupport

/// One real GitHub object as recorded: its exact bytes, parsed, and the headers of the answer it came in (nil when
/// it was an element of a recorded listing).
struct RecordedObject: Sendable {
    let bytes: [UInt8]
    let json: JSONValue
    let mapping: RecordedMapping?

    init(bytes: [UInt8], mapping: RecordedMapping?) throws {
        self.bytes = bytes
        self.json = try JSONValue.parse(Data(bytes))
        self.mapping = mapping
    }

    /// The body of a single-resource mapping.
    init(_ mapping: RecordedMapping) throws {
        try self.init(bytes: mapping.body, mapping: mapping)
    }

    /// The elements of a recorded listing, each as its recorded bytes.
    static func elements(of mapping: RecordedMapping) throws -> [RecordedObject] {
        try RawJSONArray.elements(mapping.body).map { try RecordedObject(bytes: $0, mapping: nil) }
    }

    subscript(key: String) -> JSONValue? { json[key] }

    var id: Int64? { json["id"]?.int64 }
    var string: (String) -> String? { { json[$0]?.stringValue } }

    /// A timestamp field (`updated_at`), or a nested one by path (`commit.committer.date`).
    func date(_ path: String) -> Date? {
        var value: JSONValue? = json
        for key in path.split(separator: ".") { value = value?[String(key)] }
        return value?.stringValue.flatMap(RecordedObject.parseDate)
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

extension JSONValue {
    var int64: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var isNull: Bool { self == .null }

    var array: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
