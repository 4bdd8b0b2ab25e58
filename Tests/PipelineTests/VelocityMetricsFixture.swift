import EventLog
import Foundation
import GHRecords
import Store

/// A small organisation whose velocity metrics were worked out by hand (schemas/metrics/README.md, "golden
/// fixture"): two days, a bot that has no `[bot]` suffix, a human whose login ends in `-bot`, a draft, a review
/// of one's own pull request.
enum VelocityMetricsFixture {
    static let day0 = "2025-03-03"
    static let day1 = "2025-03-04"

    static func at(_ day: String, _ hour: Int) -> Date {
        ISO8601Timestamp.parse("\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z")!
    }

    static func pull(
        _ number: Int, _ author: String, type: String = "User", created: Date, merged: Date? = nil, closed: Date? = nil,
        draft: Bool = false, additions: Int = 0, deletions: Int = 0, firstCommit: Date? = nil
    ) -> PullRequest {
        PullRequest(
            id: Int64(100 + number), org: "acme", repo: "api", number: number, title: "PR \(number)",
            state: (merged ?? closed) == nil ? "open" : "closed", authorLogin: author, authorType: type, draft: draft,
            createdAt: created, updatedAt: merged ?? closed ?? created, closedAt: merged ?? closed, mergedAt: merged,
            merged: merged != nil, mergedBy: nil, additions: additions, deletions: deletions, changedFiles: 1,
            commits: 1, comments: 0, reviewComments: 0, labels: [], requestedReviewers: [], baseRef: "main",
            headRef: "f",
            firstCommitAt: firstCommit)
    }

    static func review(_ id: Int64, _ pull: Int, _ author: String, _ at: Date) -> Review {
        Review(
            id: id, org: "acme", repo: "api", pullNumber: pull, authorLogin: author, authorType: "User",
            state: "COMMENTED", submittedAt: at, commitId: nil, body: "")
    }

    static func commit(_ sha: String, _ author: String, _ at: Date) -> Commit {
        Commit(
            org: "acme", repo: "api", sha: sha, authorLogin: author, authorName: author, committerLogin: author,
            authoredAt: at, committedAt: at, message: "m", parentCount: 1)
    }

    static var records: [any GHRecord] {
        [
            pull(
                1, "alice", created: at(day0, 9), merged: at(day1, 9), additions: 10, deletions: 2,
                firstCommit: at(day0, 8)),
            pull(
                2, "alice", created: at(day0, 10), merged: at(day1, 16), additions: 5, deletions: 5,
                firstCommit: at(day0, 10)),
            pull(3, "bob", created: at(day0, 12), closed: at(day1, 12)),
            pull(
                4, "renovate-helper", type: "Bot", created: at(day0, 8), merged: at(day0, 9), additions: 100,
                firstCommit: at(day0, 7)),
            pull(5, "carol", created: at(day0, 11), draft: true),
            pull(6, "dave-bot", created: at(day1, 8)),
            review(1, 1, "bob", at(day0, 11)),
            review(2, 1, "carol", at(day0, 15)),
            review(3, 1, "alice", at(day0, 16)),
            review(4, 2, "bob", at(day1, 10)),
            review(5, 5, "bob", at(day0, 12)),
            review(6, 3, "alice", at(day0, 13)),
            IssueComment(
                id: 1, org: "acme", repo: "api", issueNumber: 1, authorLogin: "bob", authorType: "User",
                body: "", createdAt: at(day0, 12), updatedAt: at(day0, 12)),
            IssueComment(
                id: 2, org: "acme", repo: "api", issueNumber: 4, authorLogin: "renovate-helper",
                authorType: "Bot", body: "", createdAt: at(day0, 8), updatedAt: at(day0, 8)),
            ReviewComment(
                id: 3, org: "acme", repo: "api", pullNumber: 2, reviewId: 4, inReplyToId: nil,
                authorLogin: "carol", authorType: "User", path: "a", body: "", createdAt: at(day1, 11),
                updatedAt: at(day1, 11)),
            commit("a1", "alice", at(day0, 9)), commit("a2", "alice", at(day0, 10)),
            commit("b1", "bob", at(day1, 9)), commit("r1", "renovate-helper", at(day0, 8)),
            // An author whose email belongs to no GitHub account: counted by the git author's name (definition v3).
            Commit(
                org: "acme", repo: "api", sha: "o1", authorLogin: nil, authorName: "Jane Outside", committerLogin: nil,
                authoredAt: at(day1, 7), committedAt: at(day1, 7), message: "m", parentCount: 1),
        ]
    }

