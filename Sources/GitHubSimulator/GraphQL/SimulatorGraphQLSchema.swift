import Foundation
import GraphQL

/// What a GraphQL request resolves against: the organisation as it is, and the request's cost.
struct GraphQLRequestContext: Sendable {
    let routes: SimulatorRoutes
    let cost: Int
    let nodeCount: Int
    let rate: RateLimiter.Status
}

/// A review with the review comments GitHub nests under it and the commit it reviewed.
struct GraphQLReviewNode: Sendable {
    let review: SimulatedReview
    let comments: [SimulatedReviewComment]
    let commit: SimulatedCommit?
}

/// The subset of GitHub's GraphQL schema ghstats reads: rate limit, organisation repositories, pull requests with
/// detail fields, reviews (with their comments), conversation comments, labels and commit counts.
enum SimulatorGraphQLSchema {
    static let schema: GraphQLSchema = {
        do { return try make() } catch { fatalError("the simulator's GraphQL schema is invalid: \(error)") }
    }()

    static func timestamp(_ date: Date?) -> String? { date?.formatted(.iso8601) }

    /// A field whose resolver receives the typed source and the request context.
    static func field<Source: Sendable>(
        _ type: GraphQLOutputType, args: GraphQLArgumentConfigMap = [:], deprecated: String? = nil,
        _ resolve: @escaping @Sendable (Source, Map, GraphQLRequestContext) throws -> (any Sendable)?
    ) -> GraphQLField {
        let resolver: GraphQLFieldResolve = { source, args, context, _ in
            guard let source = source as? Source, let context = context as? GraphQLRequestContext else { return nil }
            return try resolve(source, args, context)
        }
        return GraphQLField(type: type, deprecationReason: deprecated, args: args, resolve: resolver)
    }

    /// GitHub's reason for deprecating `databaseId` on pull requests, reviews and comments.
    static let databaseIdDeprecation =
        "`databaseId` will be removed because it does not support 64-bit signed integer identifiers. Use `fullDatabaseId` instead."

    /// The deprecated 32-bit `databaseId` as GitHub answers it: null plus an error for an id it cannot represent.
    static func databaseID(_ id: Int64) throws -> Int {
        guard id <= Int64(Int32.max) else {
            throw GraphQLError(message: "Int cannot represent non 32-bit signed integer value: \(id)")
        }
        return Int(id)
    }

    /// `databaseId` (deprecated, 32-bit) and `fullDatabaseId` (`BigInt`, a string) of an object with `id`.
    static func idFields<Source: Sendable>(
        bigInt: GraphQLScalarType, deprecated: Bool = true, _ id: @escaping @Sendable (Source) -> Int64
    ) -> GraphQLFieldMap {
        [
            "databaseId": field(GraphQLInt, deprecated: deprecated ? databaseIdDeprecation : nil) { (s: Source, _, _) in
                try databaseID(id(s))
            },
            "fullDatabaseId": field(bigInt) { (s: Source, _, _) in id(s) },
        ]
    }

    static let pageArguments: GraphQLArgumentConfigMap = [
        "first": GraphQLArgument(type: GraphQLInt), "last": GraphQLArgument(type: GraphQLInt),
        "after": GraphQLArgument(type: GraphQLString), "before": GraphQLArgument(type: GraphQLString),
    ]

