import EventLog
import Foundation
import Logging
import ServiceLifecycle
import Telemetry

/// Keeps the running collections' checkpoints in the bucket up to date: at start, then every `interval`. A
/// checkpoint that cannot be written is logged and tried again next time; it never stops the collection.
struct CheckpointWriter: Service {
    /// How often a running collection's checkpoint is written. Default 30 s.
    static let defaultInterval = Duration.seconds(30)

    let checkpoints: BucketCheckpoints
    let records: [CollectionRecord]
    let log: any EventLog
    let watched: [(group: String, topics: [String])]
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown {
                await write(status: "running")
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Writes every record's checkpoint with `status`; gives up after `limit` (a bucket out of reach must not hold
    /// a stopping collector).
    func write(status: String, limit: Duration = .seconds(3)) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var pending: Int64 = 0
                for (name, topics) in watched { pending += (try? await log.lag(group: name, topics: topics)) ?? 0 }
                for record in records {
                    do {
                        try await checkpoints.write(CollectionCheckpoint(record, status: status, pending: pending))
                    } catch {
                        logger.warning(
                            "could not write the collection's checkpoint to the bucket",
                            metadata: [
                                LogMetadataKeys.collectionID: "\(record.id)", "gcs.bucket": "\(checkpoints.bucket)",
                                LogMetadataKeys.error: "\(error)",
                            ])
                    }
                }
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }
}
