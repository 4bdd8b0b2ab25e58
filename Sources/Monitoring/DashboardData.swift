import Collector
import EventLog
import Foundation
import GHRecords
import GitHubAPI
import Logging
import Store

/// What the dashboard's JSON endpoints answer: pipeline health (lag, rate limit, throughput, errors, recent
/// collections) and velocity series per day, read from the log, GitHub's free `/rate_limit` and the SQLite store.
public struct DashboardData: Sendable {
    let store: SQLiteStore
    let ledgerPath: String
    let log: any EventLog
    let groups: [(group: String, topics: [String])]
    let sampler: ThroughputSampler
    let github: GitHubClient?

    public init(
        store: SQLiteStore, ledgerPath: String, log: any EventLog, groups: [(group: String, topics: [String])],
        sampler: ThroughputSampler, github: GitHubClient?
    ) {
        self.store = store
        self.ledgerPath = ledgerPath
        self.log = log
        self.groups = groups
        self.sampler = sampler
        self.github = github
    }

    struct Health: Encodable {
        struct Lag: Encodable {
            var group: String
            var messages: Int64?
        }
        struct Budget: Encodable {
            var account: String
            var remaining: Int?
            var limit: Int?
            var reset: String?
        }
        struct Rate: Encodable {
            var topic: String
            var perSecond: Double
        }
        struct Collection: Encodable {
            var id: String
            var source: String
            var organizations: [String]
            var status: String
            var startedAt: String
            var finishedAt: String?
            var deadLetters: Int
        }
        var lag: [Lag]
        var rateLimit: [Budget]
        var throughput: [Rate]
        var deadLetters: [String: Int]
        var collections: [Collection]
        var generatedAt: String
    }

    /// Pipeline health now.
    func health() async throws -> Health {
        var lag: [Health.Lag] = []
        for (group, topics) in groups {
            lag.append(.init(group: group, messages: try? await log.lag(group: group, topics: topics)))
        }
        var budgets: [Health.Budget] = []
        if let github, let statuses = try? await github.checkTokens() {
            for (token, status) in zip(github.tokens.tokens, statuses) {
                budgets.append(
                    .init(
                        account: github.tokens.account(of: token), remaining: status?.remaining, limit: status?.limit,
                        reset: status.map { ISO8601Timestamp.format($0.reset) }))
            }
        }
        let readings = sampler.readings
        var throughput: [Health.Rate] = []
        if readings.count >= 2, let first = readings.first, let last = readings.last, last.at > first.at {
            let seconds = last.at.timeIntervalSince(first.at)
            for topic in last.messages.keys.sorted() {
                let delta = (last.messages[topic] ?? 0) - (first.messages[topic] ?? 0)
                throughput.append(.init(topic: topic, perSecond: Double(delta) / seconds))
            }
        }
        var reasons: [String: Int] = [:]
        for row in try await store.query("SELECT reason, COUNT(*) FROM dead_letters GROUP BY reason") {
            reasons[row.string(0) ?? "?"] = row.int(1) ?? 0
        }
        let ledger = try CollectionLedger(path: ledgerPath)
        let recent = try await ledger.all().sorted { $0.startedAt > $1.startedAt }.prefix(10)
        var collections: [Health.Collection] = []
        for record in recent {
            let letters = try await store.query(
                "SELECT COUNT(*) FROM dead_letters WHERE collection_id = ?", [.text(record.id)])
            collections.append(
                .init(
                    id: record.id, source: record.source.rawValue, organizations: record.organizations,
                    status: record.status.rawValue, startedAt: ISO8601Timestamp.format(record.startedAt),
                    finishedAt: record.finishedAt.map(ISO8601Timestamp.format), deadLetters: letters.first?.int(0) ?? 0)
            )
        }
        return Health(
            lag: lag, rateLimit: budgets, throughput: throughput, deadLetters: reasons, collections: collections,
            generatedAt: ISO8601Timestamp.format(Date()))
    }

    /// The lead's overview of `org` (else the store's first organisation) from `since` to today; nil when the
    /// store holds no organisation yet.
    func overview(
        org: String?, repo: String?, author: String?, since: String, now: Date = Date()
    ) async throws
        -> VelocityOverview?
    {
        let metrics = SQLiteMetrics(store: store)
        let first = org == nil ? try await metrics.organisations().first : nil
        guard let organisation = org ?? first else { return nil }
        return try await VelocityOverview.read(
            store: store,
            filter: .init(
                org: organisation, repo: repo, author: author, since: since,
                until: ReportPeriod.day(now.addingTimeInterval(86_400))),
            now: now)
    }

    struct Velocity: Encodable {
        var org: String?
        var repo: String?
        var author: String
        var since: String
        var repos: [String]
        var days: [VelocityMetricsRow]
    }

    /// Daily velocity of a repository (or all repositories summed, for counts) and one author or `*`.
    func velocity(org: String?, repo: String?, author: String, since: String) async throws -> Velocity {
        let metrics = SQLiteMetrics(store: store)
        let organisation = if let org { org } else { try await metrics.organisations().first }
        guard let organisation else {
            return Velocity(org: nil, repo: repo, author: author, since: since, repos: [], days: [])
        }
        let rows = try await metrics.rows(org: organisation, repo: repo, since: since).filter { $0.author == author }
        let repos = try await store.query(
            "SELECT DISTINCT repo FROM metrics WHERE org = ? ORDER BY repo", [.text(organisation)]
        )
        .compactMap { $0.string(0) }
        let days: [VelocityMetricsRow]
        if repo != nil {
            days = rows.sorted { $0.day < $1.day }
        } else {
            // All repositories: counts add up; a percentile cannot be summed, so the median of the day's repository
            // values is shown and marked as such in the page.
            days = Dictionary(grouping: rows, by: \.day).sorted { $0.key < $1.key }.map { day, rows in
                var values: [String: Double?] = [:]
                for column in VelocityMetricsSQL.metricColumns {
                    let present = rows.compactMap { $0[column] }.sorted()
                    if column.hasSuffix("_hours") {
                        values[column] = present.isEmpty ? nil : present[(present.count - 1) / 2]
                    } else {
                        values[column] = present.reduce(0, +)
                    }
                }
                return VelocityMetricsRow(
                    day: day, org: organisation, repo: "*", author: author, isBot: false,
                    definitionVersion: VelocityMetricsSQL.definitionVersion, values: values)
            }
        }
        return Velocity(org: organisation, repo: repo, author: author, since: since, repos: repos, days: days)
    }
}
