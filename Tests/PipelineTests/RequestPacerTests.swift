import Foundation
import GitHubAPI
import Synchronization
import Testing

/// A flag set by one task and read by another.
final class PacerTestFlag: Sendable {
    let value = Atomic(false)
}

/// The pacer keeps an account's points under the limit in every window and the requests in flight under the cap.
@Suite struct RequestPacerTests {
    @Test func pointsOverTheLimitWaitUntilTheFirstAnswerLeftTheWindow() async throws {
        let pacer = RequestPacer(configuration: PacingConfiguration(restPoints: 3, window: .seconds(1)))
        var permits: [RequestPacer.Permit] = []
        for _ in 0..<3 { permits.append(try await pacer.acquire(account: "alice", resource: .rest)) }
        let answered = ContinuousClock.now
        for permit in permits { permit.release() }
        // Another account and the other resource have their own windows.
        try await pacer.acquire(account: "bob", resource: .rest).release()
        try await pacer.acquire(account: "alice", resource: .graphQL).release()
        let fourth = try await pacer.acquire(account: "alice", resource: .rest)
        fourth.release()
        let waited = ContinuousClock.now - answered
        #expect(waited >= .seconds(1), "the fourth point went out \(waited) after the third answer")
        #expect(waited < .seconds(20))
    }

    @Test func requestsWithoutATokenArePacedOnlyByTheCapOnRequestsInFlight() async throws {
        let pacer = RequestPacer(configuration: PacingConfiguration(restPoints: 1, window: .seconds(3_600)))
        let started = ContinuousClock.now
        for _ in 0..<20 { try await pacer.acquire(account: nil, resource: .rest).release() }
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func noMoreRequestsThanTheCapAreInFlightAndTheNextGoesWhenOneEnds() async throws {
        let pacer = RequestPacer(configuration: PacingConfiguration(maxConcurrentRequests: 2))
        let first = try await pacer.acquire(account: "alice", resource: .rest)
        let second = try await pacer.acquire(account: "alice", resource: .rest)
        let granted = PacerTestFlag()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let third = try await pacer.acquire(account: "alice", resource: .rest)
                granted.value.store(true, ordering: .sequentiallyConsistent)
                third.release()
            }
            try await Task.sleep(for: .milliseconds(300))
            let early = granted.value.load(ordering: .sequentiallyConsistent)
            #expect(!early, "a third request went out past the cap of 2")
            #expect(pacer.requestsInFlight == 2)
            first.release()
            try await group.waitForAll()
        }
        let late = granted.value.load(ordering: .sequentiallyConsistent)
        #expect(late)
        second.release()
        #expect(pacer.requestsInFlight == 0)
    }

    @Test func aWaiterCancelledForTheCapTakesNoSlot() async throws {
        let pacer = RequestPacer(configuration: PacingConfiguration(maxConcurrentRequests: 1))
        let held = try await pacer.acquire(account: "alice", resource: .rest)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pacer.acquire(account: "alice", resource: .rest).release() }
            try? await Task.sleep(for: .milliseconds(100))
            group.cancelAll()
            await #expect(throws: CancellationError.self) { try await group.waitForAll() }
        }
        held.release()
        #expect(pacer.requestsInFlight == 0)
        let next = try await pacer.acquire(account: "alice", resource: .rest)
        #expect(pacer.requestsInFlight == 1)
        next.release()
    }

    @Test func anAccountPausedBySecondaryLimitFailsAtOnceWithThePauseLeft() async throws {
        let pacer = RequestPacer()
        pacer.pause(account: "alice", resource: .rest, for: .seconds(30))
        do {
            _ = try await pacer.acquire(account: "alice", resource: .rest)
            Issue.record("a paused account was let through")
        } catch let paused as RequestPacer.Paused {
            #expect(paused.remaining > .seconds(20) && paused.remaining <= .seconds(30))
        }
        try await pacer.acquire(account: "alice", resource: .graphQL).release()
        try await pacer.acquire(account: "bob", resource: .rest).release()
    }
}
