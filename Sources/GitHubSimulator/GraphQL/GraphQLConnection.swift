import Foundation
import GraphQL

/// One page of a connection: what `totalCount`, `pageInfo`, `nodes` and `edges` resolve from.
struct GraphQLConnection: Sendable {
    let totalCount: Int
    let items: [any Sendable]
    let start: Int

    /// The page of `all` that `first`/`last`/`after`/`before` select.
    init(_ all: [any Sendable], args: Map) {
        totalCount = all.count
        var lower = Self.offset(args["after"].string).map { $0 + 1 } ?? 0
        var upper = Self.offset(args["before"].string) ?? all.count
        lower = min(max(lower, 0), all.count)
        upper = min(max(upper, lower), all.count)
        if let first = args["first"].int {
            upper = min(upper, lower + max(first, 0))
        } else if let last = args["last"].int {
            lower = max(lower, upper - max(last, 0))
        }
        items = Array(all[lower..<upper])
        start = lower
    }

    var hasNextPage: Bool { start + items.count < totalCount }
    var hasPreviousPage: Bool { start > 0 }
    var startCursor: String? { items.isEmpty ? nil : Self.cursor(start) }
    var endCursor: String? { items.isEmpty ? nil : Self.cursor(start + items.count - 1) }

    /// An opaque cursor, shaped like GitHub's (`Y3Vyc29yOnYyOpHO...`).
    static func cursor(_ offset: Int) -> String {
        Data("cursor:v2:\(offset)".utf8).base64EncodedString()
    }

    static func offset(_ cursor: String?) -> Int? {
        guard let cursor, let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("cursor:v2:")
        else { return nil }
        return Int(text.dropFirst("cursor:v2:".count))
    }
}

/// An edge of a connection.
struct GraphQLEdge: Sendable {
    let node: any Sendable
    let cursor: String
}
