import ArgumentParser
import Collector
import GitHubAPI
import Logging
import Pipeline
import Settings

/// `--plan` and `--max-requests`: the API budget of a collection, before any fetch.
struct PlanOptions: ParsableArguments {
    @Flag(help: "Print the estimated REST requests, GraphQL points and hours per account, then stop.")
    var plan = false

    @Option(help: "Refuse to run when the plan needs more than this many REST requests plus GraphQL points.")
    var maxRequests: Int?

    /// Plans when asked; returns false when the run should not go on (only a plan was asked for).
    func check(
        _ configuration: PipelineConfiguration, organizations: [String], window: CollectionWindow, logger: Logger
    ) async throws -> Bool {
        guard plan || maxRequests != nil else { return true }
        if let maxRequests, maxRequests < 1 {
            throw ConfigurationError(key: "--max-requests", reason: "must be at least 1")
        }
        let cache = configuration.conditionalRequests ? try ResponseCache(path: configuration.responseCachePath) : nil
        let client = GitHubClient(configuration: configuration.github, cache: cache, logger: logger)
        if configuration.github.tokens.count > 1 { await client.discoverAccounts() }
        let estimate = try await CollectionPlanner(client: client, configuration: configuration.fetcher, logger: logger)
            .plan(organizations: organizations, window: window)
        print(estimate.report)
        if let maxRequests, estimate.restRequests + estimate.graphQLPoints > maxRequests {
            throw ConfigurationError(
                key: "--max-requests",
                reason:
                    "the plan needs \(estimate.restRequests) REST requests and \(estimate.graphQLPoints) GraphQL points, over \(maxRequests)"
            )
        }
        return !plan
    }
}