    static func make() throws -> GraphQLSchema {
        let dateTime = try GraphQLScalarType(name: "DateTime", description: "An ISO-8601 encoded UTC date string.")
        // GitHub sends a BigInt as a JSON string: 64-bit ids do not fit every client's numbers.
        let bigInt = try GraphQLScalarType(
            name: "BigInt",
            description:
                "Represents non-fractional signed whole numeric values. Since the value may exceed the size of a 32-bit integer, it's encoded as a string.",
            serialize: { value in
                guard let number = value as? Int64 else {
                    throw GraphQLError(message: "BigInt cannot represent \(value)")
                }
                return .string(String(number))
            })
        let pageInfo = try GraphQLObjectType(
            name: "PageInfo",
            fields: [
                "hasNextPage": field(GraphQLNonNull(GraphQLBoolean)) { (c: GraphQLConnection, _, _) in c.hasNextPage },
                "hasPreviousPage": field(GraphQLNonNull(GraphQLBoolean)) { (c: GraphQLConnection, _, _) in
                    c.hasPreviousPage
                },
                "startCursor": field(GraphQLString) { (c: GraphQLConnection, _, _) in c.startCursor },
                "endCursor": field(GraphQLString) { (c: GraphQLConnection, _, _) in c.endCursor },
            ])
        func connection(_ name: String, of node: GraphQLObjectType) throws -> GraphQLObjectType {
            let edge = try GraphQLObjectType(
                name: "\(name)Edge",
                fields: [
                    "node": field(node) { (e: GraphQLEdge, _, _) in e.node },
                    "cursor": field(GraphQLNonNull(GraphQLString)) { (e: GraphQLEdge, _, _) in e.cursor },
                ])
            return try GraphQLObjectType(
                name: "\(name)Connection",
                fields: [
                    "totalCount": field(GraphQLNonNull(GraphQLInt)) { (c: GraphQLConnection, _, _) in c.totalCount },
                    "pageInfo": field(GraphQLNonNull(pageInfo)) { (c: GraphQLConnection, _, _) in c },
                    "nodes": field(GraphQLList(node)) { (c: GraphQLConnection, _, _) in c.items },
                    "edges": field(GraphQLList(edge)) { (c: GraphQLConnection, _, _) in
                        c.items.enumerated().map {
                            GraphQLEdge(node: $0.element, cursor: GraphQLConnection.cursor(c.start + $0.offset))
                        }
                    },
                ])
        }

        // GraphQL names a bot without REST's `[bot]` suffix.
        let actorFields: GraphQLFieldMap = [
            "login": field(GraphQLNonNull(GraphQLString)) { (u: SimulatedUser, _, _) in u.graphQLLogin }
        ]
        let actor = try GraphQLInterfaceType(
            name: "Actor", fields: actorFields,
            resolveType: { value, _ in (value as? SimulatedUser)?.type == "Bot" ? "Bot" : "User" })
        let accountIDs: GraphQLFieldMap = [
            "databaseId": field(GraphQLInt) { (u: SimulatedUser, _, _) in try databaseID(u.id) }
        ]
        let user = try GraphQLObjectType(
            name: "User", fields: actorFields.merging(accountIDs) { $1 }, interfaces: [actor])
        let bot = try GraphQLObjectType(
            name: "Bot", fields: actorFields.merging(accountIDs) { $1 }, interfaces: [actor])
        // An imported account (GitHub Enterprise Importer): the simulator has none, but queries may name the type.
        let mannequin = try GraphQLObjectType(name: "Mannequin", fields: actorFields, interfaces: [actor])
        let team = try GraphQLObjectType(
            name: "Team",
            fields: [
                "slug": field(GraphQLNonNull(GraphQLString)) { (t: GraphQLTeamNode, _, _) in t.slug },
                "name": field(GraphQLNonNull(GraphQLString)) { (t: GraphQLTeamNode, _, _) in t.slug.capitalized },
                "combinedSlug": field(GraphQLNonNull(GraphQLString)) { (t: GraphQLTeamNode, _, _) in
                    "\(t.org)/\(t.slug)"
                },
            ])
        let requestedReviewer = try GraphQLUnionType(
            name: "RequestedReviewer",
            resolveType: { value, _ in
                if value is GraphQLTeamNode { return "Team" }
                return (value as? SimulatedUser)?.type == "Bot" ? "Bot" : "User"
            },
            types: [bot, mannequin, team, user])
        let reviewRequest = try GraphQLObjectType(
            name: "ReviewRequest",
            fields: [
                "asCodeOwner": field(GraphQLNonNull(GraphQLBoolean)) { (_: GraphQLReviewRequestNode, _, _) in false },
                "requestedReviewer": field(requestedReviewer) { (r: GraphQLReviewRequestNode, _, _) in r.reviewer },
            ])

        let label = try GraphQLObjectType(
            name: "Label", fields: ["name": field(GraphQLNonNull(GraphQLString)) { (name: String, _, _) in name }])
        let issueComment = try GraphQLObjectType(
            name: "IssueComment",
            fields: idFields(bigInt: bigInt, deprecated: false) { (c: SimulatedIssueComment) in c.id }.merging([
                "author": field(actor) { (c: SimulatedIssueComment, _, _) in c.user },
                "body": field(GraphQLNonNull(GraphQLString)) { (c: SimulatedIssueComment, _, _) in c.body },
                "createdAt": field(GraphQLNonNull(dateTime)) { (c: SimulatedIssueComment, _, _) in
                    timestamp(c.createdAt)
                },
                "updatedAt": field(GraphQLNonNull(dateTime)) { (c: SimulatedIssueComment, _, _) in
                    timestamp(c.updatedAt)
                },
            ]) { $1 })
        let reviewComment = try GraphQLObjectType(
            name: "PullRequestReviewComment",
            fields: idFields(bigInt: bigInt) { (c: SimulatedReviewComment) in c.id }.merging([
                "author": field(actor) { (c: SimulatedReviewComment, _, _) in c.user },
                "body": field(GraphQLNonNull(GraphQLString)) { (c: SimulatedReviewComment, _, _) in c.body },
                "path": field(GraphQLNonNull(GraphQLString)) { (c: SimulatedReviewComment, _, _) in c.path },
                "createdAt": field(GraphQLNonNull(dateTime)) { (c: SimulatedReviewComment, _, _) in
                    timestamp(c.createdAt)
                },
                "updatedAt": field(GraphQLNonNull(dateTime)) { (c: SimulatedReviewComment, _, _) in
                    timestamp(c.updatedAt)
                },
            ]) { $1 })
        let reviewCommentConnection = try connection("PullRequestReviewComment", of: reviewComment)
        // A review's commit knows only its oid; a pull request's commits know their dates too.
        let gitObjectID = try GraphQLScalarType(name: "GitObjectID", description: "A Git object ID.")
        let commitRef = try GraphQLObjectType(
            name: "Commit",
            fields: [
                "oid": field(GraphQLNonNull(gitObjectID)) { (c: SimulatedCommit, _, _) in c.sha },
                "authoredDate": field(GraphQLNonNull(dateTime)) { (c: SimulatedCommit, _, _) in timestamp(c.authoredAt)
                },
                "committedDate": field(GraphQLNonNull(dateTime)) { (c: SimulatedCommit, _, _) in
                    timestamp(c.committedAt)
                },
            ])
        let reviewState = try GraphQLEnumType(
            name: "PullRequestReviewState",
            values: [
                "APPROVED": GraphQLEnumValue(value: .string("APPROVED")),
                "CHANGES_REQUESTED": GraphQLEnumValue(value: .string("CHANGES_REQUESTED")),
                "COMMENTED": GraphQLEnumValue(value: .string("COMMENTED")),
                "DISMISSED": GraphQLEnumValue(value: .string("DISMISSED")),
                "PENDING": GraphQLEnumValue(value: .string("PENDING")),
            ])
        let review = try GraphQLObjectType(
            name: "PullRequestReview",
            fields: idFields(bigInt: bigInt) { (r: GraphQLReviewNode) in r.review.id }.merging([
                "author": field(actor) { (r: GraphQLReviewNode, _, _) in r.review.user },
                "state": field(GraphQLNonNull(reviewState)) { (r: GraphQLReviewNode, _, _) in r.review.state },
                "body": field(GraphQLNonNull(GraphQLString)) { (r: GraphQLReviewNode, _, _) in r.review.body },
                "submittedAt": field(dateTime) { (r: GraphQLReviewNode, _, _) in timestamp(r.review.submittedAt) },
                "commit": field(commitRef) { (r: GraphQLReviewNode, _, _) in r.commit },
                "comments": field(GraphQLNonNull(reviewCommentConnection), args: pageArguments) {
                    (r: GraphQLReviewNode, args, _) in GraphQLConnection(r.comments, args: args)
                },
            ]) { $1 })
        let pullState = try GraphQLEnumType(
            name: "PullRequestState",
            values: [
                "OPEN": GraphQLEnumValue(value: .string("OPEN")), "CLOSED": GraphQLEnumValue(value: .string("CLOSED")),
                "MERGED": GraphQLEnumValue(value: .string("MERGED")),
            ])
        // GitHub lists a pull request's commits oldest first.
        let pullRequestCommit = try GraphQLObjectType(
            name: "PullRequestCommit",
            fields: ["commit": field(GraphQLNonNull(commitRef)) { (c: SimulatedCommit, _, _) in c }])
        let pullRequest = try GraphQLObjectType(
            name: "PullRequest",
            fields: idFields(bigInt: bigInt) { (p: SimulatedPullRequest) in p.id }.merging([
                "number": field(GraphQLNonNull(GraphQLInt)) { (p: SimulatedPullRequest, _, _) in p.number },
                "title": field(GraphQLNonNull(GraphQLString)) { (p: SimulatedPullRequest, _, _) in p.title },
                "state": field(GraphQLNonNull(pullState)) { (p: SimulatedPullRequest, _, _) in
                    p.mergedAt != nil ? "MERGED" : p.closedAt != nil ? "CLOSED" : "OPEN"
                },
                "isDraft": field(GraphQLNonNull(GraphQLBoolean)) { (p: SimulatedPullRequest, _, _) in p.draft },
                "merged": field(GraphQLNonNull(GraphQLBoolean)) { (p: SimulatedPullRequest, _, _) in p.mergedAt != nil
                },
                "createdAt": field(GraphQLNonNull(dateTime)) { (p: SimulatedPullRequest, _, _) in timestamp(p.createdAt)
                },
                "updatedAt": field(GraphQLNonNull(dateTime)) { (p: SimulatedPullRequest, _, _) in timestamp(p.updatedAt)
                },
                "closedAt": field(dateTime) { (p: SimulatedPullRequest, _, _) in timestamp(p.closedAt) },
                "mergedAt": field(dateTime) { (p: SimulatedPullRequest, _, _) in timestamp(p.mergedAt) },
                // A deleted author: REST shows the `ghost` account, GraphQL `author: null`.
                "author": field(actor) { (p: SimulatedPullRequest, _, _) in p.user == .ghost ? nil : p.user },
                "mergedBy": field(actor) { (p: SimulatedPullRequest, _, _) in p.mergedBy },
                "additions": field(GraphQLNonNull(GraphQLInt)) { (p: SimulatedPullRequest, _, _) in p.additions },
                "deletions": field(GraphQLNonNull(GraphQLInt)) { (p: SimulatedPullRequest, _, _) in p.deletions },
                "changedFiles": field(GraphQLNonNull(GraphQLInt)) { (p: SimulatedPullRequest, _, _) in p.changedFiles },
                "baseRefName": field(GraphQLNonNull(GraphQLString)) { (_: SimulatedPullRequest, _, _) in "main" },
                "headRefName": field(GraphQLNonNull(GraphQLString)) { (p: SimulatedPullRequest, _, _) in p.headRef },
                "labels": field(try connection("Label", of: label), args: pageArguments) {
                    (p: SimulatedPullRequest, args, _) in GraphQLConnection(p.labels, args: args)
                },
                "reviews": field(try connection("PullRequestReview", of: review), args: pageArguments) {
                    (p: SimulatedPullRequest, args, _) in
                    GraphQLConnection(
                        p.reviews.map { r in
                            GraphQLReviewNode(
                                review: r, comments: p.reviewComments.filter { $0.reviewID == r.id },
                                commit: p.commits.first { $0.sha == r.commitID })
                        },
                        args: args)
                },
                "comments": field(GraphQLNonNull(try connection("IssueComment", of: issueComment)), args: pageArguments)
                {
                    (p: SimulatedPullRequest, args, _) in GraphQLConnection(p.issueComments, args: args)
                },
                "reviewRequests": field(try connection("ReviewRequest", of: reviewRequest), args: pageArguments) {
                    (p: SimulatedPullRequest, args, context) in
                    let org =
                        context.routes.organizations.values.first { org in
                            org.repositories.contains { $0.pullRequests.contains { $0.id == p.id } }
                        }?.login ?? ""
                    let requests =
                        p.requestedReviewers.map { GraphQLReviewRequestNode(reviewer: $0) }
                        + p.requestedTeams.map {
                            GraphQLReviewRequestNode(reviewer: GraphQLTeamNode(org: org, slug: $0))
                        }
                    return GraphQLConnection(requests, args: args)
                },
                "commits": field(
                    GraphQLNonNull(try connection("PullRequestCommit", of: pullRequestCommit)), args: pageArguments
                ) {
                    (p: SimulatedPullRequest, args, _) in GraphQLConnection(p.commits, args: args)
                },
            ]) { $1 })
        let orderDirection = try GraphQLEnumType(
            name: "OrderDirection",
            values: ["ASC": GraphQLEnumValue(value: .string("ASC")), "DESC": GraphQLEnumValue(value: .string("DESC"))])
        let issueOrderField = try GraphQLEnumType(
            name: "IssueOrderField",
            values: [
                "CREATED_AT": GraphQLEnumValue(value: .string("CREATED_AT")),
                "UPDATED_AT": GraphQLEnumValue(value: .string("UPDATED_AT")),
                "COMMENTS": GraphQLEnumValue(value: .string("COMMENTS")),
            ])
        let issueOrder = try GraphQLInputObjectType(
            name: "IssueOrder",
            fields: [
                "field": InputObjectField(type: GraphQLNonNull(issueOrderField)),
                "direction": InputObjectField(type: GraphQLNonNull(orderDirection)),
            ])
        var pullArguments = pageArguments
        pullArguments["states"] = GraphQLArgument(type: GraphQLList(GraphQLNonNull(pullState)))
        pullArguments["orderBy"] = GraphQLArgument(type: issueOrder)
        let named = try GraphQLObjectType(
            name: "Ref", fields: ["name": field(GraphQLNonNull(GraphQLString)) { (name: String, _, _) in name }])
        let language = try GraphQLObjectType(
            name: "Language", fields: ["name": field(GraphQLNonNull(GraphQLString)) { (name: String, _, _) in name }])
        let repository = try GraphQLObjectType(
            name: "Repository",
            fields: [
                "databaseId": field(GraphQLInt) { (r: SimulatedRepository, _, _) in try databaseID(r.id) },
                "name": field(GraphQLNonNull(GraphQLString)) { (r: SimulatedRepository, _, _) in r.name },
                "nameWithOwner": field(GraphQLNonNull(GraphQLString)) { (r: SimulatedRepository, _, _) in r.fullName },
                "isArchived": field(GraphQLNonNull(GraphQLBoolean)) { (_: SimulatedRepository, _, _) in false },
                "isFork": field(GraphQLNonNull(GraphQLBoolean)) { (_: SimulatedRepository, _, _) in false },
                "isPrivate": field(GraphQLNonNull(GraphQLBoolean)) { (_: SimulatedRepository, _, _) in false },
                "createdAt": field(GraphQLNonNull(dateTime)) { (r: SimulatedRepository, _, _) in timestamp(r.createdAt)
                },
                "updatedAt": field(GraphQLNonNull(dateTime)) { (r: SimulatedRepository, _, _) in timestamp(r.updatedAt)
                },
                "pushedAt": field(dateTime) { (r: SimulatedRepository, _, _) in timestamp(r.pushedAt) },
                "stargazerCount": field(GraphQLNonNull(GraphQLInt)) { (r: SimulatedRepository, _, _) in r.stargazers },
                "forkCount": field(GraphQLNonNull(GraphQLInt)) { (r: SimulatedRepository, _, _) in r.forks },
                "defaultBranchRef": field(named) { (_: SimulatedRepository, _, _) in "main" },
                "primaryLanguage": field(language) { (r: SimulatedRepository, _, _) in r.language },
                "pullRequests": field(
                    GraphQLNonNull(try connection("PullRequest", of: pullRequest)), args: pullArguments
                ) {
                    (r: SimulatedRepository, args, _) in GraphQLConnection(Self.pullRequests(r, args), args: args)
                },
                "pullRequest": field(pullRequest, args: ["number": GraphQLArgument(type: GraphQLNonNull(GraphQLInt))]) {
                    (r: SimulatedRepository, args, _) in
                    r.pullRequests.first { $0.number == args["number"].int }
                },
            ])
        let organization = try GraphQLObjectType(
            name: "Organization",
            fields: [
                "login": field(GraphQLNonNull(GraphQLString)) { (o: SimulatedOrganization, _, _) in o.login },
                "repositories": field(GraphQLNonNull(try connection("Repository", of: repository)), args: pageArguments)
                {
                    (o: SimulatedOrganization, args, _) in
                    GraphQLConnection(o.repositories.sorted { $0.name < $1.name }, args: args)
                },
            ])
        let rateLimit = try GraphQLObjectType(
            name: "RateLimit",
            fields: [
                "cost": field(GraphQLNonNull(GraphQLInt)) { (c: GraphQLRequestContext, _, _) in c.cost },
                "limit": field(GraphQLNonNull(GraphQLInt)) { (c: GraphQLRequestContext, _, _) in c.rate.limit },
                "nodeCount": field(GraphQLNonNull(GraphQLInt)) { (c: GraphQLRequestContext, _, _) in c.nodeCount },
                "remaining": field(GraphQLNonNull(GraphQLInt)) { (c: GraphQLRequestContext, _, _) in c.rate.remaining },
                "used": field(GraphQLNonNull(GraphQLInt)) { (c: GraphQLRequestContext, _, _) in c.rate.used },
                "resetAt": field(GraphQLNonNull(dateTime)) { (c: GraphQLRequestContext, _, _) in timestamp(c.rate.reset)
                },
            ])
        let query = try GraphQLObjectType(
            name: "Query",
            fields: [
                "rateLimit": field(rateLimit, args: ["dryRun": GraphQLArgument(type: GraphQLBoolean)]) {
                    (_: RootValue, _, context) in context
                },
                "organization": field(
                    organization, args: ["login": GraphQLArgument(type: GraphQLNonNull(GraphQLString))]
                ) {
                    (_: RootValue, args, context) in
                    context.routes.organizations[(args["login"].string ?? "").lowercased()]
                },
                "repository": field(
                    repository,
                    args: [
                        "owner": GraphQLArgument(type: GraphQLNonNull(GraphQLString)),
                        "name": GraphQLArgument(type: GraphQLNonNull(GraphQLString)),
                    ]
                ) { (_: RootValue, args, context) in
                    context.routes.organizations[(args["owner"].string ?? "").lowercased()]?
                        .repository(named: args["name"].string ?? "")
                },
            ])
        return try GraphQLSchema(query: query, types: [user, bot, mannequin])
    }

