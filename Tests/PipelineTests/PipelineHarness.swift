import Collector
import EventLog
import Foundation
import GHRecords
import GitHubSimulator
import Logging
import Pipeline
import Store
import TestSupport

/// A simulator plus a fresh state directory and store, for end-to-end runs over real HTTP and real SQLite files.
struct PipelineHarness {
    let directory: TemporaryDirectory
    let simulator: GitHubSimulator

    init(
        repositories: Int = 20, pullRequestsPerRepository: Int = 100, faults: [FaultRule] = [], seed: UInt64 = 7,
        rateLimit: RateLimitConfiguration = .generous, now: Date? = nil
    ) throws {
        directory = try TemporaryDirectory("ghstats-pipeline")
        var configuration = SimulatorConfiguration()
        configuration.seed = seed
        configuration.organizations = ["sim-org"]
        configuration.repositoriesPerOrganization = repositories
        configuration.pullRequestsPerRepository = pullRequestsPerRepository
        configuration.faults = faults
        configuration.rateLimit = rateLimit
        if let now { configuration.now = now }
        simulator = GitHubSimulator(configuration: configuration)
    }

    init(directory: TemporaryDirectory, simulator: GitHubSimulator) {
        self.directory = directory
        self.simulator = simulator
    }

    var databasePath: String { directory.path("ghstats.db") }
    var stateDirectory: String { directory.path("state") }

    /// A window that holds the simulator's whole history.
    static let everything = CollectionWindow.days(3650)

    func pipelineConfiguration(baseURL: String) -> PipelineConfiguration {
        var configuration = PipelineConfiguration()
        configuration.github.baseURL = baseURL
        configuration.databasePath = databasePath
        configuration.stateDirectory = stateDirectory
        configuration.fetcher.retry = .exponentialJitter(
            maxAttempts: 4, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(100))
        // The simulator enforces no secondary limits unless a test asks it to; those tests pace on their own.
        configuration.github.pacing = .unpaced
        return configuration
    }

    func collect(
        baseURL: String, window: CollectionWindow = everything, logger: Logger
    ) async throws
        -> CollectionSummary
    {
        try await CollectionRunner(configuration: pipelineConfiguration(baseURL: baseURL), logger: logger)
            .collect(organizations: ["sim-org"], window: window)
    }

    /// The Kafka flags these tests give every role: the cluster, and a short session so that a killed member's
    /// partitions move within seconds.
    static func kafkaFlags(_ bootstrap: String) -> [String] {
        [
            "--brokers", bootstrap, "--kafka-property", "session.timeout.ms=6000", "--kafka-property",
            "heartbeat.interval.ms=500",
        ]
    }

    /// Of the settings these tests give every role, the flags `command` takes (each command takes only its own).
    func roleFlags(_ command: String, apiURL: String) -> [String] {
        switch command {
        case "fetch": ["--api-url", apiURL]
        case "persist", "produce": ["--db", databasePath]
        default: []
        }
    }

    func counts() async throws -> StoreCounts {
        try await SQLiteStore(path: databasePath).counts()
    }

    func remove() { directory.remove() }
}

extension StoreCounts {
    /// True when every record table holds exactly what the simulator serves.
    func matches(_ expected: SimulatedCounts) -> Bool {
        repositories == expected.repositories && pullRequests == expected.pullRequests
            && reviews == expected.reviews && reviewComments == expected.reviewComments
            && issueComments == expected.issueComments && commits == expected.commits
    }
}
