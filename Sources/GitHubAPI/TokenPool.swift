import DurationConversion
import Foundation
import Synchronization

/// Tokens to spread requests over. GitHub's budget is per **account**, so tokens are grouped by the account
/// they belong to (tokens of one user share one budget); each request goes out with a token of the account
/// that has the most budget left, as the latest `x-ratelimit-*` headers and the requests since tell.
public final class TokenPool: Sendable {
    struct Budget {
        var remaining: Int?
        var reset: Date?
        var inFlight = 0
    }

    struct State {
        var accounts: [String: String] = [:]
        var budgets: [String: Budget] = [:]
    }

    public let tokens: [GitHubToken]
    private let state = Mutex(State())

    public init(tokens: [GitHubToken]) {
        self.tokens = tokens
    }

    /// Records which account a token belongs to (from `GET /user`); unknown tokens count as their own account.
    public func setAccount(_ account: String, for token: GitHubToken) {
        state.withLock { $0.accounts[token.secret] = account }
    }

    /// The account a token is counted under.
    public func account(of token: GitHubToken) -> String {
        state.withLock { $0.accounts[token.secret] } ?? "token#\(tokens.firstIndex(of: token) ?? -1)"
    }

    /// The token to send next: one of the account with the most budget left (an unknown budget counts as full).
    public func next(now: Date = Date()) -> GitHubToken? {
        guard !tokens.isEmpty else { return nil }
        return state.withLock { state in
            func key(_ token: GitHubToken) -> String {
                state.accounts[token.secret] ?? "token#\(tokens.firstIndex(of: token)!)"
            }
            func left(_ token: GitHubToken) -> Int {
                let budget = state.budgets[key(token)] ?? Budget()
                if let reset = budget.reset, reset <= now { return Int.max / 2 - budget.inFlight }
                return (budget.remaining ?? Int.max / 2) - budget.inFlight
            }
            let best = tokens.max { left($0) < left($1) }!
            state.budgets[key(best), default: Budget()].inFlight += 1
            return best
        }
    }

    /// Updates the budget of `token`'s account from a response's headers (nil: the request failed).
    public func record(_ status: RateLimitStatus?, for token: GitHubToken) {
        let account = state.withLock { state in
            let key = state.accounts[token.secret] ?? "token#\(tokens.firstIndex(of: token) ?? -1)"
            var budget = state.budgets[key, default: Budget()]
            budget.inFlight = max(0, budget.inFlight - 1)
            if let status, status.resource == "core" {
                budget.remaining = status.remaining
                budget.reset = status.reset
            }
            state.budgets[key] = budget
            return key
        }
        if let status { GitHubMetrics.recordRateLimit(status, account: account) }
    }

    /// When every account is exhausted: how long until the first reset; nil while some account has budget.
    public func waitUntilAnyReset(now: Date = Date()) -> Duration? {
        state.withLock { state in
            var soonest: Date?
            for token in tokens {
                let key = state.accounts[token.secret] ?? "token#\(tokens.firstIndex(of: token)!)"
                guard let budget = state.budgets[key], let remaining = budget.remaining, remaining <= 0,
                    let reset = budget.reset, reset > now
                else { return nil }
                soonest = min(soonest ?? reset, reset)
            }
            return soonest.map { Duration(timeInterval: $0.timeIntervalSince(now)) + .milliseconds(500) }
        }
    }
}
