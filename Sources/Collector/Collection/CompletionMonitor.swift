import EventLog
import Logging
import ServiceLifecycle
import Telemetry

/// Watches the groups' lag and returns once every task is fetched and every record stored, which ends
/// an in-process collection (its service configuration shuts the group down gracefully on return).
struct CompletionMonitor: Service {
    let log: any EventLog
    /// Group and topics that must reach zero lag.
    let watched: [(group: String, topics: [String])]
    let interval: Duration
    let onProgress: @Sendable (Int64) -> Void

    func run() async throws {
        var idleChecks = 0
        while !Task.isShuttingDownGracefully {
            try await Task.sleep(for: interval)
            var lag: Int64 = 0
            for (group, topics) in watched {
                let groupLag = try await log.lag(group: group, topics: topics)
                PipelineMetrics.lag(group: group, messages: groupLag)
                lag += groupLag
            }
            onProgress(lag)
            idleChecks = lag == 0 ? idleChecks + 1 : 0
            // Twice in a row: a commit and the publish it carried are one transaction, so zero lag is final.
            if idleChecks >= 2 { return }
        }
    }
}
