import Foundation
import GraphQL
import TestSupport

/// The recorded REST objects in GitHub's GraphQL shapes, one rule per field, each as GitHub's schema
/// (`Tests/Fixtures/github-graphql/schema.graphql`) and GraphQL docs define it. Only what was recorded is answered:
/// a field without a recorded source fails the query loudly (`GraphQLReplayNode`).
enum RecordedGraphQLShapes {
    typealias Node = GraphQLReplayNode

    /// `type Query`: `repository(owner:, name:)` is null for a repository that is not there (GitHub adds a NOT_FOUND
    /// error); `rateLimit` answers a fresh budget (the recordings hold no GraphQL budget).
    static func query(_ repositories: [RecordedRepository], now: Date) -> Node {
        Node(
            "Query",
            [
                "repository": { arguments in
                    let owner = arguments["owner"].string?.lowercased()
                    let name = arguments["name"].string?.lowercased()
                    guard
                        let repository = repositories.first(where: {
                            $0.owner.lowercased() == owner && $0.name.lowercased() == name
                        })
                    else {
                        throw GraphQLError(
                            message: "Could not resolve to a Repository with the name '\(owner ?? "")/\(name ?? "")'.")
                    }
                    return self.repository(repository)
                },
                // `RateLimit`: cost, limit, nodeCount, remaining, resetAt (DateTime), used; all non-null.
                "rateLimit": Node.value(
                    Node(
                        "RateLimit",
                        [
                            "cost": Node.value(1), "limit": Node.value(5_000), "nodeCount": Node.value(0),
                            "remaining": Node.value(4_999),
                            "used": Node.value(1), "resetAt": Node.value(timestamp(now.addingTimeInterval(3_600))),
                        ])),
            ])
    }

    /// `type Repository`: `pullRequests(first, after, orderBy, states)` ordered as asked (`UPDATED_AT DESC` by
    /// ghstats; GitHub's default is `CREATED_AT ASC`); `pullRequest(number:)` null when there is none.
    static func repository(_ repository: RecordedRepository) -> Node {
        Node(
            "Repository",
            [
                "name": Node.value(repository.name),
                "nameWithOwner": Node.value(repository.fullName),
                "pullRequests": { arguments in
                    var pulls = Array(repository.pulls.values)
                    let field = arguments["orderBy"]["field"].string ?? "CREATED_AT"
                    let key = field == "UPDATED_AT" ? "updated_at" : "created_at"
                    pulls.sort {
                        ($0.date(key) ?? .distantPast, $0.id ?? 0) < ($1.date(key) ?? .distantPast, $1.id ?? 0)
                    }
                    if arguments["orderBy"]["direction"].string == "DESC" { pulls.reverse() }
                    if case .array(let states) = arguments["states"] {
                        let wanted = Set(states.compactMap(\.string))
                        pulls = pulls.filter { wanted.contains(state(of: $0)) }
                    }
                    return try Node.connection("PullRequest", pulls.map { pullRequest($0, in: repository) })(arguments)
                },
                "pullRequest": { arguments in
                    guard let number = arguments["number"].int, let pull = repository.pulls[number] else { return nil }
                    return pullRequest(pull, in: repository)
                },
            ])
    }

    /// `PullRequestState`: `MERGED` for a merged pull request, else REST's `state` upper-cased (`OPEN`, `CLOSED`).
    static func state(of pull: RecordedObject) -> String {
        pull["merged"]?.bool == true ? "MERGED" : (pull.string("state") ?? "").uppercased()
    }

