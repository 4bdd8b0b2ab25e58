import Foundation
import GitHubAPI
import GitHubSimulator
import Logging
import TestSupport
import Testing

@Suite struct SimulatorBehaviourTests {
    static func simulator(seed: UInt64 = 3, repos: Int = 3, prs: Int = 75, faults: [FaultRule] = []) -> GitHubSimulator
    {
        var configuration = SimulatorConfiguration()
        configuration.seed = seed
        configuration.organizations = ["acme"]
        configuration.repositoriesPerOrganization = repos
        configuration.pullRequestsPerRepository = prs
        configuration.faults = faults
        return GitHubSimulator(configuration: configuration)
    }

    @Test func paginationFollowsGitHubsPerPageAndLinkRules() async throws {
        let simulator = Self.simulator()
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            let first = try await client.get("/repos/acme/repo-01/pulls?state=all")
            #expect(first.status == 200)
            #expect(first.array.count == 30, "per_page defaults to 30")
            let links = LinkHeader(first.headers["link"])
            #expect(links.next?.contains("page=2") == true)
            #expect(links.last?.contains("page=3") == true)
            #expect(links.prev == nil)
            let capped = try await client.get("/repos/acme/repo-01/pulls?state=all&per_page=500")
            #expect(capped.array.count == 75, "per_page is capped at 100, all 75 fit")
            let last = try await client.get("/repos/acme/repo-01/pulls?state=all&page=3")
            #expect(last.array.count == 15)
            #expect(LinkHeader(last.headers["link"]).next == nil)
            #expect(LinkHeader(last.headers["link"]).first?.contains("page=1") == true)
            let past = try await client.get("/repos/acme/repo-01/pulls?state=all&page=9")
            #expect(past.status == 200 && past.body == Data("[]".utf8))
            let missing = try await client.get("/repos/acme/nope/pulls")
            #expect(missing.status == 404)
            #expect(first.headers["x-ratelimit-remaining"] != nil && first.headers["x-ratelimit-reset"] != nil)
        }
    }

    @Test func enterprisePrefixAndRepositoryIDPathsServeTheSameData() async throws {
        let simulator = Self.simulator()
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            let plain = try await client.get("/orgs/acme/repos?per_page=100")
            let enterprise = try await client.get("/api/v3/orgs/acme/repos?per_page=100")
            #expect(plain.array.count == 3)
            #expect(plain.json == enterprise.json.replacingURLPrefix("/api/v3"))
            let id = simulator.organizations[0].repositories[1].id
            let byName = try await client.get("/repos/acme/repo-02/pulls?state=all&per_page=100")
            let byID = try await client.get("/repositories/\(id)/pulls?state=all&per_page=100")
            #expect(byName.json == byID.json)
            #expect(byID.array.count == 75)
        }
    }

    @Test func countsOnAPullRequestAgreeWithItsSubEndpoints() async throws {
        let simulator = Self.simulator()
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            let allIssueComments = try await Self.all(client, "/repos/acme/repo-03/issues/comments")
            for number in [1, 17, 42, 75] {
                let pull = try await client.get("/repos/acme/repo-03/pulls/\(number)").json
                let reviewComments = try await client.get("/repos/acme/repo-03/pulls/\(number)/comments?per_page=100")
                #expect(pull["review_comments"] == .integer(Int64(reviewComments.array.count)))
                let conversation = allIssueComments.filter {
                    $0["issue_url"]?.stringValue?.hasSuffix("/issues/\(number)") == true
                }
                #expect(pull["comments"] == .integer(Int64(conversation.count)))
                let reviews = try await client.get("/repos/acme/repo-03/pulls/\(number)/reviews")
                #expect(reviews.status == 200)
            }
        }
    }

    @Test func sinceAcceptsZuluAndOffsetForms() async throws {
        let simulator = Self.simulator()
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            let since = simulator.configuration.now.addingTimeInterval(-90 * 86_400)
            let zulu = GitHubEndpoints.timestamp(since)
            let offset = zulu.replacingOccurrences(of: "Z", with: "+00:00").addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-:.")))!
            let a = try await Self.all(client, "/repos/acme/repo-01/issues/comments?since=\(zulu)")
            let b = try await Self.all(client, "/repos/acme/repo-01/issues/comments?since=\(offset)")
            let everything = try await Self.all(client, "/repos/acme/repo-01/issues/comments")
            #expect(a == b)
            #expect(!a.isEmpty && a.count < everything.count)
        }
    }

    @Test func oneSeedAlwaysGivesTheSameOrganization() {
        let a = Self.simulator(seed: 9).organizations[0]
        let b = Self.simulator(seed: 9).organizations[0]
        let c = Self.simulator(seed: 10).organizations[0]
        #expect(
            a.repositories.map { $0.pullRequests.map(\.updatedAt) }
                == b.repositories.map { $0.pullRequests.map(\.updatedAt) })
        #expect(a.repositories.map(\.commits.count) == b.repositories.map(\.commits.count))
        #expect(
            a.repositories.map { $0.pullRequests.map(\.updatedAt) }
                != c.repositories.map { $0.pullRequests.map(\.updatedAt) })
    }

    @Test func faultsHitOnlyTheirPathAndStopAfterTheirCount() async throws {
        let simulator = Self.simulator(faults: [
            FaultRule(path: "/repos/acme/repo-01/pulls/2", kind: .status(502), times: 2),
            FaultRule(path: "/repos/acme/repo-01/pulls/3", kind: .malformedBody),
        ])
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            #expect(try await client.get("/repos/acme/repo-01/pulls/2").status == 502)
            #expect(try await client.get("/repos/acme/repo-01/pulls/2/reviews").status == 200)
            #expect(try await client.get("/repos/acme/repo-01/pulls/2").status == 502)
            #expect(try await client.get("/repos/acme/repo-01/pulls/2").status == 200)
            let malformed = try await client.get("/repos/acme/repo-01/pulls/3")
            #expect(malformed.status == 200)
            #expect((try? JSONValue.parse(malformed.body)) == nil)
        }
    }

    static func all(_ client: SimulatorClient, _ path: String) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var next: String? = path + (path.contains("?") ? "&" : "?") + "per_page=100"
        while let current = next {
            let reply = try await client.get(current)
            items += reply.array
            next = LinkHeader(reply.headers["link"]).next.map { String($0.dropFirst(client.baseURL.count)) }
        }
        return items
    }
}

extension JSONValue {
    /// The same value with `prefix` removed from every string (to compare `/api/v3` answers with plain ones).
    func replacingURLPrefix(_ prefix: String) -> JSONValue {
        switch self {
        case .string(let text): return .string(text.replacingOccurrences(of: prefix, with: ""))
        case .array(let items): return .array(items.map { $0.replacingURLPrefix(prefix) })
        case .object(let object): return .object(object.mapValues { $0.replacingURLPrefix(prefix) })
        default: return self
        }
    }
}
