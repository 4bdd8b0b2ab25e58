import Foundation

/// A record with a hand-written JSON form, byte for byte what `RecordCoding`'s encoder writes: for types on a
/// hot path (GH Archive events, hundreds of thousands an hour), where Foundation's coders cost the most.
public protocol FastJSONRecord {
    /// The record's JSON (sorted keys, slashes not escaped), as `RecordCoding.encode` would write it.
    func fastJSON() -> [UInt8]
    /// Reads the record from its JSON; nil when it is not in the expected form (the caller falls back).
    init?(fastJSON bytes: UnsafeBufferPointer<UInt8>)
}

/// Writes JSON members in order, escaping as Foundation's encoder does.
public struct JSONObjectWriter {
    public private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var first = true

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    /// A string member; nil leaves the member out, as Foundation's synthesized coding does.
    public mutating func string(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        Self.appendEscaped(value, to: &bytes)
    }

    /// An integer member; nil leaves the member out.
    public mutating func integer(_ name: StaticString, _ value: Int64?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: Array(String(value).utf8))
    }

    /// An integer member; nil leaves the member out.
    public mutating func int(_ name: StaticString, _ value: Int?) {
        integer(name, value.map(Int64.init))
    }

    /// A timestamp member (`2024-01-31T12:00:00Z`); nil leaves the member out.
    public mutating func date(_ name: StaticString, _ value: Date?) {
        string(name, value.map(ISO8601Timestamp.format))
    }

    /// An array of strings.
    public mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.appendEscaped(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
    }

    public mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    static func appendEscaped(_ value: String, to bytes: inout [UInt8]) {
        JSONEscaping.appendQuoted(value, to: &bytes)
    }
}

/// The members of one JSON object, read by name with their types.
public struct JSONObjectFields {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Key and value ranges in document order; records have a few dozen members, so a scan beats hashing.
    var members: [(key: Range<Int>, value: Range<Int>)] = []

    /// Nil when `bytes` is not one JSON object.
    public init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        var members: [(key: Range<Int>, value: Range<Int>)] = []
        members.reserveCapacity(32)
        guard let base = bytes.baseAddress,
            JSONObjectScanner.members(
                of: bytes,
                { key, value in
                    let start = key.baseAddress.map { base.distance(to: $0) } ?? 0
                    members.append((start..<(start + key.count), value))
                })
        else { return nil }
        self.members = members
    }

    /// The value range of member `name`.
    func slice(_ name: StaticString) -> Range<Int>? {
        let length = name.utf8CodeUnitCount
        let nameBytes = name.utf8Start
        for member in members where member.key.count == length {
            if memcmp(bytes.baseAddress! + member.key.lowerBound, nameBytes, length) == 0 { return member.value }
        }
        return nil
    }

    /// Whether the member is absent or `null` (an optional left out).
    func isAbsent(_ name: StaticString) -> Bool {
        guard let slice = slice(name) else { return true }
        return slice.count == 4 && bytes[slice.lowerBound] == UInt8(ascii: "n")
    }

    public func string(_ name: StaticString) -> String? { slice(name).flatMap { JSONObjectScanner.string(bytes, $0) } }
    public func int64(_ name: StaticString) -> Int64? { slice(name).flatMap { JSONObjectScanner.integer(bytes, $0) } }
    public func int(_ name: StaticString) -> Int? { int64(name).map(Int.init) }
    public func bool(_ name: StaticString) -> Bool? { slice(name).flatMap { JSONObjectScanner.bool(bytes, $0) } }
    public func date(_ name: StaticString) -> Date? {
        guard let slice = slice(name), slice.count >= 2, bytes[slice.lowerBound] == UInt8(ascii: "\""),
            bytes[slice.upperBound - 1] == UInt8(ascii: "\"")
        else { return nil }
        let inner = UnsafeBufferPointer(rebasing: bytes[(slice.lowerBound + 1)..<(slice.upperBound - 1)])
        // A timestamp holds no escapes; one that does is read as a string first.
        guard !inner.contains(UInt8(ascii: "\\")) else { return string(name).flatMap(ISO8601Timestamp.parse) }
        return ISO8601Timestamp.parse(bytes: inner)
    }

    /// An array of strings; nil when the member is not one.
    public func strings(_ name: StaticString) -> [String]? {
        guard let slice = slice(name) else { return nil }
        var values: [String] = []
        var ok = true
        guard
            JSONObjectScanner.elements(
                of: bytes, in: slice,
                { element in
                    guard let value = JSONObjectScanner.string(bytes, element) else {
                        ok = false
                        return
                    }
                    values.append(value)
                }), ok
        else { return nil }
        return values
    }

    /// An optional member: `.some(nil)` when absent or null, nil when present but not of the type.
    public func optional<T>(_ name: StaticString, _ read: (StaticString) -> T?) -> T?? {
        if isAbsent(name) { return .some(nil) }
        guard let value = read(name) else { return nil }
        return .some(value)
    }
}
