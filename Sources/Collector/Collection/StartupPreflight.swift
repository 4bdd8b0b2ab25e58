import AsyncHTTPClient
import Foundation
import GitHubAPI
import GoogleCloud
import Logging
import NIOCore
import Pipeline
import Settings
import Telemetry

/// Checks, before a collection is recorded or anything fetched, that GitHub answers at the API URL, knows every
/// organisation and accepts the token, and that the configured Google stores answer and accept the credentials.
struct StartupPreflight: Sendable {
    let configuration: PipelineConfiguration
    let logger: Logger

    /// Throws a `PipelineError` (`.startupCheck`) or a `ConfigurationError` naming what failed and the setting.
    func check(organizations: [String], source: CollectionRecord.Source) async throws {
        if source == .api { try await checkGitHub(organizations) }
        try await checkGoogle()
    }

    private func checkGitHub(_ organizations: [String]) async throws {
        let base = configuration.github.normalizedBaseURL
        var settings = HTTPClient.Configuration()
        settings.timeout = .init(connect: .seconds(3), read: .seconds(10))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
        defer { client.shutdown { _ in } }
        for org in organizations {
            let url = "\(base)/orgs/\(org.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? org)"
            let (status, message) = try await answer(of: url, client: client, base: base)
            switch status {
            case 404:
                throw PipelineError(
                    code: .startupCheck,
                    context:
                        "organisation \(org) not found at \(base) (GET /orgs/\(org) answered 404); check ORGANIZATIONS")
            case 401:
                throw ConfigurationError(
                    key: configuration.github.tokens.count > 1 ? "GITHUB_TOKENS" : "GITHUB_TOKEN",
                    reason: "GitHub at \(base) rejected the token (HTTP 401\(message.map { ": " + $0 } ?? ""))")
            case 200..<300:
                continue
            default:
                logger.warning(
                    "GitHub answered the organisation check with an error; going on",
                    metadata: [LogMetadataKeys.org: "\(org)", "http.status": "\(status)"])
            }
        }
    }

    /// The status of `GET url` and GitHub's `message` if the body has one: three tries at most, a few seconds
    /// each, then an error naming the API URL.
    private func answer(of url: String, client: HTTPClient, base: String) async throws -> (Int, String?) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/vnd.github+json")
        request.headers.add(name: "User-Agent", value: configuration.github.userAgent)
        if let token = configuration.github.tokens.first {
            request.headers.add(name: "Authorization", value: "Bearer \(token.secret)")
        }
        var attempt = 1
        while true {
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                let body = try await response.body.collect(upTo: 1 << 20)
                let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
                return (Int(response.status.code), object?["message"] as? String)
            } catch {
                try Task.checkCancellation()
                guard attempt < 3 else {
                    throw PipelineError(
                        code: .startupCheck,
                        context:
                            "the GitHub API at \(base) cannot be reached (\(error)); check GITHUB_API_URL / --api-url")
                }
                logger.warning(
                    "GitHub API unreachable; retrying", metadata: ["gh.api": "\(base)", "gh.attempt": "\(attempt)"])
                try await Task.sleep(for: .seconds(1))
                attempt += 1
            }
        }
    }

    private func checkGoogle() async throws {
        let hint = "check GOOGLE_APPLICATION_CREDENTIALS (or the metadata server, GCE_METADATA_HOST)"
        if let gcs = configuration.cloud.gcs {
            let bucket = gcs.configuration.bucket
            let exists: Bool
            do {
                exists = try await gcs.client.bucketExists(bucket)
            } catch {
                throw PipelineError(
                    code: .startupCheck,
                    context: "Cloud Storage at \(gcs.client.baseURL) cannot be used: \(error); \(hint), "
                        + "STORAGE_EMULATOR_HOST and GCS_BUCKET_NAME")
            }
            guard exists else {
                throw PipelineError(
                    code: .startupCheck,
                    context:
                        "bucket \(bucket) does not exist at \(gcs.client.baseURL); run `ghstats init` to create it, "
                        + "or check GCS_BUCKET_NAME")
            }
        }
        if let bigQuery = configuration.cloud.bigQuery {
            let client = bigQuery.writer.client
            do {
                _ = try await client.datasetExists(bigQuery.writer.dataset)
            } catch {
                throw PipelineError(
                    code: .startupCheck,
                    context:
                        "BigQuery at \(client.baseURL) (project \(client.project)) cannot be used: \(error); \(hint), "
                        + "BIGQUERY_EMULATOR_HOST, BIGQUERY_PROJECT_ID and BIGQUERY_DATASET_ID")
            }
        }
    }
}
