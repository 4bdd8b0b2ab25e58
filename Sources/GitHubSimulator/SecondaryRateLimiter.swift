import DurationConversion
import Foundation
import Synchronization

/// Enforces the secondary limits per account: a sliding window of points per resource and a cap on requests in
/// flight. Refusals alternate as GitHub's do: 403 or 429, with `Retry-After` (seconds) or without.
final class SecondaryRateLimiter: Sendable {
    /// Why and how a request is refused.
    struct Refusal {
        let status: Int
        /// Seconds, or nil for an answer without `Retry-After`.
        let retryAfter: Int?
        let byConcurrency: Bool
    }

    private struct State {
        var windows: [String: [(at: Date, points: Int)]] = [:]
        var inFlight: [String: Int] = [:]
        var counts = SecondaryLimitCounts()
    }

    let configuration: SecondaryRateLimitConfiguration
    private let state = Mutex(State())

    init(configuration: SecondaryRateLimitConfiguration) {
        self.configuration = configuration
    }

    var counts: SecondaryLimitCounts { state.withLock { $0.counts } }

    /// Admits a request (the caller calls `leave` when it has answered) or refuses it.
    func enter(account: String?, graphQL: Bool, points: Int = 1, now: Date = Date()) -> Refusal? {
        let account = account ?? "anonymous"
        let key = "\(account)/\(graphQL ? "graphql" : "rest")"
        let limit = graphQL ? configuration.graphQLPoints : configuration.restPoints
        let window = configuration.window.inSeconds
        return state.withLock { state in
            var entries = state.windows[key, default: []]
            entries.removeAll { now.timeIntervalSince($0.at) >= window }
            defer { state.windows[key] = entries }
            let inFlight = state.inFlight[account, default: 0]
            var refusal: (concurrency: Bool, retryAfter: Double)?
            if inFlight >= configuration.maxConcurrentRequests {
                refusal = (true, 1)
            } else if entries.reduce(0, { $0 + $1.points }) + points > limit {
                var freed = 0
                var wait = window
                for entry in entries {
                    freed += entry.points
                    if entries.reduce(0, { $0 + $1.points }) - freed + points <= limit {
                        wait = window - now.timeIntervalSince(entry.at)
                        break
                    }
                }
                refusal = (false, wait)
            }
            guard let refusal else {
                entries.append((now, points))
                state.inFlight[account] = inFlight + 1
                state.counts.peakConcurrentRequests = max(state.counts.peakConcurrentRequests, inFlight + 1)
                return nil
            }
            state.counts.refused += 1
            if refusal.concurrency { state.counts.refusedForConcurrency += 1 } else { state.counts.refusedForRate += 1 }
            // 403 with Retry-After, 429 without, 429 with, 403 without: every answer GitHub gives.
            let turn = (state.counts.refused - 1) % 4
            return Refusal(
                status: turn == 0 || turn == 3 ? 403 : 429,
                retryAfter: turn == 0 || turn == 2 ? max(1, Int(refusal.retryAfter.rounded(.up))) : nil,
                byConcurrency: refusal.concurrency)
        }
    }

    /// The end of an admitted request.
    func leave(account: String?) {
        state.withLock { $0.inFlight[account ?? "anonymous", default: 1] -= 1 }
    }
}
