import Foundation

/// What a lead's dashboard answers over a period, from the SQLite store: this period against the one before it,
/// weekly trends, where pull requests wait (cycle-time stages), the busiest repositories and reviewers, pull-request
/// sizes and the pull requests open longest. Velocity numbers come from the metric definitions
/// (`VelocityMetricsSQL`), so they agree with `ghstats report`.
public struct VelocityOverview: Sendable, Encodable {
    /// What the overview is narrowed to.
    public struct Filter: Sendable {
        public var org: String
        public var repo: String?
        /// A login, or nil for every human author.
        public var author: String?
        /// First day counted (`YYYY-MM-DD`).
        public var since: String
        /// First day not counted.
        public var until: String

        public init(org: String, repo: String?, author: String?, since: String, until: String) {
            self.org = org
            self.repo = repo
            self.author = author
            self.since = since
            self.until = until
        }
    }

    /// One period's values of the metric columns.
    public struct Totals: Sendable, Encodable {
        public var from: String
        public var until: String
        public var values: [String: Double?]
    }

    /// One week (from its Monday) of the metric columns; weeks without activity have zero counts.
    public struct Week: Sendable, Encodable {
        public var week: String
        public var values: [String: Double?]
    }

    /// One stage of a merged pull request's life, its median over the period's merged pull requests.
    public struct Stage: Sendable, Encodable {
        /// `coding` (first commit to opening), `pickup` (to the first review by someone else), `review` (to the
        /// first approval), `merge` (to the merge).
        public var name: String
        public var p50Hours: Double?
        /// Merged pull requests whose stage is known.
        public var pullRequests: Int
    }

    public struct Repository: Sendable, Encodable {
        public var repo: String
        public var opened: Int
        public var merged: Int
        public var mergeP50Hours: Double?
    }

    /// A person's review load: reviews given in the period, open pull requests waiting for their review now.
    public struct Reviewer: Sendable, Encodable {
        public var login: String
        public var reviews: Int
        public var turnaroundP50Hours: Double?
        public var authored: Int
        public var awaiting: Int
    }

    public struct SizeBucket: Sendable, Encodable {
        public var label: String
        /// Lines changed (added + deleted) up to this many; nil for the last bucket.
        public var upTo: Int?
        public var pullRequests: Int
    }

    public struct OpenPullRequest: Sendable, Encodable {
        public var repo: String
        public var number: Int
        public var title: String
        public var author: String?
        public var createdAt: String
        public var ageDays: Double
        public var reviews: Int
        public var awaiting: [String]
    }

    public var org: String
    public var repo: String?
    public var author: String?
    public var repos: [String]
    public var current: Totals
    public var previous: Totals
    public var weeks: [Week]
    public var cycleTime: [Stage]
    public var repositories: [Repository]
    public var reviewers: [Reviewer]
    public var sizes: [SizeBucket]
    public var oldestOpen: [OpenPullRequest]

    /// Size buckets by lines changed, as in common review guidance.
    static let sizeBuckets: [(label: String, upTo: Int?)] = [
        ("XS (<10)", 9), ("S (10-49)", 49), ("M (50-249)", 249), ("L (250-999)", 999), ("XL (1000+)", nil),
    ]

