import Foundation

/// What a collection will cost before it runs: requests per repository and stream, GraphQL points, and the
/// hours the tokens' accounts need under GitHub's limits.
public struct CollectionPlan: Sendable {
    /// One repository's share.
    public struct Repository: Sendable {
        public let name: String
        public let pullRequests: Int
        public let restRequests: Int
        public let graphQLPoints: Int
    }

    public var repositories: [Repository] = []
    /// Requests for the organisations' repository listings.
    public var listingRequests = 0
    /// Requests the plan itself made (their first pages are cached: the run gets them as free 304s).
    public var probeRequests = 0
    /// Accounts the tokens belong to (each has its own budgets).
    public var accounts = 1
    /// Each account's hourly budgets.
    public var restPerHour = 5_000
    public var pointsPerHour = 5_000

    public var restRequests: Int { listingRequests + repositories.reduce(0) { $0 + $1.restRequests } }
    public var graphQLPoints: Int { repositories.reduce(0) { $0 + $1.graphQLPoints } }
    public var pullRequests: Int { repositories.reduce(0) { $0 + $1.pullRequests } }

    /// Hours the run needs at the accounts' limits (the slower of the REST and GraphQL budgets).
    public var hours: Double {
        let accounts = Double(max(accounts, 1))
        return max(
            Double(restRequests) / (Double(restPerHour) * accounts),
            Double(graphQLPoints) / (Double(pointsPerHour) * accounts))
    }

    /// A readable table.
    public var report: String {
        var lines = ["repository                       pull requests   REST requests   GraphQL points"]
        for repository in repositories.sorted(by: {
            $0.restRequests + $0.graphQLPoints > $1.restRequests + $1.graphQLPoints
        }) {
            lines.append(
                repository.name.padding(toLength: 32, withPad: " ", startingAt: 0)
                    + String(
                        format: " %13d   %13d   %14d", repository.pullRequests, repository.restRequests,
                        repository.graphQLPoints))
        }
        lines.append(
            "total (with \(listingRequests) listing requests)".padding(toLength: 32, withPad: " ", startingAt: 0)
                + String(format: " %13d   %13d   %14d", pullRequests, restRequests, graphQLPoints))
        lines.append(
            String(
                format:
                    "%d account(s) at %d requests and %d points an hour each: about %.2f h. The plan made %d requests; their pages are cached for the run.",
                accounts, restPerHour, pointsPerHour, hours, probeRequests))
        return lines.joined(separator: "\n")
    }
}
