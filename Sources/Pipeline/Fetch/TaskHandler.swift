import EventLog
import Foundation
import GHRecords
import GitHubAPI
import Logging
import Telemetry

/// Fetches what one task names from GitHub and turns it into records and child tasks.
struct TaskHandler: Sendable {
    let client: GitHubClient
    let messages: MessageFactory
    let logger: Logger
    /// Read pull requests with GraphQL (else REST).
    let useGraphQL: Bool
    /// Complete passes of listing streams, to skip what an earlier pass stored; nil reads every window whole.
    let watermarks: StreamWatermarks?
    /// Fetch each commit's stats (one request per commit).
    let commitStats: Bool
    /// Where GH Archive hours come from.
    let ghArchive: GHArchiveSource
    /// The BigQuery `githubarchive` dataset, when configured.
    var ghArchiveBigQuery: GHArchiveBigQuerySource? = nil

    /// Handles `task`; a long listing (a GH Archive hour) may `publish` records in batches as it goes.
    func handle(
        _ task: FetchTask, publish: ([OutgoingMessage]) async throws -> Void = { _ in }
    ) async throws
        -> TaskOutcome
    {
        let endpoints = client.endpoints
        let fetchedAt = Date()
        var outcome = TaskOutcome()
        func emit<R: GHRecord>(_ record: R) throws {
            outcome.records.append(try messages.record(record, collectionID: task.collectionId, fetchedAt: fetchedAt))
        }
        func follow(_ links: LinkHeader, from url: String) throws {
            guard let next = links.next else { return }
            guard next != url else {
                throw GitHubAPIError(
                    code: .malformedBody, request: "GET \(url)", message: "Link rel=\"next\" points to the same page")
            }
            outcome.children.append(task.nextPage(url: next))
        }
        let org = task.org
        let repo = task.repo ?? ""
        switch task.kind {
        case .repositories:
            let url = task.pageLink ?? endpoints.organizationRepositories(org: org)
            let response = try await client.get(url, as: [GitHubRepository].self)
            for repository in response.body {
                try emit(repository.record(org: org))
                outcome.children += Self.repositoryTasks(task, repo: repository.name, graphQL: useGraphQL)
            }
            try follow(response.links, from: url)
        case .pullRequests:
            let url = task.pageLink ?? endpoints.pullRequests(owner: org, repo: repo)
            let response = try await client.get(url, as: [GitHubPullRequestSummary].self)
            var reachedWindowStart = false
            for pull in response.body {
                if let since = task.since, pull.updatedAt < since {
                    reachedWindowStart = true
                    continue
                }
                if let until = task.until, pull.updatedAt >= until { continue }
                for kind in [FetchTaskKind.pullRequestDetail, .reviews] {
                    var child = task
                    child.kind = kind
                    child.number = pull.number
                    child.pageLink = nil
                    child.page = 1
                    outcome.children.append(child)
                }
            }
            // Sorted by `updated` descending: once past the window's start, later pages are older still.
            if !reachedWindowStart { try follow(response.links, from: url) }
        case .pullRequestsGraphQL:
            outcome = try await pullRequestsByGraphQL(task, emit: messages, fetchedAt: fetchedAt)
        case .pullRequestDetail:
            let number = try require(task.number, task)
            let response = try await client.get(
                endpoints.pullRequest(owner: org, repo: repo, number: number), as: GitHubPullRequest.self)
            try emit(response.body.record(org: org, repo: repo))
        case .reviews:
            let number = try require(task.number, task)
            let url = task.pageLink ?? endpoints.reviews(owner: org, repo: repo, number: number)
            let response = try await client.get(url, as: [GitHubReview].self)
            for review in response.body {
                try emit(review.record(org: org, repo: repo, pullNumber: number))
            }
            try follow(response.links, from: url)
        case .reviewComments:
            let url = task.pageLink ?? endpoints.reviewComments(owner: org, repo: repo, since: task.since)
            let response = try await client.get(url, as: [GitHubReviewComment].self)
            for comment in response.body {
                guard let record = comment.record(org: org, repo: repo) else {
                    throw GitHubAPIError(
                        code: .malformedBody, request: "GET \(url)",
                        message: "review comment \(comment.id) has no pull request number in pull_request_url")
                }
                if let until = task.until, record.updatedAt >= until { continue }
                try emit(record)
            }
            try follow(response.links, from: url)
        case .issueComments:
            let url = task.pageLink ?? endpoints.issueComments(owner: org, repo: repo, since: task.since)
            let response = try await client.get(url, as: [GitHubIssueComment].self)
            for comment in response.body {
                guard let record = comment.record(org: org, repo: repo) else {
                    throw GitHubAPIError(
                        code: .malformedBody, request: "GET \(url)",
                        message: "issue comment \(comment.id) has no issue number in issue_url")
                }
                if let until = task.until, record.updatedAt >= until { continue }
                try emit(record)
            }
            try follow(response.links, from: url)
        case .commits:
            let url = task.pageLink ?? endpoints.commits(owner: org, repo: repo, since: task.since, until: task.until)
            do {
                let response = try await client.get(url, as: [GitHubCommit].self)
                for commit in response.body {
                    try emit(commit.record(org: org, repo: repo))
                    if commitStats {
                        var child = FetchTask(
                            collectionId: task.collectionId, kind: .commitDetail, org: org, repo: repo,
                            since: task.since, until: task.until)
                        child.sha = commit.sha
                        outcome.children.append(child)
                    }
                }
                try follow(response.links, from: url)
            } catch let error as GitHubAPIError where error.code == .conflict {
                // 409 on commits: the repository is empty. Nothing to collect, nothing missing.
                logger.info(
                    "repository is empty, no commits", metadata: [LogMetadataKeys.repo: "\(org)/\(repo)"])
            }
        case .gharchiveHour:
            outcome = try await ghArchiveHour(task, source: ghArchive, publish: publish)
        case .gharchiveBigQuery:
            outcome = try await ghArchiveBigQueryDay(task, source: ghArchiveBigQuery, publish: publish)
        case .commitDetail:
            guard let sha = task.sha else { throw MalformedTask(reason: "commit_detail task without a sha") }
            let response = try await client.get(
                endpoints.commit(owner: org, repo: repo, sha: sha), as: GitHubCommit.self)
            try emit(response.body.record(org: org, repo: repo))
        default:
            throw UnknownTaskKind(kind: task.kind)
        }
        return outcome
    }

    /// The per-repository listings a repository page fans out into.
    static func repositoryTasks(_ parent: FetchTask, repo: String, graphQL: Bool) -> [FetchTask] {
        [graphQL ? FetchTaskKind.pullRequestsGraphQL : .pullRequests, .reviewComments, .issueComments, .commits].map {
            kind in
            FetchTask(
                collectionId: parent.collectionId, kind: kind, org: parent.org, repo: repo, since: parent.since,
                until: parent.until)
        }
    }

    private func require(_ number: Int?, _ task: FetchTask) throws -> Int {
        guard let number else { throw MalformedTask(reason: "\(task.kind) task without a pull request number") }
        return number
    }
}

/// A task whose kind this build does not know (written by a newer version).
struct UnknownTaskKind: Error, CustomStringConvertible {
    let kind: FetchTaskKind
    var description: String { "unknown task kind '\(kind)'" }
}

/// A task message that cannot be handled as it is.
struct MalformedTask: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