    /// Reads the overview of `filter` from `store`, `now` being when open pull requests' ages are taken.
    public static func read(store: SQLiteStore, filter: Filter, now: Date = Date()) async throws -> VelocityOverview {
        let metrics = SQLiteMetrics(store: store)
        let length = max(
            1,
            Int(
                ((ReportPeriod.date(filter.until) ?? now).timeIntervalSince(ReportPeriod.date(filter.since) ?? now)
                    / 86_400)
                    .rounded()))
        let previousSince = ReportPeriod.day(filter.since, adding: -length)
        let across = filter.repo == nil
        let repoKey = filter.repo ?? "*"
        let authorKey = filter.author ?? "*"
        func totals(since: String, until: String) async throws -> Totals {
            let rows = try await metrics.select(
                org: filter.org, .init(since: since, until: until, bucket: .period, acrossRepositories: across))
            let row = rows.first { $0.repo == repoKey && $0.author == authorKey }
            return Totals(from: since, until: until, values: row?.values ?? Self.empty)
        }
        let monday = Self.monday(of: filter.since)
        let weekly = try await metrics.select(
            org: filter.org, .init(since: monday, until: filter.until, bucket: .week, acrossRepositories: across)
        )
        .filter { $0.repo == repoKey && $0.author == authorKey }
        var weeks: [Week] = []
        var week = monday
        while week < filter.until {
            weeks.append(Week(week: week, values: weekly.first { $0.day == week }?.values ?? Self.empty))
            week = ReportPeriod.day(week, adding: 7)
        }
        let perRepository = try await metrics.select(
            org: filter.org, .init(since: filter.since, until: filter.until, bucket: .period))
        let repositories =
            perRepository
            .filter { $0.author == "*" }
            .map {
                Repository(
                    repo: $0.repo, opened: Int($0["prs_opened"] ?? 0), merged: Int($0["prs_merged"] ?? 0),
                    mergeP50Hours: $0["time_to_merge_p50_hours"])
            }
            .sorted { ($0.merged, $0.opened, $1.repo) > ($1.merged, $1.opened, $0.repo) }
        let people = try await metrics.select(
            org: filter.org,
            .init(since: filter.since, until: filter.until, bucket: .period, acrossRepositories: true))
        let queries = OverviewQueries(store: store, filter: filter)
        let awaiting = try await queries.awaitingReview()
        // Review load where the view is: the organisation's repositories together, or the one repository.
        var reviewers =
            (filter.repo == nil ? people : perRepository)
            .filter { $0.repo == repoKey && $0.author != "*" && !$0.isBot }
            .map {
                Reviewer(
                    login: $0.author, reviews: Int($0["reviews_given"] ?? 0),
                    turnaroundP50Hours: $0["review_turnaround_p50_hours"], authored: Int($0["prs_opened"] ?? 0),
                    awaiting: awaiting[$0.author] ?? 0)
            }
        for (login, count) in awaiting where !reviewers.contains(where: { $0.login == login }) {
            reviewers.append(
                Reviewer(login: login, reviews: 0, turnaroundP50Hours: nil, authored: 0, awaiting: count))
        }
        reviewers = reviewers.filter { $0.reviews > 0 || $0.awaiting > 0 }
            .sorted { ($0.reviews, $0.awaiting, $1.login) > ($1.reviews, $1.awaiting, $0.login) }
        return VelocityOverview(
            org: filter.org, repo: filter.repo, author: filter.author,
            repos: Array(Set(perRepository.map(\.repo))).sorted(),
            current: try await totals(since: filter.since, until: filter.until),
            previous: try await totals(since: previousSince, until: filter.since), weeks: weeks,
            cycleTime: try await queries.cycleTime(), repositories: Array(repositories.prefix(10)),
            reviewers: Array(reviewers.prefix(12)), sizes: try await queries.sizes(),
            oldestOpen: try await queries.oldestOpen(now: now))
    }

    /// Every metric column, unmeasured: counts 0, times nil.
    static let empty: [String: Double?] = Dictionary(
        uniqueKeysWithValues: VelocityMetricsSQL.metricColumns.map { ($0, $0.hasSuffix("_hours") ? nil : 0) })

    /// The Monday on or before `day`.
    static func monday(of day: String) -> String {
        guard let date = ReportPeriod.date(day) else { return day }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekday = calendar.component(.weekday, from: date)  // 1 = Sunday
        return ReportPeriod.day(day, adding: -((weekday + 5) % 7))
    }

    /// The nearest-rank percentile `p` (0...1) of `values`, as the metric definitions take it.
    static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, Int((p * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }
}