    /// `type PullRequest` from REST's `GET /pulls/{n}` body.
    static func pullRequest(_ pull: RecordedObject, in repository: RecordedRepository) -> Node {
        let number = Int(pull["number"]?.int64 ?? 0)
        let reviews = repository.reviews(of: number).map { review($0, in: repository) }
        let conversation = repository.issueComments.filter {
            $0.string("issue_url")?.hasSuffix("/issues/\(number)") == true
        }
        return Node(
            "PullRequest",
            ids(pull).merging([
                "number": Node.value(number),
                "title": Node.value(pull.string("title")),
                // `body: String!`: REST's null body is GraphQL's empty string.
                "body": Node.value(pull.string("body") ?? ""),
                "state": Node.value(state(of: pull)),
                "isDraft": Node.value(pull["draft"]?.bool ?? false),
                "merged": Node.value(pull["merged"]?.bool ?? false),
                // DateTime: ISO-8601 strings, as REST sends them.
                "createdAt": Node.value(pull.string("created_at")),
                "updatedAt": Node.value(pull.string("updated_at")),
                "closedAt": Node.value(pull.string("closed_at")),
                "mergedAt": Node.value(pull.string("merged_at")),
                "author": Node.value(actor(pull["user"])),
                "mergedBy": Node.value(actor(pull["merged_by"])),
                "additions": Node.value(pull["additions"]?.int64.map { Int($0) }),
                "deletions": Node.value(pull["deletions"]?.int64.map { Int($0) }),
                "changedFiles": Node.value(pull["changed_files"]?.int64.map { Int($0) }),
                "baseRefName": Node.value(pull["base"]?["ref"]?.stringValue),
                "headRefName": Node.value(pull["head"]?["ref"]?.stringValue),
                "labels": Node.connection(
                    "Label",
                    (pull["labels"]?.array ?? []).map { label in
                        Node(
                            "Label",
                            [
                                "name": Node.value(label["name"]?.stringValue),
                                "color": Node.value(label["color"]?.stringValue),
                            ])
                    }),
                // `comments.totalCount` is REST's `comments` of the same snapshot; the nodes are the recorded comments.
                "comments": Node.connection(
                    "IssueComment", conversation.map(issueComment), totalCount: Int(pull["comments"]?.int64 ?? 0)),
                // `commits.totalCount` is REST's `commits`; no pull request commit of these pull requests was recorded.
                "commits": Node.connection("PullRequestCommit", [], totalCount: Int(pull["commits"]?.int64 ?? 0)),
                // `reviewRequests`: users (and bots) from `requested_reviewers`, then teams from `requested_teams`, each
                // as a `ReviewRequest` whose `requestedReviewer` is the `RequestedReviewer` union (Bot | Mannequin | Team | User).
                "reviewRequests": Node.connection(
                    "ReviewRequest",
                    (pull["requested_reviewers"]?.array ?? []).compactMap(actor).map(reviewRequest)
                        + (pull["requested_teams"]?.array ?? []).map(team).map(reviewRequest)),
                "reviews": Node.connection("PullRequestReview", reviews),
            ]) { $1 })
    }

    static func reviewRequest(_ reviewer: Node) -> Node {
        Node("ReviewRequest", ["requestedReviewer": Node.value(reviewer), "asCodeOwner": Node.value(false)])
    }

    /// `type PullRequestReview` from an element of REST's `GET /pulls/{n}/reviews`. `state` is the recorded state
    /// (`PENDING`, `COMMENTED`, `APPROVED` ...); `submittedAt` is null for a PENDING review, as REST leaves it out.
    static func review(_ review: RecordedObject, in repository: RecordedRepository) -> Node {
        let comments = repository.reviewComments.filter { $0["pull_request_review_id"]?.int64 == review.id }
        return Node(
            "PullRequestReview",
            ids(review).merging([
                "state": Node.value(review.string("state")),
                "body": Node.value(review.string("body") ?? ""),
                "submittedAt": Node.value(review.string("submitted_at")),
                "author": Node.value(actor(review["user"])),
                "authorAssociation": Node.value(review.string("author_association")),
                // `commit: Commit` by its `oid` (REST's `commit_id`); null when REST has none.
                "commit": Node.value(review.string("commit_id").map { Node("Commit", ["oid": Node.value($0)]) }),
                "comments": Node.connection("PullRequestReviewComment", comments.map(reviewComment)),
            ]) { $1 })
    }

