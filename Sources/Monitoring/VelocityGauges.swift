import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Store

/// Velocity from the store as Prometheus gauges, per organisation over the last 7 and 30 days (`period`), for
/// Grafana and alerting beside the pipeline's metrics. `ghstats serve` refreshes them every `interval`; the numbers
/// come from the metric definitions, so they agree with `ghstats report` and the dashboard.
public struct VelocityGauges: Service {
    public static let merged = "ghstats_velocity_pull_requests_merged"
    public static let opened = "ghstats_velocity_pull_requests_opened"
    public static let timeToMerge = "ghstats_velocity_time_to_merge_p50_seconds"
    public static let timeToFirstReview = "ghstats_velocity_time_to_first_review_p50_seconds"
    public static let leadTime = "ghstats_velocity_lead_time_p50_seconds"
    public static let reviews = "ghstats_velocity_reviews_given"
    public static let openPullRequests = "ghstats_velocity_open_pull_requests"
    public static let oldestOpen = "ghstats_velocity_oldest_open_pull_request_age_seconds"

    /// Each gauge's `# HELP` text.
    public static let help: [String: String] = [
        merged: "Pull requests by humans merged in the period, per organisation.",
        opened: "Pull requests by humans opened in the period, per organisation.",
        timeToMerge: "Median time from opening to merge of the period's merged pull requests, per organisation.",
        timeToFirstReview: "Median time from opening to the first review by someone else, per organisation.",
        leadTime: "Median time from the first commit to merge of the period's merged pull requests.",
        reviews: "Reviews given to other people's pull requests in the period, per organisation.",
        openPullRequests: "Open pull requests (not drafts) by humans now, per organisation.",
        oldestOpen: "Age of the oldest open pull request (not a draft) by a human, per organisation.",
    ]

    /// The periods each organisation's gauges cover, in days.
    static let periods = [7, 30]

    let store: SQLiteStore
    let interval: Duration
    let logger: Logger

    public init(store: SQLiteStore, interval: Duration = .seconds(60), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// Refreshes every `interval`; every 5 seconds while the store holds no organisation yet, so a new deployment's
    /// first data shows soon.
    public func run() async throws {
        while !Task.isShuttingDownGracefully {
            var organisations = 0
            do {
                organisations = try await refresh()
            } catch {
                logger.warning("could not read velocity from the store", metadata: ["gh.error": "\(error)"])
            }
            let wait = organisations == 0 ? min(interval, .seconds(5)) : interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            if Task.isCancelled { return }
        }
    }

    /// Reads every organisation's velocity now and records it; returns how many organisations there are.
    @discardableResult
    public func refresh(now: Date = Date()) async throws -> Int {
        let metrics = SQLiteMetrics(store: store)
        let until = ReportPeriod.day(now.addingTimeInterval(86_400))
        let organisations = try await metrics.organisations()
        for org in organisations {
            for days in Self.periods {
                let since = ReportPeriod.day(now.addingTimeInterval(-Double(days) * 86_400))
                let row = try await metrics.select(
                    org: org, .init(since: since, until: until, bucket: .period, acrossRepositories: true)
                )
                .first { $0.repo == "*" && $0.author == "*" }
                let dimensions = [("org", org), ("period", "\(days)d")]
                Gauge(label: Self.merged, dimensions: dimensions).record(row?["prs_merged"] ?? 0)
                Gauge(label: Self.opened, dimensions: dimensions).record(row?["prs_opened"] ?? 0)
                Gauge(label: Self.reviews, dimensions: dimensions).record(row?["reviews_given"] ?? 0)
                for (name, column) in [
                    (Self.timeToMerge, "time_to_merge_p50_hours"),
                    (Self.timeToFirstReview, "time_to_first_review_p50_hours"),
                    (Self.leadTime, "lead_time_p50_hours"),
                ] {
                    // A period with nothing measured shows no value rather than an earlier one.
                    let gauge = Gauge(label: name, dimensions: dimensions)
                    if let hours = row?[column] { gauge.record(hours * 3_600) } else { gauge.destroy() }
                }
            }
            let open = try await store.query(
                """
                SELECT COUNT(*), MIN(created_at) FROM pull_requests
                WHERE org = ? AND state = 'open' AND draft = 0 AND (author_type IS NULL OR author_type <> 'Bot')
                """, [.text(org)]
            ).first
            Gauge(label: Self.openPullRequests, dimensions: [("org", org)]).record(open?.int(0) ?? 0)
            let oldest = open?.string(1).flatMap { try? Date($0, strategy: .iso8601) }
            Gauge(label: Self.oldestOpen, dimensions: [("org", org)])
                .record(oldest.map { now.timeIntervalSince($0) } ?? 0)
        }
        return organisations.count
    }
}
