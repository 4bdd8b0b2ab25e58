import DurationConversion
import Foundation
import GHRecords
import Logging
import ServiceLifecycle

/// When a repeated collection of one scope is next due, as the ledger tells: `interval` after the start of the
/// scope's last run; now when it has none or one is unfinished. Kept in the ledger, so a restart keeps the cadence.
enum CollectionCadence {
    static func nextRun(of scope: [CollectionRecord], every interval: Duration, now: Date = Date()) -> Date {
        if scope.contains(where: { $0.status != .completed }) { return now }
        guard let last = scope.map(\.startedAt).max() else { return now }
        return last.addingTimeInterval(interval.inSeconds)
    }

    /// Waits until `due`, saying when that is; false when the process is stopped first.
    static func wait(until due: Date, logger: Logger) async -> Bool {
        let wait = due.timeIntervalSinceNow
        guard wait > 0 else { return true }
        logger.info("next collection scheduled", metadata: ["gh.next_run": "\(ISO8601Timestamp.format(due))"])
        do {
            try await cancelWhenGracefulShutdown { try await Task.sleep(for: Duration(timeInterval: wait)) }
        } catch {
            return false
        }
        return !Task.isShuttingDownGracefully && !Task.isCancelled
    }
}
