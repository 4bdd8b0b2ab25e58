import EventLog
import GHRecords

/// What handling one task produced: record messages and child tasks (next pages, per-PR work).
struct TaskOutcome: Sendable {
    var records: [OutgoingMessage] = []
    var children: [FetchTask] = []
}
