import DurationConversion
import Foundation
import GHRecords

/// One run of `ghstats scheduled`, as reported when it ends.
public struct ScheduledRun: Sendable {
    public var summary: CollectionSummary
    /// Wall time of the run.
    public var duration: Duration
    /// When the next run is due.
    public var nextRun: Date

    /// One line for logs and pipes: id, status, row counts, dead letters, duration, next run.
    public var line: String {
        let counts = summary.counts
        let status =
            summary.completed
            ? (summary.deadLetters.isEmpty ? "completed" : "completed_with_dead_letters")
            : "interrupted"
        return "scheduled run \(summary.collection.id) \(status) repositories=\(counts.repositories) "
            + "pull_requests=\(counts.pullRequests) reviews=\(counts.reviews) "
            + "review_comments=\(counts.reviewComments) issue_comments=\(counts.issueComments) "
            + "commits=\(counts.commits) dead_letters=\(summary.deadLetters.count) "
            + "duration=\(String(format: "%.1f", duration.inSeconds))s next_run=\(ISO8601Timestamp.format(nextRun))"
    }
}
