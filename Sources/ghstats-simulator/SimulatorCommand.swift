import ArgumentParser
import Foundation
import GitHubSimulator
import Logging

/// Serves a simulated GitHub organisation over HTTP until interrupted.
@main
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ghstats-simulator",
        abstract:
            "A GitHub REST and GraphQL simulator over a seeded organisation, with rate limits, conditional requests and faults.",
        discussion: """
            Faults: --fault PATH=KIND[:TIMES], KIND one of 500 502 503 404 409 451 (a status), malformed, truncated,
            reset (connection reset), delay-MS, secondary-S (secondary rate limit with retry-after S); on PATH /graphql
            also graphql-timeout (200 with GitHub's untyped timeout error) and graphql-not-found (repository: null).
            PATH is exact, or ends in /* for everything under it (/repos/demo-org/repo-03/*).
            Secondary limits (off unless --secondary-limits): per account, REST and GraphQL points per window (a request
            or query is 1 point) and requests in flight; over them, 403 or 429 with or without retry-after, as GitHub.
            Control (not GitHub's): GET /_simulator/counts[?since=ISO8601], GET /_simulator/secondary-limits (refusals),
            POST /_simulator/tick?changes=N.
            """)

    @Option(help: "Port (0 picks one).") var port: Int = 8088
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Seed.") var seed: UInt64 = 42
    @Option(name: .customLong("org"), help: "Organisation (repeatable).") var organizations: [String] = []
    @Option(help: "Repositories per organisation.") var repos: Int = 20
    @Option(help: "A folder of GH Archive hour files (YYYY-MM-DD-H.json.gz) served at /gharchive/NAME.")
    var gharchiveDir: String?
    @Option(help: "Pull requests per repository.") var prsPerRepo: Int = 100
    @Option(help: "Days of history.") var historyDays: Int = 365
    @Option(help: "REST requests per account and window.") var rateLimit: Int = 5_000
    @Option(help: "Rate-limit window in seconds.") var rateLimitWindow: Int = 3_600
    @Option(help: "Status of an exhausted limit (403 or 429).") var rateLimitStatus: Int = 403
    @Flag(help: "Enforce GitHub's secondary rate limits (refusals counted at /_simulator/secondary-limits).")
    var secondaryLimits = false
    @Option(help: "With --secondary-limits: REST points per account and window.") var secondaryRestPoints: Int = 900
    @Option(help: "With --secondary-limits: GraphQL points per account and window.") var secondaryGraphqlPoints: Int =
        2_000
    @Option(help: "With --secondary-limits: requests in flight per account.") var maxConcurrentRequests: Int = 100
    @Option(help: "With --secondary-limits: the window in seconds.") var secondaryWindow: Int = 60
    @Option(name: .customLong("token"), help: "TOKEN=ACCOUNT (repeatable); with any, unknown tokens get 401.")
    var tokens: [String] = []
    @Option(name: .customLong("fault"), help: "PATH=KIND[:TIMES] (repeatable).") var faults: [String] = []
    @Flag(help: "Write Link URLs with /repos/{owner}/{repo} instead of /repositories/{id}.")
    var noRepositoryIdLinks = false

    func run() async throws {
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.host = host
        configuration.seed = seed
        if !organizations.isEmpty { configuration.organizations = organizations }
        configuration.repositoriesPerOrganization = repos
        configuration.pullRequestsPerRepository = prsPerRepo
        configuration.historyDays = historyDays
        configuration.rateLimit = RateLimitConfiguration(limit: rateLimit, window: .seconds(rateLimitWindow))
        guard [403, 429].contains(rateLimitStatus) else {
            throw ValidationError("--rate-limit-status must be 403 or 429")
        }
        configuration.rateLimit.exhaustedStatus = rateLimitStatus
        configuration.repositoryIDLinks = !noRepositoryIdLinks
        if secondaryLimits {
            guard secondaryRestPoints > 0, secondaryGraphqlPoints > 0, maxConcurrentRequests > 0, secondaryWindow > 0
            else {
                throw ValidationError("the secondary limits and their window must be positive")
            }
            configuration.secondaryLimits = SecondaryRateLimitConfiguration(
                restPoints: secondaryRestPoints, graphQLPoints: secondaryGraphqlPoints,
                maxConcurrentRequests: maxConcurrentRequests, window: .seconds(secondaryWindow))
        }
        configuration.ghArchiveDirectory = gharchiveDir
        for pair in tokens {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--token takes TOKEN=ACCOUNT") }
            configuration.tokens[parts[0]] = parts[1]
        }
        configuration.faults = try faults.map(Self.parseFault)
        let simulator = GitHubSimulator(configuration: configuration)
        let logger = Logger(label: "ghstats-simulator")
        let host = configuration.host
        try await simulator.run(logger: logger) { port in
            // Unbuffered, so a script reading our output learns the port at once.
            FileHandle.standardOutput.write(Data("ghstats-simulator listening on http://\(host):\(port)\n".utf8))
        }
    }

    static func parseFault(_ text: String) throws -> FaultRule {
        guard let equals = text.lastIndex(of: "=") else {
            throw ValidationError("--fault takes PATH=KIND[:TIMES]: \(text)")
        }
        let path = String(text[..<equals])
        var spec = String(text[text.index(after: equals)...])
        var times: Int?
        if let colon = spec.lastIndex(of: ":") {
            guard let count = Int(spec[spec.index(after: colon)...]) else {
                throw ValidationError("--fault TIMES must be a number: \(text)")
            }
            times = count
            spec = String(spec[..<colon])
        }
        let kind: FaultRule.Kind
        switch spec {
        case "malformed": kind = .malformedBody
        case "truncated": kind = .truncatedBody
        case "reset": kind = .connectionReset
        case "graphql-timeout": kind = .graphQLTimeout
        case "graphql-not-found": kind = .graphQLNotFound
        case let delay where delay.hasPrefix("delay-"):
            guard let milliseconds = Int(delay.dropFirst(6)) else { throw ValidationError("bad delay in \(text)") }
            kind = .delay(.milliseconds(milliseconds))
        case let secondary where secondary.hasPrefix("secondary-"):
            guard let seconds = Int(secondary.dropFirst(10)) else {
                throw ValidationError("bad retry-after in \(text)")
            }
            kind = .secondaryRateLimit(retryAfter: seconds)
        default:
            guard let status = Int(spec), (400...599).contains(status) else {
                throw ValidationError("unknown fault kind '\(spec)' in \(text)")
            }
            kind = .status(status)
        }
        return FaultRule(path: path, kind: kind, times: times)
    }
}
