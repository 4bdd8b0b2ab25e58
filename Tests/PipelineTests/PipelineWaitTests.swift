import Foundation
import GitHubAPI
import Testing

@testable import Collector
@testable import Pipeline

/// What the progress line says while the pipeline waits.
struct PipelineWaitTests {
    static let now = Date(timeIntervalSince1970: 1_796_256_000)  // 2026-12-03T00:00:00Z

    @Test func aDeferralForARateLimitSaysTheResetItsTimeAndTheRequest() {
        let wait = PipelineWait.deferral(
            waitingFor: "rateLimited on GET /orgs/x/repos", until: Self.now.addingTimeInterval(1_990))
        #expect(
            wait.rendered(now: Self.now)
                == "waiting for the rate-limit reset at 00:33:10Z (rateLimited on GET /orgs/x/repos)")
    }

    @Test func otherDeferralsSayASecondaryLimitOrARetry() {
        let until = Self.now.addingTimeInterval(60)
        #expect(
            PipelineWait.deferral(waitingFor: "secondaryRateLimited on GET /x", until: until).what
                == "the secondary rate limit")
        #expect(PipelineWait.deferral(waitingFor: "serverError on GET /x", until: until).what == "a retry")
        #expect(
            PipelineWait.deferral(waitingFor: nil, until: until).rendered(now: Self.now)
                == "waiting for a retry at 00:01:00Z")
    }

    @Test func aWaitEndingAnotherDaySaysTheDate() {
        let wait = PipelineWait(what: "a retry", until: Self.now.addingTimeInterval(86_400 + 5))
        #expect(wait.rendered(now: Self.now) == "waiting for a retry at 2026-12-04T00:00:05Z")
    }

    @Test func theProgressBarSaysTheWaitInsteadOfARate() {
        let wait = PipelineWait.deferral(
            waitingFor: "rateLimited on GET /orgs/x/repos", until: Self.now.addingTimeInterval(1_990))
        let line = ProgressReporter.bar(
            pending: 10, done: 0.75, rate: 0.001, remaining: nil, wait: wait, now: Self.now)
        #expect(
            line.hasSuffix(
                "10 pending  waiting for the rate-limit reset at 00:33:10Z (rateLimited on GET /orgs/x/repos)"))
        #expect(
            !ProgressReporter.bar(
                pending: 0, done: 1, rate: 0, remaining: 0, wait: wait, now: Self.now
            ).contains("waiting"))
    }

    @Test func spentBudgetsOnEveryTokenWaitForTheEarliestReset() {
        func budget(remaining: Int, resetIn seconds: TimeInterval) -> RateLimitStatus {
            RateLimitStatus(
                limit: 5_000, remaining: remaining, used: 5_000 - remaining,
                reset: Self.now.addingTimeInterval(seconds), resource: "core")
        }
        let early = budget(remaining: 0, resetIn: 600)
        let late = budget(remaining: 0, resetIn: 900)
        let left = budget(remaining: 3, resetIn: 0)
        #expect(PipelineWait.exhausted([late, early])?.until == early.reset)
        #expect(PipelineWait.exhausted([late, left]) == nil)
        #expect(PipelineWait.exhausted([]) == nil)
        #expect(
            PipelineWait.exhausted([late])?.rendered(now: Self.now)
                == "waiting for the rate-limit reset at 00:15:00Z (token budget spent: 0 of 5000 core calls left)")
    }
}