    /// The records as messages on their topics.
    static func messages() throws -> [OutgoingMessage] {
        let topics = TopicNames()
        return try records.map { record in
            OutgoingMessage(
                topic: topics.records(type(of: record).recordType), key: record.naturalKey,
                value: try RecordCoding.encode(record), headers: [MessageHeaders.collectionID: "golden"])
        }
    }

    /// Hand-worked expectations: (day, author) -> column -> value; columns not named are 0 (counts) or nil.
    static let expected: [String: [String: Double]] = [
        "\(day0)/alice": [
            "prs_opened": 2, "time_to_first_review_p50_hours": 2, "time_to_first_review_p90_hours": 2,
            "review_turnaround_p50_hours": 1, "reviews_given": 1, "commits": 2,
        ],
        "\(day0)/bob": [
            "prs_opened": 1, "time_to_first_review_p50_hours": 1, "time_to_first_review_p90_hours": 1,
            "review_turnaround_p50_hours": 1, "reviews_given": 2, "comments": 1,
        ],
        "\(day0)/carol": ["prs_opened": 1, "review_turnaround_p50_hours": 6, "reviews_given": 1],
        "\(day0)/renovate-helper": [
            "prs_opened": 1, "prs_merged": 1, "time_to_merge_p50_hours": 1,
            "time_to_merge_p90_hours": 1, "lines_added": 100, "comments": 1, "commits": 1,
            "lead_time_p50_hours": 2, "lead_time_p90_hours": 2,
        ],
        "\(day0)/*": [
            "prs_opened": 4, "time_to_first_review_p50_hours": 1, "time_to_first_review_p90_hours": 2,
            "review_turnaround_p50_hours": 1, "reviews_given": 4, "comments": 1, "commits": 2,
        ],
        "\(day1)/alice": [
            "prs_merged": 2, "time_to_merge_p50_hours": 24, "time_to_merge_p90_hours": 30,
            "lines_added": 15, "lines_deleted": 7, "time_to_first_review_p50_hours": 24,
            "time_to_first_review_p90_hours": 24, "lead_time_p50_hours": 25, "lead_time_p90_hours": 30,
        ],
        "\(day1)/bob": ["prs_closed": 1, "review_turnaround_p50_hours": 24, "reviews_given": 1, "commits": 1],
        "\(day1)/carol": ["comments": 1],
        "\(day1)/Jane Outside": ["commits": 1],
        "\(day1)/dave-bot": ["prs_opened": 1],
        "\(day1)/*": [
            "prs_opened": 1, "prs_merged": 2, "prs_closed": 1, "time_to_merge_p50_hours": 24,
            "time_to_merge_p90_hours": 30, "time_to_first_review_p50_hours": 24,
            "time_to_first_review_p90_hours": 24, "review_turnaround_p50_hours": 24, "reviews_given": 1,
            "comments": 1, "lines_added": 15, "lines_deleted": 7, "commits": 2,
            "lead_time_p50_hours": 25, "lead_time_p90_hours": 30,
        ],
    ]

    static let countColumns: Set<String> = [
        "prs_opened", "prs_merged", "prs_closed", "reviews_given", "comments", "lines_added", "lines_deleted",
        "commits",
    ]

    /// Where `rows` differ from the expectations (empty when they match exactly).
    static func differences(_ rows: [VelocityMetricsRow]) -> [String] {
        var problems: [String] = []
        let byKey = Dictionary(rows.map { ("\($0.day)/\($0.author)", $0) }, uniquingKeysWith: { first, _ in first })
        if Set(byKey.keys) != Set(expected.keys) {
            problems.append("rows \(byKey.keys.sorted()) != \(expected.keys.sorted())")
        }
        for (key, values) in expected {
            guard let row = byKey[key] else { continue }
            for column in VelocityMetricsSQL.metricColumns {
                let want: Double? = values[column] ?? (countColumns.contains(column) ? 0 : nil)
                let got = row[column]
                if want != got {
                    problems.append("\(key) \(column): \(String(describing: got)) != \(String(describing: want))")
                }
            }
        }
        return problems
    }
}
