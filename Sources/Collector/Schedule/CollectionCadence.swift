import DurationConversion
import Foundation

/// When a repeated collection of one scope is next due, as the ledger tells: `interval` after the start of the
/// scope's last run; now when it has none or one is unfinished. Kept in the ledger, so a restart keeps the cadence.
enum CollectionCadence {
    static func nextRun(of scope: [CollectionRecord], every interval: Duration, now: Date = Date()) -> Date {
        if scope.contains(where: { $0.status != .completed }) { return now }
        guard let last = scope.map(\.startedAt).max() else { return now }
        return last.addingTimeInterval(interval.inSeconds)
    }
}
