import Foundation
import GHRecords
import GitHubAPI
import Logging
import Pipeline

/// Estimates a collection's API cost from the repositories' sizes, read cheaply: each listing's first page
/// (100 items) and its `Link` `last` page number give how many pages the run will read. Those first pages land
/// in the response cache, so the run gets them back as free 304s.
public struct CollectionPlanner: Sendable {
    let client: GitHubClient
    let configuration: FetcherConfiguration
    let logger: Logger

    public init(client: GitHubClient, configuration: FetcherConfiguration, logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    public func plan(organizations: [String], window: CollectionWindow) async throws -> CollectionPlan {
        var plan = CollectionPlan()
        plan.accounts = max(1, Set(client.tokens.tokens.map { client.tokens.account(of: $0) }).count)
        let useGraphQL = configuration.pullRequestSource.usesGraphQL(hasToken: !client.tokens.tokens.isEmpty)
        let endpoints = client.endpoints
        for org in organizations {
            var url: String? = endpoints.organizationRepositories(org: org)
            while let page = url {
                let response = try await client.get(page, as: [GitHubRepository].self)
                plan.listingRequests += 1
                plan.probeRequests += 1
                for repository in response.body {
                    let estimated = try await estimate(
                        org: org, repo: repository.name, window: window, useGraphQL: useGraphQL, &plan)
                    plan.repositories.append(estimated)
                }
                url = response.links.next
            }
        }
        return plan
    }

    /// Items and pages of a listing (its first page, and its last when there are more).
    private func size(_ url: String, _ plan: inout CollectionPlan) async throws -> (items: Int, pages: Int) {
        let size = try await client.listingSize(url)
        plan.probeRequests += size.requests
        return (size.items, size.pages)
    }

    private var endpoints: GitHubEndpoints { client.endpoints }

    private func estimate(
        org: String, repo: String, window: CollectionWindow, useGraphQL: Bool, _ plan: inout CollectionPlan
    ) async throws -> CollectionPlan.Repository {
        let pulls = try await size(endpoints.pullRequests(owner: org, repo: repo), &plan)
        let reviewComments = try await size(
            endpoints.reviewComments(owner: org, repo: repo, since: window.since), &plan)
        let issueComments = try await size(endpoints.issueComments(owner: org, repo: repo, since: window.since), &plan)
        let commits = try await size(
            endpoints.commits(owner: org, repo: repo, since: window.since, until: window.until), &plan)
        var rest = reviewComments.pages + issueComments.pages + commits.pages
        if configuration.commitStats { rest += commits.items }
        var points = 0
        if useGraphQL {
            // A probe of the newest pull request, then pages of 50 with details and reviews inline.
            rest += 1
            let pages =
                pulls.items == 0
                ? 0 : (pulls.items + GitHubGraphQLPullRequests.pageSize - 1) / GitHubGraphQLPullRequests.pageSize
            points = pages * GitHubGraphQLPullRequests.estimatedCost(pageSize: GitHubGraphQLPullRequests.pageSize)
        } else {
            // Listing pages, then detail and reviews for each pull request.
            rest += pulls.pages + 2 * pulls.items
        }
        return .init(name: "\(org)/\(repo)", pullRequests: pulls.items, restRequests: rest, graphQLPoints: points)
    }
}
