import Collector
import Foundation
import Logging

/// Prints a collection's summary and picks the exit code.
enum CollectionReport {
    /// Every task done and no dead letter.
    static let success: Int32 = 0
    /// Done, but some tasks were dead-lettered (listed): data is incomplete.
    static let completedWithDeadLetters: Int32 = 3
    /// Stopped (signal) before done: resume it.
    static let interrupted: Int32 = 4

    static func print(_ summary: CollectionSummary) -> Int32 {
        let collection = summary.collection
        let status = summary.completed ? "completed" : "interrupted"
        Swift.print(
            "collection \(collection.id) (\(collection.organizations.joined(separator: ", ")), \(collection.window.spec)): \(status)"
        )
        let counts = summary.counts
        var rows: [(String, Int)] = [
            ("repositories", counts.repositories), ("pull_requests", counts.pullRequests),
            ("reviews", counts.reviews), ("review_comments", counts.reviewComments),
            ("issue_comments", counts.issueComments), ("commits", counts.commits),
        ]
        // GH Archive's events: shown where a collection brought or left some.
        if collection.source == .gharchive || counts.events > 0 { rows.append(("events", counts.events)) }
        Swift.print("  table             rows in store")
        for (table, count) in rows {
            Swift.print("  " + table.padding(toLength: 18, withPad: " ", startingAt: 0) + String(count))
        }
        if !summary.metricsRows.isEmpty {
            let stores = summary.metricsRows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            Swift.print("velocity metric rows derived: \(stores.joined(separator: ", ")) (ghstats report)")
        }
        if summary.deadLetters.isEmpty {
            Swift.print("dead-lettered tasks: 0")
        } else {
            Swift.print(
                "dead-lettered tasks: \(summary.deadLetters.count) (data for these is missing; see table dead_letters)")
            for letter in summary.deadLetters.prefix(20) {
                Swift.print("  - \(letter.subject): \(letter.reason): \(letter.error)")
            }
            if summary.deadLetters.count > 20 { Swift.print("  ... and \(summary.deadLetters.count - 20) more") }
        }
        if !summary.completed {
            Swift.print("resume with: ghstats resume --collection-id \(collection.id)")
            return interrupted
        }
        return summary.deadLetters.isEmpty ? success : completedWithDeadLetters
    }
}

extension PipelineFlags {
    /// Posts a failed or incomplete collection to `ALERT_WEBHOOK_URL`, when one is set.
    func alert(_ summary: CollectionSummary, logger: Logger) async throws {
        guard let webhook = try webhook(logger: logger), let alert = CollectionAlert.after(summary) else { return }
        await webhook.post(alert)
    }
}
