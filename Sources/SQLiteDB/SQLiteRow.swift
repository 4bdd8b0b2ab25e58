/// One row read from a statement.
public struct SQLiteRow: Sendable, Hashable {
    public let values: [SQLiteValue]

    public init(values: [SQLiteValue]) {
        self.values = values
    }

    public func int64(_ index: Int) -> Int64? {
        switch values[index] {
        case .integer(let value): return value
        case .real(let value): return Int64(value)
        case .text(let text): return Int64(text)
        default: return nil
        }
    }

    public func int(_ index: Int) -> Int? { int64(index).map { Int($0) } }

    public func string(_ index: Int) -> String? {
        switch values[index] {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .null: return nil
        }
    }

    public func bytes(_ index: Int) -> [UInt8]? {
        switch values[index] {
        case .blob(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        default: return nil
        }
    }

    public func double(_ index: Int) -> Double? {
        switch values[index] {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }
}
