import Foundation

/// A value for one field of a record made from its declaration (`RecordShape.make`).
package enum RecordFieldValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case boolean(Bool)
    case timestamp(Date)
    case strings([String])

    /// The value as the Swift type a property declares, nil when it is not of that type.
    func typed<T>(_ type: T.Type) -> T? {
        switch self {
        case .string(let value): return value as? T
        case .integer(let value): return (value as? T) ?? (Int(exactly: value) as? T)
        case .boolean(let value): return value as? T
        case .timestamp(let value): return value as? T
        case .strings(let value): return value as? T
        }
    }
}

extension RecordShape {
    /// A record of type `R` whose every field holds what `value` gives it (nil leaves an optional field out): tests
    /// make records with every field set, or none of the optional ones, without naming a field.
    package static func make<R: Decodable>(
        _ type: R.Type, _ value: @escaping (RecordField) -> RecordFieldValue?
    ) throws -> R {
        try R(from: FieldReadingDecoder(read: FieldReadingDecoder.Fields(), value: value))
    }
}

/// Runs a record type's synthesized `init(from:)` over values it is handed, noting each field asked for: `decode` is
/// a required field, `decodeIfPresent` an optional one. Used once per type (shapes are static) and by tests; never
/// per record.
struct FieldReadingDecoder: Decoder {
    final class Fields {
        var read: [RecordField] = []
    }

    let read: Fields
    let value: (RecordField) -> RecordFieldValue?

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The fields of `type`, in the order its synthesized `init(from:)` reads them (its `CodingKeys` order).
    static func fields<R: Decodable>(of type: R.Type) throws -> [RecordField] {
        let read = Fields()
        _ = try R(from: FieldReadingDecoder(read: read, value: placeholder))
        return read.read
    }

    private static func placeholder(_ field: RecordField) -> RecordFieldValue? {
        switch field.kind {
        case .string: return .string("")
        case .integer: return .integer(0)
        case .boolean: return .boolean(false)
        case .timestamp: return .timestamp(Date(timeIntervalSince1970: 0))
        case .strings: return .strings([])
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(FieldReadingContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw Self.unsupported("a record that is a list", codingPath: [])
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw Self.unsupported("a record that is a single value", codingPath: [])
    }

    /// The value of field `key`, noted as a field of `kind`; nil only for an optional field left out.
    func field<T>(_ key: some CodingKey, _ kind: RecordField.Kind, optional: Bool, as type: T.Type) throws -> T? {
        let field = RecordField(key.stringValue, kind, isOptional: optional)
        read.read.append(field)
        guard let made = value(field) else {
            if optional { return nil }
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no value for \(field)"))
        }
        guard let typed = made.typed(type) else {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "\(made) for \(field)"))
        }
        return typed
    }

    static func unsupported(_ what: String, codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(what) is not a field kind records have"))
    }
}

/// The keyed container of `FieldReadingDecoder`: every key is there, each read is a field.
struct FieldReadingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: FieldReadingDecoder

    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool { true }

    private func required<T>(_ key: Key, _ kind: RecordField.Kind, _ type: T.Type) throws -> T {
        guard let value = try decoder.field(key, kind, optional: false, as: type) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no value"))
        }
        return value
    }

    private func unsupported<T>(_ key: Key, _ type: T.Type) -> DecodingError {
        FieldReadingDecoder.unsupported("\(T.self) (field '\(key.stringValue)')", codingPath: [key])
    }

    /// The kind of a field whose type has no overload of its own.
    private func kind<T>(of type: T.Type, _ key: Key) throws -> RecordField.Kind {
        if type == Date.self { return .timestamp }
        if type == [String].self { return .strings }
        throw unsupported(key, type)
    }

    func decodeNil(forKey key: Key) throws -> Bool { throw unsupported(key, Never.self) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try required(key, .boolean, type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try required(key, .string, type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try required(key, .integer, type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try required(key, .integer, type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw unsupported(key, type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw unsupported(key, type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw unsupported(key, type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw unsupported(key, type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw unsupported(key, type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw unsupported(key, type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw unsupported(key, type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw unsupported(key, type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw unsupported(key, type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw unsupported(key, type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try required(key, try kind(of: type, key), type)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try decoder.field(key, .boolean, optional: true, as: type)
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try decoder.field(key, .string, optional: true, as: type)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try decoder.field(key, .integer, optional: true, as: type)
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try decoder.field(key, .integer, optional: true, as: type)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try decoder.field(key, try kind(of: type, key), optional: true, as: type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw unsupported(key, type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw unsupported(key, [Any].self)
    }
    func superDecoder() throws -> any Decoder { throw FieldReadingDecoder.unsupported("a superclass", codingPath: []) }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw unsupported(key, Any.self) }
}
