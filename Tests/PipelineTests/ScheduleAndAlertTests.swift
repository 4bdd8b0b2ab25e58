import Foundation
import GitHubAPI
import GitHubSimulator
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

@testable import Collector
@testable import Settings

/// `scheduled` keeps its cadence across restarts and stops on shutdown; failed collections reach the webhook.
/// A list appended to from other tasks.
final class SharedList<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    func append(_ item: Element) -> Int {
        items.withLock {
            $0.append(item)
            return $0.count
        }
    }
    var all: [Element] { items.withLock { $0 } }
}

@Suite struct ScheduleAndAlertTests {
    @Test func aScheduleRunsOnItsCadenceKeepsItAcrossARestartAndStopsOnShutdown() async throws {
        let harness = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 5, seed: 41)
        defer { harness.remove() }
        try await harness.simulator.withRunning(logger: .quiet) { url in
            let runner = CollectionRunner(configuration: harness.pipelineConfiguration(baseURL: url), logger: .quiet)
            func schedule(_ runs: SharedList<CollectionSummary>) -> ScheduledCollection {
                ScheduledCollection(
                    runner: runner, organizations: ["sim-org"], window: .days(30), interval: .seconds(3), webhook: nil,
                    logger: .quiet, onRun: { run in _ = runs.append(run.summary) })
            }
            let runs = SharedList<CollectionSummary>()
            let first = schedule(runs)
            #expect(try await first.nextRun() <= Date(), "never collected: due at once")
            let group = ServiceGroup(configuration: .init(services: [first], logger: .quiet))
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                while runs.all.count < 2 {
                    try await Task.sleep(for: .milliseconds(50))
                    if ContinuousClock.now - started > .seconds(120) { break }
                }
                // Shut down (while it waits for the next run, or during it on a slow machine): it stops gracefully.
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let summaries = runs.all
            #expect(summaries.count >= 2)
            #expect(summaries.prefix(2).allSatisfy { $0.completed })
            if summaries.count >= 2 {
                let gap = summaries[1].collection.startedAt.timeIntervalSince(summaries[0].collection.startedAt)
                #expect(gap >= 3 - 0.01, "the second run waited for the interval from the first one's start")
            }

            // A restarted process reads the cadence from the ledger: 3 s after the last start, or at once to resume
            // a run the shutdown interrupted.
            let ledger = try await CollectionLedger(path: runner.configuration.ledgerPath).all()
            let due = try await schedule(SharedList()).nextRun()
            let lastStart = try #require(ledger.map(\.startedAt).max())
            if ledger.allSatisfy({ $0.status == .completed }) {
                #expect(abs(due.timeIntervalSince(lastStart) - 3) < 0.01)
            } else {
                #expect(due <= Date())
            }
        }
    }

    @Test func aRepeatedCollectionAsksItsWindowAsOfItsOwnStartAndARangeStaysPut() {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let week = 7 * 86_400.0
        let later = start.addingTimeInterval(week)
        let days = CollectionWindow.days(30, now: start)
        #expect(days.renewed(now: later) == .days(30, now: later))
        #expect(days.renewed(now: later).since == days.since?.addingTimeInterval(week), "the last 30 days, not 37")
        #expect(CollectionWindow.hours(6, now: start).renewed(now: later) == .hours(6, now: later))
        let range = CollectionWindow.range(from: start.addingTimeInterval(-week), to: start)
        #expect(range.renewed(now: later) == range)
        #expect(CollectionWindow.allHistory.renewed(now: later) == .allHistory)
    }

    @Test func theScheduledCommandStopsOnSIGTERMBetweenRunsAndARestartKeepsTheCadence() async throws {
        let harness = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 5, seed: 47)
        defer { harness.remove() }
        let binary = try ProjectPaths.executable("ghstats")
        let ledgerPath = harness.pipelineConfiguration(baseURL: "").ledgerPath
        try await harness.simulator.withRunning(logger: .quiet) { url in
            let arguments = [
                "scheduled", "--interval", "1h", "--days", "30", "--org", "sim-org", "--api-url", url,
                "--db", harness.databasePath, "--state-dir", harness.stateDirectory, "--metrics-address", "127.0.0.1:0",
            ]
            let first = try ChildProcess(
                executable: binary, arguments: arguments, directory: harness.directory.url, name: "scheduled-1")
            // Wait until the first run is done and the next one is scheduled, an hour away.
            let deadline = ContinuousClock.now + .seconds(120)
            while first.isRunning, ContinuousClock.now < deadline, !first.output.contains("next collection scheduled") {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await CollectionLedger(path: ledgerPath).all().map(\.status) == [.completed])
            let requests = harness.simulator.requestCount
            kill(first.process.processIdentifier, SIGTERM)
            #expect(await first.waitForExit(timeout: .seconds(20)) == 0, "\(first.output.suffix(2_000))")
            #expect(first.output.contains("next collection scheduled"))

            // Started again, it waits out the hour instead of collecting at once.
            let second = try ChildProcess(
                executable: binary, arguments: arguments, directory: harness.directory.url, name: "scheduled-2")
            try await Task.sleep(for: .seconds(2))
            #expect(second.isRunning)
            #expect(harness.simulator.requestCount == requests, "no collection before the interval is over")
            kill(second.process.processIdentifier, SIGTERM)
            #expect(await second.waitForExit(timeout: .seconds(20)) == 0, "\(second.output.suffix(2_000))")
            #expect(try await CollectionLedger(path: ledgerPath).all().count == 1)
        }
    }

    @Test func aCollectionWithDeadLettersIsPostedToTheWebhookWithoutSecrets() async throws {
        let received = SharedList<String>()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let first = received.append(String(buffer: body)) == 1
            return first ? .serviceUnavailable : .noContent  // the first delivery fails: it is retried
        }
        let faults = [FaultRule(path: "/repos/sim-org/repo-02/commits", kind: .status(404))]
        let base = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 5, faults: faults, seed: 43)
        let harness = try PipelineHarness.withTokens(base, ["tok-webhook-secret": "hooked"])
        defer { harness.remove() }
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.tokens = [GitHubToken("tok-webhook-secret")]
            return try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
        }
        let alert = try #require(CollectionAlert.after(summary))
        let delivered = try await TestHTTPServer.withRunning(router) { base in
            try await AlertWebhook(url: base + "/hook", logger: .quiet).post(alert)
        }
        #expect(delivered)
        let bodies = received.all
        #expect(bodies.count == 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bodies[1].utf8)) as? [String: Any])
        #expect(json["event"] as? String == "collection_incomplete")
        #expect(json["collection_id"] as? String == summary.collection.id)
        #expect(json["dead_letters"] as? Int == 1)
        #expect((json["dead_letter_reasons"] as? [String: Int]) == ["notFound": 1])
        #expect((json["text"] as? String)?.contains("sim-org") == true)
        #expect(!bodies[1].contains("tok-webhook-secret"))

        #expect(
            CollectionAlert.after(
                CollectionSummary(
                    collection: summary.collection, completed: true, counts: summary.counts, deadLetters: [])) == nil,
            "a clean run alerts nobody")
        let unreachable = try AlertWebhook(
            url: "http://127.0.0.1:9/hook", attempts: 2, timeout: .milliseconds(500), logger: .quiet)
        #expect(await unreachable.post(alert) == false, "a webhook that is down is logged, not thrown")
        let error = try #require(throws: ConfigurationError.self) {
            try AlertWebhook(url: "ftp://example.com", logger: .quiet)
        }
        #expect(error.key == "ALERT_WEBHOOK_URL")
    }
}

