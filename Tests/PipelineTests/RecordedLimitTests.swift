import Foundation
import TestSupport
import Testing

/// GitHub's recorded secondary-limit answers (hub4j/github-api's AbuseLimitHandlerTest) served in front of a real
/// resource, and GitHub Enterprise's 404 on `/rate_limit`: `ghstats collect` waits as GitHub asks, then collects
/// everything.
@Suite struct RecordedLimitTests {
    /// A recorded secondary-limit scenario and the least wait GitHub's docs ask before the retry: `Retry-After` when
    /// sent (moved to 3 s from the answer), else at least a minute.
    static let scenarios: [(folder: String, leastWait: Duration)] = [
        ("testHandler_Wait_Secondary_Limits", .seconds(55)),  // 403, no Retry-After, remaining > 0
        ("testHandler_Wait_Secondary_Limits_Too_Many_Requests", .seconds(2)),  // 429, Retry-After in seconds
        ("testHandler_Wait_Secondary_Limits_Too_Many_Requests_Date_Retry_After", .seconds(2)),  // 429, an HTTP date
        ("testHandler_Wait_Secondary_Limits_Too_Many_Requests_No_Retry_After", .seconds(55)),  // 429, no Retry-After
    ]

    @Test(arguments: scenarios.map(\.folder))
    func aSecondaryLimitIsWaitedOutAndTheRepositoryCollected(folder: String) async throws {
        let leastWait = try #require(Self.scenarios.first { $0.folder == folder }?.leastWait)
        let mappings = try RecordedMapping.scenario("AbuseLimitHandlerTest/\(folder)")
        let failure = try #require(mappings.first { $0.status == 403 || $0.status == 429 })
        let resource = try #require(mappings.first { $0.status == 200 && $0.path.hasPrefix("/repos/") })
        let body = try RecordedObject(resource)
        let repository = RecordedRepository(
            owner: "hub4j-test-org", name: try #require(body.string("name")), body: body)
        let listing = "/orgs/hub4j-test-org/repos"
        let github = RecordedGitHub(
            repositories: [repository],
            rateLimit: try RecordedOrganizations.mapping("GHRateLimitTest/testGitHubRateLimit", "rate_limit-5.json"),
            user: try #require(mappings.first { $0.path == "/user" }),
            organization: try RecordedOrganizations.organization(),
            failures: [listing: [failure]])
        let directory = try TemporaryDirectory("recorded-limit")
        defer { directory.remove() }
        let run = try await RecordedTrafficTests.collect(github, source: "rest", directory: directory)
        #expect(run.status == 0, "\(folder): \(run.output.suffix(3_000))")
        let answers = github.served.filter { $0.url.hasPrefix(listing) }
        #expect(
            answers.map(\.status) == [failure.status, 200],
            "\(folder): the listing was answered \(answers.map(\.status))")
        if answers.count >= 2 {
            let waited = answers[1].at - answers[0].at
            #expect(waited >= leastWait, "\(folder): retried after \(waited), GitHub asks at least \(leastWait)")
        }
        let differences = try RecordedTrafficTests.differences(github, database: run.database)
        #expect(differences == [], "\(folder)")
        #expect(try RecordedExpectations.stored("repositories", database: run.database).count == 1)
    }

    @Test func gitHubEnterpriseWithoutRateLimitsIsCollectedWhole() async throws {
        let github = try RecordedGitHub.standard(
            prefix: "/api/v3",
            rateLimit: RecordedOrganizations.mapping(
                "GHRateLimitTest/testGitHubEnterpriseDoesNotHaveRateLimit", "rate_limit-2.json"))
        let directory = try TemporaryDirectory("recorded-enterprise")
        defer { directory.remove() }
        let run = try await RecordedTrafficTests.collect(github, source: "rest", directory: directory)
        #expect(run.status == 0, "\(run.output.suffix(3_000))")
        // Only `/rate_limit` may fail (Enterprise answers it 404); everything else is asked under `/api/v3`.
        let failed = github.served.filter { $0.status >= 400 && !$0.url.hasSuffix("/rate_limit") }
        #expect(failed.isEmpty, "requests answered with an error: \(failed.map(\.url))")
        #expect(github.served.allSatisfy { $0.url.hasPrefix("/api/v3/") }, "a request left the Enterprise root")
        let differences = try RecordedTrafficTests.differences(github, database: run.database)
        #expect(differences == [])
    }
}
