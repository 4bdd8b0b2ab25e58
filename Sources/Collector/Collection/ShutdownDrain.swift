import EventLog
import ServiceLifecycle

/// Holds a graceful shutdown between the fetcher and the persisters: registered after the persisters and
/// before the fetcher, it is told to stop once the fetcher has stopped, and returns when the persisters have
/// stored what is on their topics or `deadline` has passed, whichever is first; then the persisters stop.
struct ShutdownDrain: Service {
    let log: any EventLog
    /// The persisters' groups and topics.
    let watched: [(group: String, topics: [String])]
    let deadline: Duration

    func run() async throws {
        do { try await gracefulShutdown() } catch { return }
        let end = ContinuousClock.now + deadline
        while ContinuousClock.now < end, !Task.isCancelled {
            var lag: Int64 = 0
            for (group, topics) in watched { lag += (try? await log.lag(group: group, topics: topics)) ?? 0 }
            if lag == 0 { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
