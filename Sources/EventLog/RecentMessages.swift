import Synchronization

/// The newest messages this process appended, per partition, after their transaction committed: consumers in
/// the same process read what was just published from memory instead of from the file (as Kafka readers are
/// served from the page cache). Bounded by bytes; the oldest appends are forgotten first.
final class RecentMessages: Sendable {
    private struct Run {
        /// Contiguous offsets, `messages[0].offset` first.
        var messages: [LogMessage] = []
        var end: Int64 { (messages.last?.offset ?? -1) + 1 }
    }

    private struct State {
        var runs: [TopicPartition: Run] = [:]
        /// Appends in order (partition, messages, bytes): what to forget first when over budget.
        var appends: [(partition: TopicPartition, count: Int, bytes: Int)] = []
        var firstAppend = 0
        var bytes = 0
    }

    private let budget: Int
    private let state = Mutex(State())

    /// - Parameter budget: bytes of message values and keys kept at most; 0 keeps nothing.
    init(budget: Int) {
        self.budget = budget
    }

    /// Records committed messages. A run that does not continue where the partition's last one ended (another
    /// process appended in between) replaces it.
    func add(_ messages: [LogMessage]) {
        guard budget > 0, !messages.isEmpty else { return }
        var grouped: [TopicPartition: [LogMessage]] = [:]
        for message in messages { grouped[message.topicPartition, default: []].append(message) }
        state.withLock { state in
            for (partition, appended) in grouped {
                let bytes = appended.reduce(0) { $0 + Self.size($1) }
                if let run = state.runs[partition], run.end != appended[0].offset {
                    state.bytes -= run.messages.reduce(0) { $0 + Self.size($1) }
                    for index in state.firstAppend..<state.appends.count
                    where state.appends[index].partition == partition {
                        state.appends[index].count = 0
                        state.appends[index].bytes = 0
                    }
                    state.runs[partition] = nil
                }
                // Appended in place: a copy of the run taken out of the dictionary would copy all its messages.
                state.runs[partition, default: Run()].messages += appended
                state.appends.append((partition, appended.count, bytes))
                state.bytes += bytes
            }
            while state.bytes > budget, state.firstAppend < state.appends.count {
                let oldest = state.appends[state.firstAppend]
                state.firstAppend += 1
                guard oldest.count > 0, let held = state.runs[oldest.partition]?.messages.count else { continue }
                if oldest.count >= held {
                    state.runs[oldest.partition] = nil
                } else {
                    state.runs[oldest.partition]?.messages.removeFirst(oldest.count)
                }
                state.bytes -= oldest.bytes
            }
            if state.firstAppend > 1_024, state.firstAppend * 2 > state.appends.count {
                state.appends.removeFirst(state.firstAppend)
                state.firstAppend = 0
            }
        }
    }

    /// Up to `limit` messages of `partition` from `offset` on, when this process holds that offset; nil when
    /// it does not (the caller reads the file).
    func read(_ partition: TopicPartition, from offset: Int64, limit: Int) -> [LogMessage]? {
        state.withLock { state in
            guard let run = state.runs[partition], let first = run.messages.first?.offset,
                offset >= first, offset < run.end
            else { return nil }
            let start = Int(offset - first)
            return Array(run.messages[start..<min(run.messages.count, start + limit)])
        }
    }

    private static func size(_ message: LogMessage) -> Int {
        message.value.count + (message.key?.utf8.count ?? 0) + 64
    }
}
