import CloudStore
import EventLog
import Foundation
import GHRecords

extension TaskHandler {
    /// One day of the BigQuery `githubarchive` dataset: queried, turned into events and published in batches.
    /// A row without an id, a time or a repository is dead-lettered with its values.
    func ghArchiveBigQueryDay(
        _ task: FetchTask, source: GHArchiveBigQuerySource?, publish: ([OutgoingMessage]) async throws -> Void
    ) async throws -> TaskOutcome {
        guard let source else {
            throw MalformedTask(
                reason: "gharchive_bigquery task, but no BigQuery source is configured (BIGQUERY_PROJECT_ID)")
        }
        guard let since = task.since, let until = task.until else {
            throw MalformedTask(reason: "gharchive_bigquery task without its day (since, until)")
        }
        let owners = task.org == "*" ? [] : task.org.split(separator: ",").map(String.init)
        let query = GHArchiveQuery(source: source.source, from: since, to: until, owners: owners)
        let rows = try await source.rows(query)
        let fetchedAt = Date()
        var pending: [OutgoingMessage] = []
        var kept = 0
        let events = messages.records(GitHubEvent.self, collectionID: task.collectionId, fetchedAt: fetchedAt)
        for (index, row) in rows.enumerated() {
            if let event = GHArchiveQuery.event(row) {
                pending.append(events.message(event))
                kept += 1
            } else {
                let values = row.map { $0.map { "\"\($0.prefix(200))\"" } ?? "null" }.joined(separator: ",")
                pending.append(
                    OutgoingMessage(
                        topic: messages.topics.recordDeadLetters, key: "bigquery:\(task.summary)#\(index)",
                        value: Array("[\(values)]".utf8),
                        headers: [
                            MessageHeaders.collectionID: task.collectionId,
                            MessageHeaders.deadLetterReason: "invalid_bigquery_row",
                            MessageHeaders.deadLetterError:
                                "row \(index) of \(task.summary) has no id, time or owner/name repository",
                            MessageHeaders.deadLetterAttempts: "1",
                        ]))
            }
            if pending.count >= Self.ghArchiveBatch {
                try await publish(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        logger.info(
            "githubarchive day read from BigQuery",
            metadata: [
                "gharchive.day": "\(ISO8601Timestamp.format(since))", "gharchive.events": "\(kept)",
                "bq.bytes_billed_total": "\(source.usage.bytesBilled)",
            ])
        return TaskOutcome(records: pending, children: [])
    }
}
