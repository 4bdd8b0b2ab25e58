import EventLog
import Logging
import ServiceLifecycle

/// Applies `StateRetention` every `interval` in a long-running role (fetch, persist, serve) until shutdown.
public struct RetentionService: Service {
    let retention: StateRetention
    let log: EmbeddedLog
    let watched: [(group: String, topics: [String])]
    let interval: Duration

    /// `interval` defaults to one hour.
    public init(
        retention: StateRetention, log: EmbeddedLog, watched: [(group: String, topics: [String])],
        interval: Duration = .seconds(3_600)
    ) {
        self.retention = retention
        self.log = log
        self.watched = watched
        self.interval = interval
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            await retention.apply(log: log, watched: watched)
        }
    }
}
