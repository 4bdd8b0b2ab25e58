import Foundation
import GitHubSimulator
import Logging
import Pipeline
import Testing
import TestSupport

@Suite struct ConditionalRequestTests {
    @Test func anUnchangedSecondCollectIsAnsweredMostlyWith304AndAChangeIsStillCollected() async throws {
        let harness = try PipelineHarness(repositories: 5, pullRequestsPerRepository: 40, seed: 17)
        defer { harness.remove() }
        let window = CollectionWindow.days(3650)
        let (firstRequests, secondRequests, second304, third) = try await harness.simulator.withRunning(logger: .quiet) {
            url in
            _ = try await harness.collect(baseURL: url, window: window, logger: .quiet)
            let afterFirst = (harness.simulator.requestCount, harness.simulator.notModifiedCount)
            _ = try await harness.collect(baseURL: url, window: window, logger: .quiet)
            let secondRequests = harness.simulator.requestCount - afterFirst.0
            let second304 = harness.simulator.notModifiedCount - afterFirst.1
            harness.simulator.tick(changes: 12)
            let third = try await harness.collect(baseURL: url, window: window, logger: .quiet)
            return (afterFirst.0, secondRequests, second304, third)
        }
        #expect(secondRequests == firstRequests)
        #expect(Double(second304) >= 0.9 * Double(secondRequests), "\(second304) of \(secondRequests) answered 304")
        let expected = harness.simulator.expectedCounts(since: window.since)
        #expect(third.counts.matches(expected), "after a change: store \(third.counts) vs simulator \(expected)")
    }
}
