/// A minimal scanner over one JSON object: the raw bytes of each member's value, without building a tree.
/// Enough to pick a few fields out of a GH Archive event and keep its payload as it came.
public enum JSONObjectScanner {
    /// A member value's byte range within the scanned buffer.
    public typealias Slice = Range<Int>

    /// Calls `body` with each top-level member's key (raw, unescaped only if plain) and value range.
    /// Returns false when `bytes` is not one well-formed object (trailing white space allowed).
    public static func members(
        of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>? = nil,
        _ body: (UnsafeBufferPointer<UInt8>, Slice) -> Void
    ) -> Bool {
        var index = range?.lowerBound ?? 0
        let end = range?.upperBound ?? bytes.count
        skipSpace(bytes, &index, end)
        guard index < end, bytes[index] == UInt8(ascii: "{") else { return false }
        index += 1
        skipSpace(bytes, &index, end)
        if index < end, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return trailingSpaceOnly(bytes, index, end, range == nil)
        }
        while true {
            skipSpace(bytes, &index, end)
            guard index < end, bytes[index] == UInt8(ascii: "\"") else { return false }
            let keyStart = index + 1
            guard skipString(bytes, &index, end) else { return false }
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<(index - 1)])
            skipSpace(bytes, &index, end)
            guard index < end, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            skipSpace(bytes, &index, end)
            let valueStart = index
            guard skipValue(bytes, &index, end) else { return false }
            body(key, valueStart..<index)
            skipSpace(bytes, &index, end)
            guard index < end else { return false }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { return false }
            index += 1
            return trailingSpaceOnly(bytes, index, end, range == nil)
        }
    }

    /// Calls `body` with each element's range of the array at `range`; false when it is not a well-formed array.
    public static func elements(
        of bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>, _ body: (Slice) -> Void
    ) -> Bool {
        var index = range.lowerBound
        let end = range.upperBound
        guard index < end, bytes[index] == UInt8(ascii: "[") else { return false }
        index += 1
        skipSpace(bytes, &index, end)
        if index < end, bytes[index] == UInt8(ascii: "]") { return true }
        while true {
            skipSpace(bytes, &index, end)
            let start = index
            guard skipValue(bytes, &index, end) else { return false }
            body(start..<index)
            skipSpace(bytes, &index, end)
            guard index < end else { return false }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            return bytes[index] == UInt8(ascii: "]")
        }
    }

    /// A string value's text (JSON escapes decoded), or nil when the slice is not a string.
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ slice: Slice) -> String? {
        guard slice.count >= 2, bytes[slice.lowerBound] == UInt8(ascii: "\""), bytes[slice.upperBound - 1] == UInt8(ascii: "\"")
        else { return nil }
        let inner = UnsafeBufferPointer(rebasing: bytes[(slice.lowerBound + 1)..<(slice.upperBound - 1)])
        guard inner.contains(UInt8(ascii: "\\")) else { return String(decoding: inner, as: UTF8.self) }
        return unescape(inner)
    }

    /// An integer value, or nil.
    public static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ slice: Slice) -> Int64? {
        Int64(String(decoding: UnsafeBufferPointer(rebasing: bytes[slice]), as: UTF8.self))
    }

    /// True for `true`, false for `false`, nil otherwise.
    public static func bool(_ bytes: UnsafeBufferPointer<UInt8>, _ slice: Slice) -> Bool? {
        switch slice.count {
        case 4 where bytes[slice.lowerBound] == UInt8(ascii: "t"): return true
        case 5 where bytes[slice.lowerBound] == UInt8(ascii: "f"): return false
        default: return nil
        }
    }

    static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ end: Int) {
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    static func trailingSpaceOnly(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int, _ check: Bool) -> Bool {
        guard check else { return true }
        var index = index
        skipSpace(bytes, &index, end)
        return index == end
    }

    /// Moves past a string starting at `index` (its opening quote).
    static func skipString(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ end: Int) -> Bool {
        index += 1
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            index += 1
            if byte == UInt8(ascii: "\"") { return true }
            if byte < 0x20 { return false }
        }
        return false
    }

    static func skipValue(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ end: Int) -> Bool {
        guard index < end else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return skipString(bytes, &index, end)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < end {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard skipString(bytes, &index, end) else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default:
                    break
                }
                index += 1
            }
            return false
        default:
            let start = index
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == 0x20
                    || byte == 0x0A || byte == 0x0D || byte == 0x09
                {
                    break
                }
                index += 1
            }
            return index > start
        }
    }

    static func unescape(_ inner: UnsafeBufferPointer<UInt8>) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(inner.count)
        var index = 0
        var pendingHigh: UInt32?
        func appendScalar(_ value: UInt32) {
            guard let scalar = Unicode.Scalar(value) else { return }
            guard let utf8 = UTF8.encode(scalar) else { return }
            for byte in utf8 { output.append(byte) }
        }
        while index < inner.count {
            // Copy the run up to the next backslash in one go.
            var end = index
            while end < inner.count && inner[end] != UInt8(ascii: "\\") { end += 1 }
            if end > index { output.append(contentsOf: UnsafeBufferPointer(rebasing: inner[index..<end])) }
            index = end
            guard index < inner.count else { break }
            guard index + 1 < inner.count else { return nil }
            let escaped = inner[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escaped)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard index + 4 <= inner.count, let value = Self.hexValue(UnsafeBufferPointer(rebasing: inner[index..<(index + 4)]))
                else { return nil }
                index += 4
                if (0xD800...0xDBFF).contains(value) {
                    pendingHigh = value
                    continue
                }
                if (0xDC00...0xDFFF).contains(value), let high = pendingHigh {
                    appendScalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00))
                } else {
                    appendScalar(value)
                }
                pendingHigh = nil
            default: return nil
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Four hex digits as a number; nil when one is not a hex digit.
    private static func hexValue(_ digits: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }
}
