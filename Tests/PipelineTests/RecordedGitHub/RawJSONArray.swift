/// The top-level elements of a JSON array as the exact bytes they were recorded with, so a listing assembled from
/// recorded objects serves them unmodified.
enum RawJSONArray {
    /// The byte slices of the elements of the array `bytes` holds; empty for `[]` or anything not an array.
    static func elements(_ bytes: [UInt8]) -> [[UInt8]] {
        var elements: [[UInt8]] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start: Int?
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                if depth == 1, start == nil { start = offset }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth == 2, start == nil { start = offset }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 1, let first = start {
                    elements.append(trimmed(Array(bytes[first..<offset])))
                    start = nil
                }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 1, let first = start {
                    elements.append(trimmed(Array(bytes[first..<offset])))
                    start = nil
                }
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                break
            default:
                if depth == 1, start == nil { start = offset }
            }
        }
        return elements
    }

    /// `[e1,e2,...]` from element bytes.
    static func join(_ elements: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += element
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        let blank: Set<UInt8> = [32, 10, 13, 9]
        var slice = bytes[...]
        while let last = slice.last, blank.contains(last) { slice = slice.dropLast() }
        return Array(slice)
    }
}
