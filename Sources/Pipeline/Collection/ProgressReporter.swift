import Foundation
import Logging
import Synchronization

/// Logs how much work is pending, at most every few seconds.
final class ProgressReporter: Sendable {
    private let logger: Logger
    private let interval: TimeInterval
    private let last = Mutex<Date>(.distantPast)

    init(logger: Logger, interval: TimeInterval = 5) {
        self.logger = logger
        self.interval = interval
    }

    func report(pending: Int64) {
        let due = last.withLock { last in
            guard Date().timeIntervalSince(last) >= interval else { return false }
            last = Date()
            return true
        }
        if due { logger.info("collecting", metadata: ["gh.pending_messages": "\(pending)"]) }
    }
}
