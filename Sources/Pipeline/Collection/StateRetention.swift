import EventLog
import Foundation
import GitHubAPI
import Logging

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

    /// Applies both bounds; blocking SQLite work, run on its own thread.
    public func apply(log: EmbeddedLog, watched: [(group: String, topics: [String])]) async {
        let required = Self.required(watched)
        await Self.offPool { [configuration, logger] in
            do {
                let report = try log.applyRetention(configuration.logRetention, required: required)
                if report.deletedMessages > 0 {
                    logger.info(
                        "embedded log trimmed",
                        metadata: ["gh.deleted_messages": "\(report.deletedMessages)",
                                   "gh.reclaimed_pages": "\(report.reclaimedPages)"])
                }
            } catch {
                logger.warning("embedded log retention failed", metadata: ["gh.error": "\(error)"])
            }
            guard configuration.conditionalRequests,
                FileManager.default.fileExists(atPath: configuration.responseCachePath)
            else { return }
            do {
                let dropped = try ResponseCache(path: configuration.responseCachePath)
                    .trim(configuration.responseCacheLimits, baseURL: configuration.github.baseURL)
                if dropped > 0 { logger.info("response cache trimmed", metadata: ["gh.dropped_entries": "\(dropped)"]) }
            } catch {
                logger.warning("response cache trim failed", metadata: ["gh.error": "\(error)"])
            }
        }
    }

    /// Runs `body` on a thread of its own, so the cooperative pool is not held by SQLite.
    static func offPool(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                body()
                continuation.resume()
            }
        }
    }
}
