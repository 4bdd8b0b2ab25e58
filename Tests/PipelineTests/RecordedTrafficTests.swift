import Foundation
import TestSupport
import Testing

/// Real api.github.com traffic (hub4j/github-api's recordings) replayed over HTTP through the built `ghstats collect`,
/// in REST and GraphQL mode: every stored field must be what GitHub recorded.
@Suite(.serialized) struct RecordedTrafficTests {
    /// A window reaching back past the oldest recorded object (a 2006 commit).
    static let days = "7500"

    /// Runs `ghstats collect` of the replay's organisations with pull requests read by `source`; returns the exit
    /// status, the output and the database path.
    static func collect(
        _ github: RecordedGitHub, source: String, directory: TemporaryDirectory
    ) async throws
        -> (status: Int32?, output: String, database: String)
    {
        let binary = try ProjectPaths.executable("ghstats")
        let database = directory.path("\(source).db")
        let organizations = Array(Set(github.repositories.map(\.owner))).sorted()
        return try await github.withRunning { url in
            let child = try ChildProcess(
                executable: binary,
                arguments: ["collect"] + organizations.flatMap { ["--org", $0] } + [
                    "--api-url", url, "--days", days, "--db", database, "--state-dir",
                    directory.path("\(source)-state"),
                    "--env-file", directory.path("no.env"), "--metrics-address", "off",
                ],
                directory: directory.url, name: "collect-\(source)",
                environment: ["GITHUB_TOKEN": "ghp_recordedtrafficreplay", "GHSTATS_PULL_REQUEST_SOURCE": source])
            let status = await child.waitForExit(timeout: .seconds(240))
            if status == nil { child.terminate() }
            return (status, child.output, database)
        }
    }

    static func differences(_ github: RecordedGitHub, database: String) throws -> [String] {
        let expected = RecordedExpectations.rows(github.repositories)
        return try RecordedExpectations.queries.keys.sorted().flatMap { table in
            RecordedExpectations.differences(
                table, stored: try RecordedExpectations.stored(table, database: database),
                expected: expected[table] ?? [:])
        }
    }

    @Test(arguments: ["rest", "graphql"])
    func everyStoredFieldIsWhatGitHubRecorded(source: String) async throws {
        let directory = try TemporaryDirectory("recorded-\(source)")
        defer { directory.remove() }
        let github = try RecordedGitHub.standard()
        let run = try await Self.collect(github, source: source, directory: directory)
        #expect(run.status == 0, "ghstats collect (\(source)) did not complete: \(run.output.suffix(4_000))")
        // The replay holds what the scenarios hold: ids above 2^31, a deleted author, a team review request, a
        // PENDING review, and 648 commits without a GitHub account.
        let expected = RecordedExpectations.rows(github.repositories)
        #expect(expected["pull_requests"]?.values.contains { Int64($0["id"] ?? "") ?? 0 > Int64(Int32.max) } == true)
        #expect(expected["commits"]?.values.filter { $0["author_login"] == RecordedExpectations.null }.count == 648)
        let differences = try Self.differences(github, database: run.database)
        #expect(differences == [], "\(source): \(differences.count) stored fields differ from the recordings")
        if source == "graphql" {
            #expect(github.graphQL.queries > 0, "GraphQL mode sent no query")
            #expect(github.graphQL.problems == [], "GitHub's schema rejected or could not answer a query")
        }
    }

    @Test func restAndGraphQLStoreIdenticalPullRequestsAndReviews() async throws {
        let directory = try TemporaryDirectory("recorded-both")
        defer { directory.remove() }
        var databases: [String] = []
        for source in ["rest", "graphql"] {
            let run = try await Self.collect(try RecordedGitHub.standard(), source: source, directory: directory)
            #expect(run.status == 0, "\(source): \(run.output.suffix(2_000))")
            databases.append(run.database)
        }
        for table in ["pull_requests", "reviews"] {
            let rest = try RecordedExpectations.stored(table, database: databases[0])
            let graphQL = try RecordedExpectations.stored(table, database: databases[1])
            #expect(!rest.isEmpty)
            let differences = RecordedExpectations.differences(table, stored: graphQL, expected: rest)
            #expect(differences == [], "GraphQL mode (stored) vs REST mode (recorded side)")
        }
    }
}
