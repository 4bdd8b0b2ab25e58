import DurationConversion
import Foundation
import Synchronization

/// Counts requests per account and window, as GitHub's primary rate limit does.
final class RateLimiter: Sendable {
    struct Window {
        var start: Date
        var used: Int
    }

    /// What the `x-ratelimit-*` headers say after a request.
    struct Status {
        let limit: Int
        let remaining: Int
        let used: Int
        let reset: Date
        let resource: String
        let exhausted: Bool
    }

    private let configuration: RateLimitConfiguration
    private let windows = Mutex<[String: Window]>([:])

    init(configuration: RateLimitConfiguration) {
        self.configuration = configuration
    }

    private var windowLength: TimeInterval { configuration.window.inSeconds }

    private func limit(account: String?, resource: String) -> Int {
        guard account != nil else { return configuration.anonymousLimit }
        return resource == "graphql" ? configuration.graphQLLimit : configuration.limit
    }

    /// Checks the account's budget; when `cost` > 0 and budget remains, spends it.
    func take(account: String?, resource: String, cost: Int, now: Date = Date()) -> Status {
        let key = "\(account ?? "anonymous")/\(resource)"
        let limit = limit(account: account, resource: resource)
        let length = windowLength
        return windows.withLock { windows in
            var window = windows[key] ?? Window(start: now, used: 0)
            if now.timeIntervalSince(window.start) >= length { window = Window(start: now, used: 0) }
            let exhausted = window.used + max(cost, 1) > limit && cost > 0
            if !exhausted { window.used += cost }
            windows[key] = window
            return Status(
                limit: limit, remaining: max(0, limit - window.used), used: window.used,
                reset: window.start.addingTimeInterval(length), resource: resource, exhausted: exhausted)
        }
    }

    /// The account's status without spending anything.
    func peek(account: String?, resource: String, now: Date = Date()) -> Status {
        take(account: account, resource: resource, cost: 0, now: now)
    }
}
