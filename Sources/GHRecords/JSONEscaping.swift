import Foundation

/// JSON string escaping and unescaping over raw UTF-8, written for the record hot path: GH Archive payloads are
/// JSON text kept inside a JSON string, so every event escapes and unescapes kilobytes full of quotes. The
/// package's one JSON escaper: the SQLite store and the BigQuery client write their strings with it too.
package enum JSONEscaping {
    /// How many bytes each byte grows by when escaped: 1 for `"`, `\` and the short control escapes, 5 for
    /// other control characters (`\u00XX`), 0 otherwise. Slashes stay as they are, as `RecordCoding` writes.
    private static let growth: [UInt8] = (0..<256).map { byte in
        switch byte {
        case 0x22, 0x5C, 0x08, 0x09, 0x0A, 0x0C, 0x0D: return 1
        case 0..<0x20: return 5
        default: return 0
        }
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The high bit of every byte of `word` that is zero (exact for each byte, so the bits can be counted).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        ~(((word & lows) &+ lows) | word | lows)
    }

    /// Bytes of `word` that are `"` or `\\`, and bytes below 0x20 (each marked by its high bit).
    @inline(__always)
    private static func specials(_ word: UInt64) -> (quoted: UInt64, controls: UInt64) {
        (zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C)), zeroBytes(word & (ones &* 0xE0)))
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    /// How many bytes `utf8` grows by when escaped.
    private static func growth(of utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let source = utf8.baseAddress else { return 0 }
        var extra = 0
        var index = 0
        while index + 8 <= utf8.count {
            let (quoted, controls) = specials(load(source + index))
            extra &+= quoted.nonzeroBitCount
            if controls != 0 {
                for offset in 0..<8 where source[index + offset] < 0x20 {
                    extra &+= Int(growth[Int(source[index + offset])])
                }
            }
            index += 8
        }
        while index < utf8.count {
            extra &+= Int(growth[Int(source[index])])
            index += 1
        }
        return extra
    }

    /// Writes the escape of one byte that needs one at `out`; returns its length.
    @inline(__always)
    private static func writeEscape(_ byte: UInt8, to out: UnsafeMutablePointer<UInt8>) -> Int {
        out[0] = 0x5C
        switch byte {
        case 0x22, 0x5C: out[1] = byte
        case 0x0A: out[1] = UInt8(ascii: "n")
        case 0x0D: out[1] = UInt8(ascii: "r")
        case 0x09: out[1] = UInt8(ascii: "t")
        case 0x08: out[1] = UInt8(ascii: "b")
        case 0x0C: out[1] = UInt8(ascii: "f")
        default:
            out[1] = UInt8(ascii: "u")
            out[2] = 0x30
            out[3] = 0x30
            out[4] = hexDigit(byte >> 4)
            out[5] = hexDigit(byte & 0x0F)
            return 6
        }
        return 2
    }

    /// Appends `text` as a quoted JSON string, escaped as Foundation's encoder escapes it (slashes kept).
    package static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendQuoted($0, to: &bytes) }
    }

    /// Appends `utf8` as a quoted JSON string.
    static func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        let extra = growth(of: utf8)
        guard extra > 0, let source = utf8.baseAddress else {
            bytes.reserveCapacity(bytes.count + utf8.count + 2)
            bytes.append(0x22)
            bytes.append(contentsOf: utf8)
            bytes.append(0x22)
            return
        }
        let start = bytes.count
        let total = utf8.count + extra + 2
        bytes.append(contentsOf: repeatElement(0, count: total))
        bytes.withUnsafeMutableBufferPointer { buffer in
            let out = buffer.baseAddress! + start
            out[0] = 0x22
            var written = 1
            var index = 0
            // Eight bytes at a time: store the word whole, then keep only the bytes before the first that needs
            // an escape (the rest is written again from the next position).
            let limit = total - 1
            while index + 8 <= utf8.count, written + 8 <= limit {
                let word = load(source + index)
                let (quoted, controls) = specials(word)
                UnsafeMutableRawPointer(out + written).storeBytes(of: word.littleEndian, as: UInt64.self)
                let marks = quoted | controls
                if marks == 0 {
                    index += 8
                    written += 8
                    continue
                }
                let plain = marks.trailingZeroBitCount / 8
                index += plain
                written += plain
                written += writeEscape(source[index], to: out + written)
                index += 1
            }
            while index < utf8.count {
                let byte = source[index]
                if byte == 0x22 || byte == 0x5C || byte < 0x20 {
                    written += writeEscape(byte, to: out + written)
                } else {
                    out[written] = byte
                    written += 1
                }
                index += 1
            }
            out[written] = 0x22
            assert(written + 1 == total)
        }
    }

    /// The text of a string's inner bytes with escapes decoded; nil when an escape is malformed.
    static func unescape(_ inner: UnsafeBufferPointer<UInt8>) -> String? {
        guard let source = inner.baseAddress, !inner.isEmpty else { return "" }
        var malformed = false
        // Decoding only shrinks text (`\u` escapes of 6 or 12 bytes become at most 4), so the input's size is enough.
        let text = String(unsafeUninitializedCapacity: inner.count) { output in
            guard let out = output.baseAddress else { return 0 }
            var written = 0
            var index = 0
            var pendingHigh: UInt32?
            func appendScalar(_ value: UInt32) {
                guard let scalar = Unicode.Scalar(value), let utf8 = UTF8.encode(scalar) else { return }
                for byte in utf8 {
                    out[written] = byte
                    written += 1
                }
            }
            while index < inner.count {
                // Copy the run up to the next backslash in one go.
                let remaining = inner.count - index
                let found = memchr(source + index, 0x5C, remaining)
                let end = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - source } ?? inner.count
                if end > index {
                    (out + written).update(from: source + index, count: end - index)
                    written += end - index
                    pendingHigh = nil
                }
                index = end
                guard index < inner.count else { break }
                guard index + 1 < inner.count else {
                    malformed = true
                    break
                }
                let escaped = source[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out[written] = escaped
                case UInt8(ascii: "b"): out[written] = 0x08
                case UInt8(ascii: "f"): out[written] = 0x0C
                case UInt8(ascii: "n"): out[written] = 0x0A
                case UInt8(ascii: "r"): out[written] = 0x0D
                case UInt8(ascii: "t"): out[written] = 0x09
                case UInt8(ascii: "u"):
                    guard index + 4 <= inner.count, let value = hexValue(source + index) else {
                        malformed = true
                        return written
                    }
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
                    continue
                default:
                    malformed = true
                    return written
                }
                written += 1
                pendingHigh = nil
            }
            return written
        }
        return malformed ? nil : text
    }

    /// Four hex digits as a number; nil when one is not a hex digit.
    private static func hexValue(_ digits: UnsafePointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let digit = digits[offset]
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

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : UInt8(ascii: "a") + value - 10
    }
}
