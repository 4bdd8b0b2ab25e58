import EventLog
import GitHubAPI
import Logging
import Settings
import Telemetry

/// Builds a fetcher from a pipeline configuration: the GitHub client with its response cache and token pool
/// (every token checked first), and the stream watermarks.
public struct FetcherFactory: Sendable {
    public let configuration: PipelineConfiguration
    let logger: Logger

    public init(configuration: PipelineConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// A fetcher on `log`. A token GitHub rejects fails here, naming its setting, before any task is taken.
    public func makeFetcher(log: any EventLog) async throws -> Fetcher {
        let cache = configuration.conditionalRequests ? try ResponseCache(path: configuration.responseCachePath) : nil
        let client = GitHubClient(configuration: configuration.github, cache: cache, logger: logger)
        try await checkTokens(client)
        if configuration.github.tokens.count > 1 { await client.discoverAccounts() }
        let watermarks =
            configuration.conditionalRequests ? try StreamWatermarks(path: configuration.watermarksPath) : nil
        return Fetcher(
            log: log, client: client, topics: configuration.topics, configuration: configuration.fetcher,
            watermarks: watermarks, logger: logger)
    }

    private func checkTokens(_ client: GitHubClient) async throws {
        do {
            let budgets = try await client.checkTokens()
            for (index, budget) in budgets.enumerated() {
                logger.info(
                    "token budget",
                    metadata: [
                        "gh.token": "\(index + 1)", "gh.ratelimit.remaining": "\(budget?.remaining ?? -1)",
                        "gh.ratelimit.limit": "\(budget?.limit ?? -1)",
                    ])
            }
            if let wait = PipelineWait.exhausted(budgets) { PipelineWait.note(wait) }
        } catch let error where error.code == .unauthorized {
            throw ConfigurationError(
                key: configuration.github.tokens.count > 1 ? "GITHUB_TOKENS" : "GITHUB_TOKEN",
                reason: "GitHub rejected a token: \(error.message) (HTTP 401)")
        } catch {
            logger.warning("could not check the tokens' budgets", metadata: [LogMetadataKeys.error: "\(error)"])
        }
    }
}