    /// Pull requests filtered by `states` and sorted by `orderBy` (default: created ascending, as GitHub).
    static func pullRequests(_ repository: SimulatedRepository, _ args: Map) -> [SimulatedPullRequest] {
        var pulls = repository.pullRequests
        if let states = args["states"].array?.compactMap(\.string), !states.isEmpty {
            pulls = pulls.filter { pull in
                let state = pull.mergedAt != nil ? "MERGED" : pull.closedAt != nil ? "CLOSED" : "OPEN"
                return states.contains(state)
            }
        }
        let order = args["orderBy"]
        let byUpdated = order["field"].string == "UPDATED_AT"
        let descending = order["direction"].string == "DESC"
        return pulls.sorted {
            let (a, b) = byUpdated ? ($0.updatedAt, $1.updatedAt) : ($0.createdAt, $1.createdAt)
            if a != b { return descending ? a > b : a < b }
            return descending ? $0.number > $1.number : $0.number < $1.number
        }
    }

    /// The root value of every query.
    struct RootValue: Sendable {}
}

/// A team as the GraphQL schema resolves it.
struct GraphQLTeamNode: Sendable {
    let org: String
    let slug: String
}

/// A review request: a user, a bot or a team.
struct GraphQLReviewRequestNode: Sendable {
    let reviewer: any Sendable
}
