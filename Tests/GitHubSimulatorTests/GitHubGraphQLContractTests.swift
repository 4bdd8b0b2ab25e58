import Foundation
import GitHubAPI
import GraphQL
import Testing

@testable import GitHubSimulator

/// Every GraphQL document ghstats sends, and the simulator's schema, checked against GitHub's published schema.
@Suite struct GitHubGraphQLContractTests {
    /// Every document the GitHub client sends, by name.
    static let documents: [(name: String, text: String)] = [
        ("pull requests, full page", GitHubGraphQLPullRequests.query(pageSize: GitHubGraphQLPullRequests.pageSize)),
        (
            "pull requests, incremental page",
            GitHubGraphQLPullRequests.query(pageSize: GitHubGraphQLPullRequests.incrementalPageSize)
        ),
        (
            "pull requests, smallest retry page",
            GitHubGraphQLPullRequests.query(pageSize: GitHubGraphQLPullRequests.minimumPageSize)
        ),
        ("more reviews of a pull request", GitHubGraphQLPullRequests.moreReviewsQuery),
        ("verify's pull-request counts", GitHubGraphQLPullRequestCounts.query),
    ]

    @Test func everyQueryGhstatsSendsValidatesAgainstGitHubsSchemaWithoutDeprecatedFields() throws {
        for document in Self.documents {
            let problems = try GitHubGraphQLContract.problems(in: document.text)
            #expect(problems.isEmpty, "\(document.name): \(problems)")
        }
    }

    @Test func theContractRejectsDeprecatedIdsAndUnknownFields() throws {
        let deprecated = try GitHubGraphQLContract.problems(
            in: #"{ repository(owner: "o", name: "n") { pullRequests(first: 1) { nodes { databaseId } } } }"#)
        #expect(deprecated.contains { $0.contains("databaseId") && $0.contains("deprecated") }, "\(deprecated)")
        let unknown = try GitHubGraphQLContract.problems(
            in: #"{ repository(owner: "o", name: "n") { pullRequests(first: 1) { nodes { reviewers } } } }"#)
        #expect(!unknown.isEmpty)
    }

    /// The simulator may serve less of GitHub's schema, never something GitHub's does not have or types it differently.
    @Test func simulatorSchemaIsASubsetOfGitHubsWithTheSameTypesAndDeprecations() throws {
        var problems: [String] = []
        for (name, type) in SimulatorGraphQLSchema.schema.typeMap where !name.hasPrefix("__") {
            guard let ours = type as? GraphQLObjectType else { continue }
            guard let theirs = GitHubGraphQLContract.schema.getType(name: name) else {
                problems.append("type \(name) is not in GitHub's schema")
                continue
            }
            let github = try GitHubGraphQLContract.fields(of: theirs)
            for (field, shape) in try GitHubGraphQLContract.fields(of: ours) {
                guard let expected = github[field] else {
                    problems.append("\(name).\(field) is not in GitHub's schema")
                    continue
                }
                if shape.type != expected.type {
                    problems.append("\(name).\(field): \(shape.type), GitHub has \(expected.type)")
                }
                if shape.deprecated != expected.deprecated {
                    problems.append("\(name).\(field): deprecated \(shape.deprecated), GitHub \(expected.deprecated)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.sorted())")
    }

    @Test func bigIntIdsDecodeFromGitHubsStringForm() throws {
        let decoded = try JSONDecoder().decode([GraphQLBigInt].self, from: Data(#"["3207753962", 12]"#.utf8))
        #expect(decoded.map(\.value) == [3_207_753_962, 12])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([GraphQLBigInt].self, from: Data(#"["x"]"#.utf8))
        }
    }
}