    static func reviewComment(_ comment: RecordedObject) -> Node {
        Node(
            "PullRequestReviewComment",
            ids(comment).merging([
                "body": Node.value(comment.string("body") ?? ""), "path": Node.value(comment.string("path")),
                "createdAt": Node.value(comment.string("created_at")),
                "updatedAt": Node.value(comment.string("updated_at")),
                "author": Node.value(actor(comment["user"])),
            ]) { $1 })
    }

    static func issueComment(_ comment: RecordedObject) -> Node {
        Node(
            "IssueComment",
            ids(comment).merging([
                "body": Node.value(comment.string("body") ?? ""),
                "createdAt": Node.value(comment.string("created_at")),
                "updatedAt": Node.value(comment.string("updated_at")),
                "author": Node.value(actor(comment["user"])),
            ]) { $1 })
    }

    /// `id` (the global node id, REST's `node_id`), `fullDatabaseId: BigInt` (a 64-bit integer sent as a JSON
    /// string) and the deprecated `databaseId: Int`, a 32-bit GraphQL Int: above 2^31-1 GitHub answers null with an
    /// error ("Int cannot represent non 32-bit signed integer value").
    static func ids(_ object: RecordedObject) -> [String: Node.Field] {
        let id = object.id ?? 0
        return [
            "id": Node.value(object.string("node_id")),
            "fullDatabaseId": Node.value(String(id)),
            "databaseId": { _ in
                guard id <= Int64(Int32.max) else {
                    throw GraphQLError(message: "Int cannot represent non 32-bit signed integer value: \(id)")
                }
                return Int(id)
            },
        ]
    }

    /// `interface Actor` (and the `RequestedReviewer` accounts) from a REST account. A deleted account, REST's `null`
    /// or its stand-in `ghost` (id 10137), is null in GraphQL. The type is REST's `type` (`User`, `Bot`,
    /// `Organization`). `Bot.login` has no `[bot]` suffix (`dependabot`), where REST says `dependabot[bot]`.
    static func actor(_ account: JSONValue?) -> Node? {
        guard let account, !account.isNull, let login = account["login"]?.stringValue else { return nil }
        if login == "ghost", account["id"]?.int64 == 10137 { return nil }
        let type = account["type"]?.stringValue ?? "User"
        let graphQLLogin = type == "Bot" && login.hasSuffix("[bot]") ? String(login.dropLast("[bot]".count)) : login
        var fields: [String: Node.Field] = [
            "login": Node.value(graphQLLogin), "url": Node.value(account["html_url"]?.stringValue),
            "avatarUrl": Node.value(account["avatar_url"]?.stringValue),
        ]
        // `User.databaseId` and `Bot.databaseId` are 32-bit Ints (account ids are still below 2^31).
        if type != "Organization" { fields["databaseId"] = Node.value(account["id"]?.int64.map { Int($0) }) }
        return Node(type, fields)
    }

    /// `type Team` from REST's `requested_teams` element: `slug`, `name`, and `combinedSlug` (`org/slug`, the org
    /// read from the team's `html_url`, `https://github.com/orgs/{org}/teams/{slug}`).
    static func team(_ team: JSONValue) -> Node {
        let slug = team["slug"]?.stringValue ?? ""
        let html = team["html_url"]?.stringValue ?? ""
        let org = html.components(separatedBy: "/orgs/").last?.components(separatedBy: "/").first ?? ""
        return Node(
            "Team",
            [
                "slug": Node.value(slug), "name": Node.value(team["name"]?.stringValue),
                "combinedSlug": Node.value("\(org)/\(slug)"),
                "databaseId": Node.value(team["id"]?.int64.map { Int($0) }),
            ])
    }

    static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }
}