@Suite struct ProgressBarTests {
    @Test func theBarShowsTheShareDoneWithRateAndETA() {
        #expect(
            ProgressReporter.bar(pending: 50, done: 0.75, rate: 25, remaining: 2, width: 8)
                == "collecting [######..]  75%  50 pending  25 msg/s  eta 2s")
        #expect(
            ProgressReporter.bar(pending: 0, done: 0, rate: 0, remaining: 0, width: 4)
                == "collecting [####] 100%  0 pending")
        #expect(
            ProgressReporter.bar(pending: 10, done: 0, rate: 0, remaining: nil, width: 4)
                == "collecting [....]   0%  10 pending")
    }

    /// While a run waits out a reset the rate decays towards zero: the estimate must neither crash (a Double past
    /// Int's range) nor print an absurd number.
    @Test func aRateDecayedDuringALongWaitShowsWaitingInsteadOfCrashing() {
        #expect(
            ProgressReporter.bar(pending: 1_000, done: 0.5, rate: 1e-300, remaining: nil, width: 4)
                == "collecting [##..]  50%  1000 pending  waiting")
        #expect(
            ProgressReporter.bar(pending: 1_000, done: 0.5, rate: .leastNonzeroMagnitude, remaining: nil, width: 4)
                == "collecting [##..]  50%  1000 pending  waiting")
        #expect(
            ProgressReporter.bar(pending: 1_000_000, done: 0.5, rate: 0.02, remaining: 5e7, width: 4)
                == "collecting [##..]  50%  1000000 pending  0 msg/s  eta over a day")
    }

    /// A collection that drains unevenly (batches of 0 to 30 a second) and discovers 200 more messages midway.
    static func readings() -> [(at: Date, pending: Int64)] {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let drains: [Int64] = [2, 18, 5, 15, 30, 0, 10]
        var pending: Int64 = 1_000
        var readings: [(at: Date, pending: Int64)] = []
        var second = 0
        while pending > 0 {
            second += 1
            pending = max(0, pending - drains[second % drains.count])
            if second == 20 { pending += 200 }
            readings.append((start.addingTimeInterval(Double(second)), pending))
        }
        return readings
    }

    @Test func theShareDoneNeverGoesBackWhenWorkIsDiscovered() {
        var estimate = ProgressEstimate()
        var shown: [Double] = []
        for reading in Self.readings() {
            estimate.observe(pending: reading.pending, at: reading.at)
            shown.append(estimate.done)
        }
        #expect(zip(shown, shown.dropFirst()).allSatisfy { $0 <= $1 }, "never backwards: \(shown)")
        #expect(shown[19] >= shown[18], "200 messages discovered: the bar holds")
        #expect(shown.last == 1)
    }

    @Test func theTimeLeftCountsDownAndSettlesNearTheTruth() {
        let readings = Self.readings()
        let end = readings.last!.at
        var estimate = ProgressEstimate()
        var previous: Double?
        for (index, reading) in readings.enumerated() {
            estimate.observe(pending: reading.pending, at: reading.at)
            guard let left = estimate.remaining(at: reading.at), reading.pending > 0 else { continue }
            if let previous {
                // It rises only a little, and only when work is discovered (the 20th second on).
                #expect(left <= previous + (index >= 19 ? 5 : 0.001), "second \(index + 1): \(previous) -> \(left)")
            }
            previous = left
            let truth = end.timeIntervalSince(reading.at)
            if index >= 29 {
                #expect(
                    abs(left - truth) <= max(5, 0.25 * truth), "second \(index + 1): \(left) s left, truly \(truth)")
            }
        }
        #expect(estimate.remaining(at: end) == 0)
    }
}
