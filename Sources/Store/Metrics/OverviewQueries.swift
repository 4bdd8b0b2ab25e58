import Foundation
import GHRecords
import SQLiteDB

/// The overview's questions the metric definitions do not cover, asked of the record tables: cycle-time stages,
/// sizes of merged pull requests, open pull requests and who they wait for. Bots' pull requests are left out, as the
/// metrics leave them out of the humans' figures.
struct OverviewQueries: Sendable {
    let store: SQLiteStore
    let filter: VelocityOverview.Filter

    /// `AND` conditions on the pull requests `p` the filter narrows to, and their arguments.
    private var narrowing: (sql: String, arguments: [SQLiteValue]) {
        var sql = " AND (p.author_type IS NULL OR p.author_type <> 'Bot')"
        var arguments: [SQLiteValue] = []
        if let repo = filter.repo {
            sql += " AND p.repo = ?"
            arguments.append(.text(repo))
        }
        if let author = filter.author {
            sql += " AND p.author_login = ?"
            arguments.append(.text(author))
        }
        return (sql, arguments)
    }

    /// Merged pull requests of the period and when each stage ended.
    func cycleTime() async throws -> [VelocityOverview.Stage] {
        let (sql, arguments) = narrowing
        let rows = try await store.query(
            """
            SELECT p.first_commit_at, p.created_at,
              (SELECT MIN(r.submitted_at) FROM reviews AS r WHERE r.org = p.org AND r.repo = p.repo
                AND r.pull_number = p.number AND r.submitted_at IS NOT NULL
                AND (p.author_login IS NULL OR r.author_login <> p.author_login)),
              (SELECT MIN(r.submitted_at) FROM reviews AS r WHERE r.org = p.org AND r.repo = p.repo
                AND r.pull_number = p.number AND r.state = 'APPROVED' AND r.submitted_at IS NOT NULL
                AND (p.author_login IS NULL OR r.author_login <> p.author_login)),
              p.merged_at
            FROM pull_requests AS p
            WHERE p.org = ? AND p.merged_at IS NOT NULL AND substr(p.merged_at, 1, 10) >= ?
              AND substr(p.merged_at, 1, 10) < ?\(sql)
            """, [.text(filter.org), .text(filter.since), .text(filter.until)] + arguments)
        var stages: [String: [Double]] = [:]
        for row in rows {
            let times = (0..<5).map { row.string($0).flatMap(ISO8601Timestamp.parse) }
            let (firstCommit, opened, firstReview, approval, merged) = (
                times[0], times[1], times[2], times[3], times[4]
            )
            func add(_ stage: String, _ from: Date?, _ to: Date?) {
                guard let from, let to, to >= from else { return }
                stages[stage, default: []].append(to.timeIntervalSince(from) / 3_600)
            }
            add("coding", firstCommit, opened)
            add("pickup", opened, firstReview)
            // An approval that is the first review has no review stage of its own: zero.
            add("review", firstReview, approval)
            add("merge", approval ?? firstReview, merged)
        }
        return ["coding", "pickup", "review", "merge"].map { name in
            VelocityOverview.Stage(
                name: name, p50Hours: VelocityOverview.percentile(stages[name] ?? [], 0.5),
                pullRequests: stages[name]?.count ?? 0)
        }
    }

    /// Merged pull requests of the period by lines changed.
    func sizes() async throws -> [VelocityOverview.SizeBucket] {
        let (sql, arguments) = narrowing
        let rows = try await store.query(
            """
            SELECT COALESCE(p.additions, 0) + COALESCE(p.deletions, 0) FROM pull_requests AS p
            WHERE p.org = ? AND p.merged_at IS NOT NULL AND substr(p.merged_at, 1, 10) >= ?
              AND substr(p.merged_at, 1, 10) < ? AND (p.additions IS NOT NULL OR p.deletions IS NOT NULL)\(sql)
            """, [.text(filter.org), .text(filter.since), .text(filter.until)] + arguments)
        var counts = Array(repeating: 0, count: VelocityOverview.sizeBuckets.count)
        for row in rows {
            let lines = row.int(0) ?? 0
            let index =
                VelocityOverview.sizeBuckets.firstIndex { $0.upTo.map { lines <= $0 } ?? true }
                ?? counts.count - 1
            counts[index] += 1
        }
        return zip(VelocityOverview.sizeBuckets, counts).map {
            VelocityOverview.SizeBucket(label: $0.0.label, upTo: $0.0.upTo, pullRequests: $0.1)
        }
    }

    /// Open pull requests (not drafts), oldest first.
    func oldestOpen(now: Date, limit: Int = 10) async throws -> [VelocityOverview.OpenPullRequest] {
        let (sql, arguments) = narrowing
        let rows = try await store.query(
            """
            SELECT p.repo, p.number, p.title, p.author_login, p.created_at, p.requested_reviewers,
              (SELECT COUNT(*) FROM reviews AS r WHERE r.org = p.org AND r.repo = p.repo AND r.pull_number = p.number)
            FROM pull_requests AS p
            WHERE p.org = ? AND p.state = 'open' AND p.draft = 0\(sql)
            ORDER BY p.created_at, p.repo, p.number LIMIT \(limit)
            """, [.text(filter.org)] + arguments)
        return rows.map { row in
            let created = row.string(4) ?? ""
            let requested = (try? JSONDecoder().decode([String].self, from: Data((row.string(5) ?? "[]").utf8))) ?? []
            return VelocityOverview.OpenPullRequest(
                repo: row.string(0) ?? "", number: row.int(1) ?? 0, title: row.string(2) ?? "",
                author: row.string(3), createdAt: created,
                ageDays: ISO8601Timestamp.parse(created).map { now.timeIntervalSince($0) / 86_400 } ?? 0,
                reviews: row.int(6) ?? 0, awaiting: requested)
        }
    }

    /// Per login (or team), the open pull requests (not drafts) whose review is requested from them now.
    func awaitingReview() async throws -> [String: Int] {
        var sql = ""
        var arguments: [SQLiteValue] = [.text(filter.org)]
        if let repo = filter.repo {
            sql = " AND p.repo = ?"
            arguments.append(.text(repo))
        }
        var counts: [String: Int] = [:]
        for row in try await store.query(
            """
            SELECT requested.value, COUNT(*) FROM pull_requests AS p, json_each(p.requested_reviewers) AS requested
            WHERE p.org = ? AND p.state = 'open' AND p.draft = 0\(sql)
            GROUP BY requested.value
            """, arguments)
        {
            if let login = row.string(0) { counts[login] = row.int(1) ?? 0 }
        }
        return counts
    }
}
