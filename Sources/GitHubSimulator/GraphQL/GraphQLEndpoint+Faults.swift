import Foundation
import GraphQL

extension GraphQLEndpoint {
    /// The answer to a GraphQL request that `kind` spoils, as GitHub gives it; nil when the fault is one the REST
    /// routes answer the same way (a status, a delay, a reset, a secondary limit).
    func fault(_ kind: FaultRule.Kind, body: Data, account: String?) async throws -> Reply? {
        switch kind.value {
        case .graphQLTimeout:
            let message =
                "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `C0DE:7E57:1B2A3C:4D5E6F:00000000` when reporting this issue."
            return Reply(
                status: 200, body: Data(#"{"data":null,"errors":[{"message":"\#(message)"}]}"#.utf8), rate: nil)
        case .graphQLNotFound:
            let request = try? JSONDecoder().decode(Body.self, from: body)
            let owner = request?.variables?["owner"].string ?? "owner"
            let name = request?.variables?["name"].string ?? "name"
            let answer = #"""
                {"data":{"repository":null},"errors":[{"type":"NOT_FOUND","path":["repository"],"locations":[{"line":3,"column":3}],"message":"Could not resolve to a Repository with the name '\#(owner)/\#(name)'."}]}
                """#
            return Reply(status: 200, body: Data(answer.utf8), rate: nil)
        case .truncatedBody:
            let whole = try await answer(body: body, account: account)
            return Reply(
                status: whole.status, body: whole.body.prefix(whole.body.count / 2), rate: whole.rate, cost: whole.cost)
        case .malformedBody:
            return Reply(status: 200, body: Data("{\"data\": {\"repository\": oops<html>".utf8), rate: nil)
        default:
            return nil
        }
    }
}
