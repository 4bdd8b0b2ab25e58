import Foundation
import GraphQL

/// An object of a GraphQL answer: its schema type and, per field, what the field resolves to given its arguments.
/// A field the replay has no data for fails loudly instead of answering null.
struct GraphQLReplayNode: Sendable {
    typealias Field = @Sendable (Map) throws -> (any Sendable)?
    let typename: String
    let fields: [String: Field]

    init(_ typename: String, _ fields: [String: Field]) {
        self.typename = typename
        self.fields = fields
    }

    func resolve(_ name: String, _ arguments: Map) throws -> (any Sendable)? {
        guard let field = fields[name] else {
            throw GraphQLError(
                message: "the recorded traffic holds no \(typename).\(name) (the replay serves what was recorded)")
        }
        return try field(arguments)
    }

    /// A field with a fixed value (nil answers null).
    static func value(_ value: (any Sendable)?) -> Field { { _ in value } }

    /// A list as GraphQLSwift completes one.
    static func list(_ nodes: [GraphQLReplayNode]) -> [(any Sendable)?] { nodes.map { $0 as (any Sendable)? } }

    /// A connection over `items` (`first`/`after`/`last`/`before`), with GitHub's `totalCount`, `pageInfo`, `nodes`
    /// and `edges`; `totalCount` may be given when the recorded count is known but not every item was recorded.
    static func connection(_ typename: String, _ items: [GraphQLReplayNode], totalCount: Int? = nil) -> Field {
        { arguments in
            var start = 0
            var end = items.count
            if let after = arguments["after"].string, let index = cursorIndex(after) {
                start = min(index + 1, items.count)
            }
            if let before = arguments["before"].string, let index = cursorIndex(before) {
                end = max(start, min(index, end))
            }
            if let first = arguments["first"].int { end = min(end, start + max(0, first)) }
            if let last = arguments["last"].int { start = max(start, end - max(0, last)) }
            let page = Array(items[start..<end])
            let pageInfo = GraphQLReplayNode(
                "PageInfo",
                [
                    "hasNextPage": value(end < items.count), "hasPreviousPage": value(start > 0),
                    "startCursor": value(page.isEmpty ? nil : cursor(start)),
                    "endCursor": value(page.isEmpty ? nil : cursor(end - 1)),
                ])
            let edges = page.enumerated().map { offset, node in
                GraphQLReplayNode("\(typename)Edge", ["node": value(node), "cursor": value(cursor(start + offset))])
            }
            return GraphQLReplayNode(
                "\(typename)Connection",
                [
                    "totalCount": value(totalCount ?? items.count), "pageInfo": value(pageInfo),
                    "nodes": value(list(page)), "edges": value(list(edges)),
                ])
        }
    }

    static func cursor(_ index: Int) -> String { Data("cursor:\(index)".utf8).base64EncodedString() }

    static func cursorIndex(_ cursor: String) -> Int? {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("cursor:")
        else { return nil }
        return Int(text.dropFirst("cursor:".count))
    }
}
