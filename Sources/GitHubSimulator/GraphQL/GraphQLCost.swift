import GraphQL

/// GitHub's GraphQL cost rule and node limit, computed from a query before it runs:
/// every connection needs `first` or `last` (1...100); the requests needed are the products of the page
/// sizes of the connections around each connection; cost = that sum / 100, rounded, at least 1; at most
/// 500,000 nodes.
struct GraphQLCost {
    let cost: Int
    let nodeCount: Int

    struct Failure: Error {
        /// GitHub's error `type`: `MISSING_PAGINATION_BOUNDARIES`, `EXCESSIVE_PAGINATION`, `MAX_NODE_LIMIT_EXCEEDED`.
        let type: String
        let message: String
    }

    static let maxNodes = 500_000

    /// Fields that are connections in the simulator's schema (they take `first`/`last`).
    static let connectionFields: Set<String> = [
        "repositories", "pullRequests", "reviews", "comments", "labels", "commits", "reviewRequests",
    ]

    init(document: Document, operationName: String?, variables: [String: Map]) throws {
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        guard let operation = operations.first(where: { $0.name?.value == operationName || operationName == nil })
        else { throw Failure(type: "INVALID", message: "No operation named \(operationName ?? "")") }
        var fragments: [String: FragmentDefinition] = [:]
        for case let fragment as FragmentDefinition in document.definitions {
            fragments[fragment.name.value] = fragment
        }
        var requests = 0
        var nodes = 0
        try Self.walk(
            operation.selectionSet, multiplier: 1, fragments: fragments, variables: variables, requests: &requests,
            nodes: &nodes)
        guard nodes <= Self.maxNodes else {
            throw Failure(
                type: "MAX_NODE_LIMIT_EXCEEDED",
                message:
                    "By the time this query traverses to the nodes connection, it is requesting up to \(nodes) possible nodes which exceeds the maximum limit of \(Self.maxNodes)."
            )
        }
        self.nodeCount = nodes
        self.cost = max(1, Int((Double(requests) / 100).rounded()))
    }

    private static func walk(
        _ selectionSet: SelectionSet, multiplier: Int, fragments: [String: FragmentDefinition],
        variables: [String: Map], requests: inout Int, nodes: inout Int
    ) throws {
        for selection in selectionSet.selections {
            switch selection {
            case let field as Field:
                guard let children = field.selectionSet else { continue }
                var inner = multiplier
                if connectionFields.contains(field.name.value) {
                    let size = try pageSize(field, children: children, variables: variables)
                    requests += multiplier
                    inner = multiplier * size
                    nodes += inner
                }
                try walk(
                    children, multiplier: inner, fragments: fragments, variables: variables, requests: &requests,
                    nodes: &nodes)
            case let inline as InlineFragment:
                try walk(
                    inline.selectionSet, multiplier: multiplier, fragments: fragments, variables: variables,
                    requests: &requests, nodes: &nodes)
            case let spread as FragmentSpread:
                if let fragment = fragments[spread.name.value] {
                    try walk(
                        fragment.selectionSet, multiplier: multiplier, fragments: fragments, variables: variables,
                        requests: &requests, nodes: &nodes)
                }
            default:
                continue
            }
        }
    }

    private static func pageSize(_ field: Field, children: SelectionSet, variables: [String: Map]) throws -> Int {
        func value(_ name: String) -> Int? {
            guard let argument = field.arguments.first(where: { $0.name.value == name }) else { return nil }
            switch argument.value {
            case let int as IntValue: return Int(int.value)
            case let variable as Variable: return variables[variable.name.value]?.int
            default: return nil
            }
        }
        let name = field.name.value
        let readsItems = children.selections.contains { selection in
            guard let child = selection as? Field else { return true }
            return child.name.value == "nodes" || child.name.value == "edges"
        }
        // A connection asked only for `totalCount`/`pageInfo` reads no items and needs no page size.
        guard let size = value("first") ?? value("last") else {
            if !readsItems { return 0 }
            throw Failure(
                type: "MISSING_PAGINATION_BOUNDARIES",
                message: "You must provide a `first` or `last` value to properly paginate the `\(name)` connection.")
        }
        guard (1...100).contains(size) || (!readsItems && size == 0) else {
            throw Failure(
                type: "EXCESSIVE_PAGINATION",
                message:
                    "Requesting \(size) records on the `\(name)` connection exceeds the `first` limit of 100 records.")
        }
        return size
    }
}
