import CZlib

/// Streaming gzip decompression: feed compressed chunks, get uncompressed bytes; memory stays bounded by the
/// chunk sizes. Concatenated gzip members (as some archives have) are read one after another.
public struct GzipInflater: ~Copyable {
    /// zlib keeps a pointer back to its stream: it must not move, so it lives on the heap.
    private let stream: UnsafeMutablePointer<z_stream>
    private var output = [UInt8](repeating: 0, count: 256 * 1024)
    private var finished = false
    /// Compressed bytes consumed so far.
    public private(set) var compressedBytes = 0
    /// Uncompressed bytes produced so far.
    public private(set) var uncompressedBytes = 0

    public init() throws(GHArchiveError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = czlib_inflate_init_gzip(stream)
        guard status == Z_OK else {
            stream.deallocate()
            throw GHArchiveError(code: .corruptGzip, context: "zlib init failed (\(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses `chunk`, handing each piece of output to `body`.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        compressedBytes += chunk.count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = uInt(chunk.count)
        while stream.pointee.avail_in > 0 {
            if finished {
                // Another gzip member follows the one that ended.
                inflateReset(stream)
                finished = false
            }
            let status: Int32 = output.withUnsafeMutableBufferPointer { buffer in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                return inflate(stream, Z_NO_FLUSH)
            }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 {
                uncompressedBytes += produced
                try output.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
            }
            switch status {
            case Z_OK: continue
            case Z_STREAM_END: finished = true
            case Z_BUF_ERROR where stream.pointee.avail_in == 0: return
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw GHArchiveError(
                    code: .corruptGzip, context: "not a valid gzip stream after \(compressedBytes) bytes: \(reason)")
            }
        }
    }

    /// Throws when the input ended in the middle of a gzip member.
    public func finish() throws(GHArchiveError) {
        guard finished else {
            throw GHArchiveError(code: .corruptGzip, context: "gzip stream truncated after \(compressedBytes) bytes")
        }
    }
}
