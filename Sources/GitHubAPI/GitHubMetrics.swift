import Foundation
import Metrics

/// What the GitHub client reports to swift-metrics: request latency per endpoint (its route, never the values in
/// the path) and the rate-limit budget left per account (the account's login, never a token).
package enum GitHubMetrics {
    static let requestDuration = "ghstats_github_request_duration_seconds"
    static let rateLimitRemaining = "ghstats_github_rate_limit_remaining"

    /// Each metric's `# HELP` text.
    package static let help: [String: String] = [
        requestDuration: "Duration of GitHub API calls (REST and GraphQL), per route and status class.",
        rateLimitRemaining: "Requests or points left in GitHub's rate-limit window, per account and resource.",
    ]

    static func recordRequest(url: String, status: String, duration: Duration) {
        Timer(label: requestDuration, dimensions: [("endpoint", route(url)), ("status", status)])
            .record(duration: duration)
    }

    static func recordRateLimit(_ status: RateLimitStatus, account: String) {
        Gauge(label: rateLimitRemaining, dimensions: [("account", account), ("resource", status.resource)])
            .record(status.remaining)
    }

    /// `200` → `2xx`; `304` stays (a free conditional answer); no response → `error`.
    static func statusClass(_ status: Int?) -> String {
        guard let status else { return "error" }
        return status == 304 ? "304" : "\(status / 100)xx"
    }

    /// The route of a GitHub URL: `/repos/{owner}/{repo}/pulls/{number}/reviews`.
    static func route(_ url: String) -> String {
        let path = URLComponents(string: url)?.path ?? url
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var route: [String] = []
        for (index, part) in parts.enumerated() {
            let previous = index > 0 ? parts[index - 1] : ""
            let beforePrevious = index > 1 ? parts[index - 2] : ""
            switch true {
            case previous == "repos": route.append("{owner}")
            case beforePrevious == "repos": route.append("{repo}")
            case previous == "orgs": route.append("{org}")
            case previous == "users": route.append("{user}")
            case previous == "commits" && part.count >= 7: route.append("{sha}")
            case part.allSatisfy(\.isNumber): route.append("{number}")
            default: route.append(part)
            }
        }
        return "/" + route.joined(separator: "/")
    }
}
