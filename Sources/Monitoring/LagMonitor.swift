import EventLog
import Logging
import ServiceLifecycle
import Telemetry

/// Reports each watched consumer group's lag as `ghstats_consumer_lag_messages`, every `interval`, for the role
/// processes (in-process collections report it from their completion monitor).
public struct LagMonitor: Service {
    let log: any EventLog
    let watched: [(group: String, topics: [String])]
    let interval: Duration
    let logger: Logger

    public init(
        log: any EventLog, watched: [(group: String, topics: [String])], interval: Duration = .seconds(15),
        logger: Logger
    ) {
        self.log = log
        self.watched = watched
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully {
            for (group, topics) in watched {
                do {
                    PipelineMetrics.lag(group: group, messages: try await log.lag(group: group, topics: topics))
                } catch {
                    logger.warning(
                        "could not read consumer lag", metadata: ["gh.group": "\(group)", "gh.error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
            if Task.isCancelled { return }
        }
    }
}
