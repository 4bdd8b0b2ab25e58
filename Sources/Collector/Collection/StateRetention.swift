import EventLog
import Foundation
import GitHubAPI
import Logging
import Pipeline

/// Trims the state dir at a quiet point: consumed messages of the embedded log past `logRetention`, and
/// `responses.db` to its limits. Failures are logged, never thrown: a trim that fails costs only disk.
public struct StateRetention: Sendable {
    let configuration: PipelineConfiguration
    let logger: Logger

    public init(configuration: PipelineConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Topic → groups that must have read a message before it is deleted, from the stages' (group, topics).
    public static func required(_ watched: [(group: String, topics: [String])]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (group, topics) in watched {
            for topic in topics { result[topic, default: []].append(group) }
        }
        return result
    }

    /// Applies both bounds (the SQLite work runs on each file's own queue, off the cooperative pool).
    public func apply(log: EmbeddedLog, watched: [(group: String, topics: [String])]) async {
        do {
            let report = try await log.applyRetention(configuration.logRetention, required: Self.required(watched))
            if report.deletedMessages > 0 {
                logger.info(
                    "embedded log trimmed",
                    metadata: [
                        "gh.deleted_messages": "\(report.deletedMessages)",
                        "gh.reclaimed_pages": "\(report.reclaimedPages)",
                    ])
            }
        } catch {
            logger.warning("embedded log retention failed", metadata: ["gh.error": "\(error)"])
        }
        guard configuration.conditionalRequests, FileManager.default.fileExists(atPath: configuration.responseCachePath)
        else { return }
        do {
            let cache = try ResponseCache(path: configuration.responseCachePath)
            let dropped = try await cache.trim(configuration.responseCacheLimits, baseURL: configuration.github.baseURL)
            await cache.close()
            if dropped > 0 { logger.info("response cache trimmed", metadata: ["gh.dropped_entries": "\(dropped)"]) }
        } catch {
            logger.warning("response cache trim failed", metadata: ["gh.error": "\(error)"])
        }
    }
}
