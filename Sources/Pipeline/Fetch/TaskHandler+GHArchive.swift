import EventLog
import Foundation
import GHArchive
import GHRecords

extension TaskHandler {
    /// Events published per message batch while an hour is read.
    static let ghArchiveBatch = 2_000

    /// One GH Archive hour: streamed, decompressed, filtered and published in batches as it is read (never held
    /// whole). A line that is not an event is dead-lettered alone, with its number and why.
    func ghArchiveHour(
        _ task: FetchTask, source: GHArchiveSource, publish: ([OutgoingMessage]) async throws -> Void
    ) async throws -> TaskOutcome {
        guard let hour = task.since else { throw MalformedTask(reason: "gharchive_hour task without its hour (since)") }
        let owners = task.org == "*" ? [] : task.org.split(separator: ",").map(String.init)
        var reader = try GHArchiveReader(parser: GHArchiveEventParser(owners: owners))
        let name = GHArchiveHours.fileName(hour)
        let fetchedAt = Date()
        var pending: [OutgoingMessage] = []
        pending.reserveCapacity(Self.ghArchiveBatch + 64)
        let events = messages.records(GitHubEvent.self, collectionID: task.collectionId, fetchedAt: fetchedAt)
        let onEvent: (GitHubEvent) -> Void = { event in pending.append(events.message(event)) }
        let onRejection: (GHArchiveEventParser.Rejection, String) -> Void = { rejection, line in
            pending.append(messages.rejectedLine(line, of: name, task: task, rejection: rejection))
        }
        try await source.forEachChunk(of: hour) { chunk in
            // Parsing is CPU work that never suspends: a cancelled fetcher stops between chunks.
            try Task.checkCancellation()
            try chunk.withUnsafeBytes { try reader.feed($0, event: onEvent, rejection: onRejection) }
            if pending.count >= Self.ghArchiveBatch {
                try await publish(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        try reader.finish(event: onEvent, rejection: onRejection)
        logger.info(
            "GH Archive hour read",
            metadata: [
                "gharchive.hour": "\(name)", "gharchive.events": "\(reader.kept)",
                "gharchive.filtered_out": "\(reader.filteredOut)", "gharchive.rejected": "\(reader.rejected)",
                "gharchive.uncompressed_bytes": "\(reader.uncompressedBytes)",
            ])
        // The rest goes out with the task's commit, the hour's marker last.
        let marker = GHArchiveHourRecord(
            hour: hour, file: name, owners: task.org, events: reader.kept, filteredOut: reader.filteredOut,
            rejected: reader.rejected)
        pending.append(try messages.record(marker, collectionID: task.collectionId, fetchedAt: fetchedAt))
        return TaskOutcome(records: pending, children: [])
    }
}
