import Foundation
import GHRecords
import GitHubAPI
import Synchronization

/// What the pipeline is waiting for and until when (a rate-limit reset, a retry), for the progress line.
/// One value per process: the fetcher sets it when it defers or waits, and clears it when work drains again.
package struct PipelineWait: Sendable, Hashable {
    /// What is awaited: `the rate-limit reset`, `a retry`.
    var what: String
    /// When the wait ends.
    package var until: Date
    /// The cause, e.g. `rateLimited on GET /orgs/x/repos`; nil when there is none to name.
    var cause: String?

    init(what: String, until: Date, cause: String? = nil) {
        self.what = what
        self.until = until
        self.cause = cause
    }

    /// The wait a deferred task names in its `ghstats-waiting-for` header (`<code> on <request>`).
    static func deferral(waitingFor: String?, until: Date) -> PipelineWait {
        let code = waitingFor?.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
        let what =
            switch code {
            case "rateLimited": "the rate-limit reset"
            case "secondaryRateLimited": "the secondary rate limit"
            default: "a retry"
            }
        return PipelineWait(what: what, until: until, cause: waitingFor)
    }

    /// The wait for the earliest reset when every token's budget is spent; nil when one has calls left.
    static func exhausted(_ budgets: [RateLimitStatus?]) -> PipelineWait? {
        let spent = budgets.compactMap { $0 }.filter { $0.remaining == 0 }
        guard !budgets.isEmpty, spent.count == budgets.count, let first = spent.min(by: { $0.reset < $1.reset }) else {
            return nil
        }
        return PipelineWait(
            what: "the rate-limit reset", until: first.reset,
            cause: "token budget spent: 0 of \(first.limit) \(first.resource) calls left")
    }

    /// `waiting for the rate-limit reset at 00:33:10Z (rateLimited on GET /orgs/x/repos)`; the date is shown
    /// only when the wait ends on another day than `now`.
    package func rendered(now: Date = Date()) -> String {
        let stamp = ISO8601Timestamp.format(until)
        let sameDay = stamp.prefix(10) == ISO8601Timestamp.format(now).prefix(10)
        let at = sameDay ? String(stamp.dropFirst(11)) : stamp
        return "waiting for \(what) at \(at)" + (cause.map { " (\($0))" } ?? "")
    }

    private static let shared = Mutex<PipelineWait?>(nil)

    /// The process's current wait, nil when none or once it has ended.
    package static func current(now: Date = Date()) -> PipelineWait? {
        shared.withLock { wait in
            guard let current = wait, current.until > now else { return nil }
            return current
        }
    }

    /// Records a wait; the later of two waits is kept, as nothing runs before it ends.
    static func note(_ wait: PipelineWait) {
        shared.withLock { current in
            if let existing = current, existing.until > wait.until, existing.until > Date() { return }
            current = wait
        }
    }

    /// Work drains again: nothing is waited for.
    static func clear() {
        shared.withLock { $0 = nil }
    }
}
