import Foundation
import GHRecords
import GitHubAPI
import Logging
import Telemetry

extension TaskHandler {
    /// The stream name pull requests are watermarked under.
    static let pullRequestStream = "pull_requests"

    /// One page of a repository's pull requests (detail fields and reviews inline) by GraphQL.
    ///
    /// The first page starts with a REST probe of the newest pull request, which the response cache turns into a
    /// free 304 when nothing changed: with a complete earlier pass over the window, the stream is skipped whole;
    /// with changes, the pages stop at that pass's watermark instead of the window's start.
    func pullRequestsByGraphQL(
        _ task: FetchTask, emit messages: MessageFactory, fetchedAt: Date
    ) async throws
        -> TaskOutcome
    {
        var outcome = TaskOutcome()
        let org = task.org
        let repo = task.repo ?? ""
        var task = task
        if task.cursor == nil {
            switch try await startPass(task) {
            case .nothingToRead: return outcome
            case .read(let stopAt): task.watermark = stopAt
            }
        }
        var variables: [String: GraphQLVariable] = ["owner": .string(org), "name": .string(repo)]
        if let cursor = task.cursor { variables["cursor"] = .string(cursor) }
        // A pass that stops at a watermark usually finds a few changed pull requests: a small first page costs less.
        let pageSize =
            task.watermark != nil && task.cursor == nil
            ? GitHubGraphQLPullRequests.incrementalPageSize : GitHubGraphQLPullRequests.pageSize
        let connection = try await pullRequestPage(
            variables: variables, pageSize: pageSize, repository: "\(org)/\(repo)")
        let stopBefore = [task.since, task.watermark].compactMap { $0 }.max()
        var reachedStop = false
        for pull in connection.items {
            if let stopBefore, pull.updatedAt < stopBefore {
                reachedStop = true
                continue
            }
            if let until = task.until, pull.updatedAt >= until { continue }
            var reviews = pull.inlineReviews
            if pull.hasMoreReviews {
                reviews += try await moreReviews(of: pull, org: org, repo: repo)
            }
            outcome.records.append(
                try messages.record(
                    pull.record(org: org, repo: repo, allReviews: reviews), collectionID: task.collectionId,
                    fetchedAt: fetchedAt))
            for review in pull.reviewRecords(org: org, repo: repo, allReviews: reviews) {
                outcome.records.append(
                    try messages.record(review, collectionID: task.collectionId, fetchedAt: fetchedAt))
            }
        }
        if !reachedStop, connection.pageInfo?.hasNextPage == true, let cursor = connection.pageInfo?.endCursor {
            outcome.children.append(task.nextPage(cursor: cursor))
        } else {
            try await watermarks?.complete(
                org: org, repo: repo, stream: Self.pullRequestStream, collection: task.collectionId)
        }
        return outcome
    }

    /// One page of pull requests. A query GitHub stops (a timeout, a 502 or 504) is asked again at once with half
    /// the page, down to `minimumPageSize`; what still fails goes to the fetcher's retries.
    private func pullRequestPage(
        variables: [String: GraphQLVariable], pageSize: Int, repository: String
    ) async throws
        -> GitHubGraphQLPullRequests.Connection<GitHubGraphQLPullRequests.PullRequest>
    {
        var size = pageSize
        while true {
            do {
                let response = try await client.graphQL(
                    GitHubGraphQLPullRequests.query(pageSize: size), typedVariables: variables,
                    as: GitHubGraphQLPullRequests.Result.self)
                guard let connection = response.body.repository?.pullRequests else {
                    throw GitHubAPIError(
                        code: .notFound, request: "POST /graphql", message: "repository \(repository) not found")
                }
                return connection
            } catch let error as GitHubAPIError
                where error.suggestsSmallerQuery && size > GitHubGraphQLPullRequests.minimumPageSize
            {
                size = max(size / 2, GitHubGraphQLPullRequests.minimumPageSize)
                logger.notice(
                    "GraphQL query stopped by GitHub; asking again with a smaller page",
                    metadata: [
                        LogMetadataKeys.repo: "\(repository)", LogMetadataKeys.error: "\(error)",
                        "gh.page_size": "\(size)",
                    ])
            }
        }
    }

    /// The reviews of `pull` after those its page held, 100 a query: all of them count in its `review_comments`.
    private func moreReviews(
        of pull: GitHubGraphQLPullRequests.PullRequest, org: String, repo: String
    ) async throws
        -> [GitHubGraphQLPullRequests.Review]
    {
        var reviews: [GitHubGraphQLPullRequests.Review] = []
        var cursor = pull.reviews?.pageInfo?.endCursor
        while let after = cursor {
            let response = try await client.graphQL(
                GitHubGraphQLPullRequests.moreReviewsQuery,
                typedVariables: [
                    "owner": .string(org), "name": .string(repo), "number": .int(pull.number), "cursor": .string(after),
                ],
                as: GitHubGraphQLPullRequests.MoreReviewsResult.self)
            guard let page = response.body.repository?.pullRequest?.reviews else {
                throw GitHubAPIError(
                    code: .notFound, request: "POST /graphql",
                    message: "pull request \(org)/\(repo)#\(pull.number) not found for its reviews")
            }
            reviews += page.items
            cursor = page.pageInfo?.hasNextPage == true ? page.pageInfo?.endCursor : nil
        }
        return reviews
    }

    /// How a pass over a stream begins.
    enum PassStart {
        /// No items in the window, or none changed since the last complete pass.
        case nothingToRead
        /// Read pages until items older than `stopAt` (the last complete pass's watermark) or the window's start.
        case read(stopAt: Date?)
    }

    /// Where a pass over a repository's pull requests begins.
    private func startPass(_ task: FetchTask) async throws -> PassStart {
        let org = task.org
        let repo = task.repo ?? ""
        let probe = try await client.get(
            client.endpoints.newestPullRequest(owner: org, repo: repo), as: [GitHubPullRequestSummary].self)
        guard let newest = probe.body.first?.updatedAt else { return .nothingToRead }
        if let since = task.since, newest < since { return .nothingToRead }
        // A bounded window (a historical backfill) reads its whole range: watermarks describe passes up to now.
        guard task.until == nil, let watermarks else { return .read(stopAt: nil) }
        let mark = try await watermarks.mark(org: org, repo: repo, stream: Self.pullRequestStream)
        let usable = mark.flatMap { $0.covers(windowStart: task.since) ? $0 : nil }
        if probe.notModified, let usable, usable.newestUpdatedAt >= newest {
            logger.debug(
                "pull requests unchanged since the last complete pass",
                metadata: [LogMetadataKeys.repo: "\(org)/\(repo)"])
            return .nothingToRead
        }
        try await watermarks.begin(
            org: org, repo: repo, stream: Self.pullRequestStream, collection: task.collectionId,
            windowStart: task.since, newest: newest)
        return .read(stopAt: usable?.newestUpdatedAt)
    }
}
