import Foundation
import GitHubAPI
import GitHubSimulator
import TestSupport
import Testing

/// The simulator's JSON has GitHub's keys and types, checked against GitHub's own OpenAPI examples.
@Suite struct SimulatorShapeTests {
    static let fixtures = ProjectPaths.fixture("github-openapi-examples")

    static let cases: [(path: String, fixture: String)] = [
        ("/orgs/acme/repos", "minimal-repository-items.json"),
        ("/repos/acme/repo-01/pulls?state=all", "pull-request-simple-items.json"),
        ("/repos/acme/repo-01/pulls/4", "pull-request.json"),
        ("/repos/acme/repo-01/pulls/4/reviews", "pull-request-review-items.json"),
        ("/repos/acme/repo-01/pulls/4/comments", "pull-request-review-comment-items.json"),
        ("/repos/acme/repo-01/pulls/comments", "pull-request-review-comment-items.json"),
        ("/repos/acme/repo-01/issues/comments", "issue-comment-items.json"),
        ("/repos/acme/repo-01/commits", "commit.json"),
        ("/rate_limit", "rate-limit-overview.json"),
    ]

    /// Keys GitHub's OpenAPI models require (`scripts/oracle-openapi.sh` checks them) that its examples predate.
    static let requiredButNotInExamples = [
        ".labels[].archived_by", ".requested_teams[].type", ".requested_teams[].parent", ".auto_merge",
    ]

    /// Every key the simulator sends exists in GitHub's example with the same JSON type (null aside).
    static func mismatches(_ ours: JSONValue, _ theirs: JSONValue, path: String) -> [String] {
        switch (ours, theirs) {
        case (.object(let a), .object(let b)):
            return a.keys.sorted().flatMap { key -> [String] in
                guard let other = b[key] else {
                    // Maps of resources (rate_limit) may name resources the example omits.
                    if path.hasSuffix(".resources") { return [] }
                    if requiredButNotInExamples.contains(where: { "\(path).\(key)".hasSuffix($0) }) { return [] }
                    return ["\(path).\(key) is not in GitHub's example"]
                }
                return mismatches(a[key]!, other, path: "\(path).\(key)")
            }
        case (.array(let a), .array(let b)):
            guard let first = a.first, let other = b.first else { return [] }
            return mismatches(first, other, path: "\(path)[]")
        case (.null, _), (_, .null):
            return []
        case (.integer, .number), (.number, .integer):
            return []
        default:
            return ours.typeName == theirs.typeName ? [] : ["\(path): \(ours.typeName), GitHub has \(theirs.typeName)"]
        }
    }

    @Test func simulatedBodiesUseGitHubsKeysAndTypes() async throws {
        let simulator = SimulatorBehaviourTests.simulator()
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            for (path, fixture) in Self.cases {
                let example = try JSONValue.parse(try Data(contentsOf: Self.fixtures.appendingPathComponent(fixture)))
                var ours = try await client.get(path).json
                // The commits listing returns items shaped like the single-commit example.
                if fixture == "commit.json", case .array(let items) = ours { ours = items[0] }
                let problems = Self.mismatches(ours, example, path: "$")
                #expect(problems.isEmpty, "\(path) vs \(fixture): \(problems)")
            }
        }
    }

    @Test func organizationListingsLinkByOrganizationIDAsGitHubDoes() async throws {
        let simulator = SimulatorBehaviourTests.simulator()
        try await simulator.withRunning(logger: .quiet) { url in
            let client = SimulatorClient(baseURL: url)
            for prefix in ["", "/api/v3"] {
                let first = try await client.get("\(prefix)/orgs/acme/repos?per_page=2")
                let next = try #require(LinkHeader(first.headers["link"]).next)
                #expect(next.hasPrefix("\(url)\(prefix)/organizations/"), "\(next)")
                #expect(next.contains("/repos?") && next.contains("page=2"), "\(next)")
                let second = try await client.get(String(next.dropFirst(url.count)))
                #expect(second.array.map { $0["name"] } == [.string("repo-03")])
            }
        }
    }
}
