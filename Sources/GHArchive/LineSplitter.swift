/// Splits a byte stream into lines (`\n`), carrying a partial line across chunks. Lines are handed out as
/// buffers valid only during the call.
public struct LineSplitter {
    private var partial: [UInt8] = []
    /// Lines handed out so far (1-based number of the last one).
    public private(set) var lineNumber = 0

    public init() {}

    public mutating func feed(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            if bytes[index] == 0x0A {
                lineNumber += 1
                if partial.isEmpty {
                    try body(lineNumber, UnsafeBufferPointer(rebasing: bytes[start..<index]))
                } else {
                    partial.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    try partial.withUnsafeBufferPointer { try body(lineNumber, $0) }
                    partial.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            index += 1
        }
        if start < count { partial.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count])) }
    }

    /// The last line, when the stream did not end with a newline.
    public mutating func finish(_ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        guard !partial.isEmpty else { return }
        lineNumber += 1
        try partial.withUnsafeBufferPointer { try body(lineNumber, $0) }
        partial.removeAll()
    }
}
