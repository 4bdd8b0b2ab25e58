import DurationConversion
import Foundation

/// The `x-ratelimit-*` headers of one response.
public struct RateLimitStatus: Sendable, Hashable {
    public var limit: Int
    public var remaining: Int
    public var used: Int
    /// When the window resets.
    public var reset: Date
    /// `core`, `graphql`, `search` ...
    public var resource: String

    public init(limit: Int, remaining: Int, used: Int, reset: Date, resource: String) {
        self.limit = limit
        self.remaining = remaining
        self.used = used
        self.reset = reset
        self.resource = resource
    }

    /// Reads the headers; nil when the response carries none.
    public init?(header: (String) -> String?) {
        guard let limit = header("x-ratelimit-limit").flatMap(Int.init),
            let remaining = header("x-ratelimit-remaining").flatMap(Int.init)
        else { return nil }
        self.limit = limit
        self.remaining = remaining
        self.used = header("x-ratelimit-used").flatMap(Int.init) ?? max(0, limit - remaining)
        let resetEpoch = header("x-ratelimit-reset").flatMap(Double.init) ?? Date().timeIntervalSince1970
        self.reset = Date(timeIntervalSince1970: resetEpoch)
        self.resource = header("x-ratelimit-resource") ?? "core"
    }

    /// How long to wait for the reset of an exhausted limit: until `reset` and a second more, or a minute and a
    /// second when GitHub sent no headers.
    static func waitForReset(_ status: RateLimitStatus?) -> Duration {
        Duration(timeInterval: max(0, status?.reset.timeIntervalSinceNow ?? 60) + 1)
    }
}
