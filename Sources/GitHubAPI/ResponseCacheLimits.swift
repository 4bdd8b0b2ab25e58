/// Bounds of the response cache, applied by `ResponseCache.trim`.
public struct ResponseCacheLimits: Sendable, Hashable {
    /// Entries stored longer ago than this are dropped. Default 30 days.
    public var maxAge: Duration
    /// Bytes of bodies kept; the oldest entries go first beyond it. Default 256 MiB.
    public var maxBytes: Int

    public init(maxAge: Duration = .seconds(30 * 86_400), maxBytes: Int = 256 << 20) {
        self.maxAge = maxAge
        self.maxBytes = maxBytes
    }
}
