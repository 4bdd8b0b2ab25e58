import Foundation

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
        guard slice.count >= 2, bytes[slice.lowerBound] == UInt8(ascii: "\""),
            bytes[slice.upperBound - 1] == UInt8(ascii: "\"")
        else { return nil }
        let inner = UnsafeBufferPointer(rebasing: bytes[(slice.lowerBound + 1)..<(slice.upperBound - 1)])
        guard let base = inner.baseAddress, memchr(base, 0x5C, inner.count) != nil else {
            return String(decoding: inner, as: UTF8.self)
        }
        return unescape(inner)
    }

    /// An integer value, or nil.
    public static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ slice: Slice) -> Int64? {
        var index = slice.lowerBound
        let negative = index < slice.upperBound && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < slice.upperBound else { return nil }
        var value: Int64 = 0
        while index < slice.upperBound {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) =
                negative
                ? times10.subtractingReportingOverflow(Int64(digit)) : times10.addingReportingOverflow(Int64(digit))
            guard !overflowA, !overflowB else { return nil }
            value = next
            index += 1
        }
        return value
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
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
    }

    static func trailingSpaceOnly(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int, _ check: Bool) -> Bool
    {
        guard check else { return true }
        var index = index
        skipSpace(bytes, &index, end)
        return index == end
    }

    /// Moves past a string starting at `index` (its opening quote); false when it is unterminated or holds a raw
    /// control character. Looks at eight bytes at a time for the next quote, backslash or control character.
    static func skipString(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ end: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var position = index + 1
        while true {
            while position + 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                let special = specialBytes(word)
                if special != 0 {
                    position += special.trailingZeroBitCount / 8
                    break
                }
                position += 8
            }
            guard position < end else { return false }
            let byte = base[position]
            if byte == UInt8(ascii: "\\") {
                position += 2
                continue
            }
            position += 1
            if byte == UInt8(ascii: "\"") {
                index = position
                return true
            }
            if byte < 0x20 { return false }
        }
    }

    /// The high bit of each byte of `word` that is `"`, `\\` or below 0x20 (the lowest one exact: what the
    /// string scan needs).
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let quotes = zeroBytes(word ^ (ones &* 0x22))
        let backslashes = zeroBytes(word ^ (ones &* 0x5C))
        let controls = (word &- ones &* 0x20) & ~word & highs
        return quotes | backslashes | controls
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

    static func unescape(_ inner: UnsafeBufferPointer<UInt8>) -> String? { JSONEscaping.unescape(inner) }
}
