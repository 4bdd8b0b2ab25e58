import Foundation
import GraphQL

/// `POST /graphql` over the recorded objects: each document is validated against GitHub's published schema (a
/// validation error or a deprecated field is answered as GitHub would, with `errors`, and kept for the test to fail
/// on), then executed through that schema over `RecordedGraphQLShapes`.
final class RecordedGraphQL: @unchecked Sendable {
    let repositories: [RecordedRepository]
    private let lock = NSLock()
    private var problemsSeen: [String] = []
    private var queriesSeen = 0

    init(repositories: [RecordedRepository]) {
        self.repositories = repositories
    }

    /// Validation failures and execution errors of every query so far.
    var problems: [String] { lock.withLock { problemsSeen } }
    /// Queries answered so far.
    var queries: Int { lock.withLock { queriesSeen } }

    /// The JSON answer to a request body `{"query": ..., "variables": {...}}`.
    func answer(_ body: [UInt8]) async -> [UInt8] {
        struct Request: Decodable {
            let query: String
            let variables: [String: Map]?
            let operationName: String?
        }
        lock.withLock { queriesSeen += 1 }
        let result: GraphQLResult
        do {
            let request = try JSONDecoder().decode(Request.self, from: Data(body))
            let document = try parse(source: Source(body: request.query))
            let problems = GitHubGraphQLSchema.problems(in: document)
            if problems.isEmpty {
                result = try await execute(
                    schema: GitHubGraphQLSchema.executable, documentAST: document,
                    rootValue: RecordedGraphQLShapes.query(repositories, now: Date()), context: (),
                    variableValues: request.variables ?? [:], operationName: request.operationName)
                note(result.errors.map { "execution: \($0.message) at \($0.path)" })
            } else {
                result = GraphQLResult(errors: problems.map { GraphQLError(message: $0) })
                note(problems.map { "validation: \($0)" })
            }
        } catch {
            result = GraphQLResult(errors: [GraphQLError(message: "\(error)")])
            note(["request: \(error)"])
        }
        return Array((try? JSONEncoder().encode(result)) ?? Data(#"{"errors":[{"message":"encoding"}]}"#.utf8))
    }

    private func note(_ problems: [String]) {
        guard !problems.isEmpty else { return }
        lock.withLock { problemsSeen += problems }
    }
}
