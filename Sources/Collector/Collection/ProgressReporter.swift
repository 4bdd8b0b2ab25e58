import Foundation
import GHRecords
import Logging
import Pipeline
import Synchronization
import Telemetry

/// Shows how much work is pending: a progress bar redrawn in place when stderr is a terminal, else a log line
/// at most every few seconds.
final class ProgressReporter: Sendable {
    private struct State {
        var lastReport = Date.distantPast
        var estimate = ProgressEstimate()
        var drawn = false
    }

    private let logger: Logger
    private let interval: TimeInterval
    private let terminal: Bool
    private let state = Mutex(State())

    init(logger: Logger, interval: TimeInterval = 5, terminal: Bool = ProgressReporter.stderrIsTerminal) {
        self.logger = logger
        self.terminal = terminal
        self.interval = terminal ? 0.25 : interval
    }

    static var stderrIsTerminal: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    func report(pending: Int64, wait: PipelineWait? = PipelineWait.current()) {
        let now = Date()
        let line: String? = state.withLock { state in
            state.estimate.observe(pending: pending, at: now)
            guard now.timeIntervalSince(state.lastReport) >= interval else { return nil }
            state.lastReport = now
            state.drawn = state.drawn || terminal
            let estimate = state.estimate
            return Self.bar(
                pending: pending, done: estimate.done, rate: estimate.rate, remaining: estimate.remaining(at: now),
                wait: wait, now: now)
        }
        guard let line else { return }
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            var metadata: Logger.Metadata = ["gh.pending_messages": "\(pending)"]
            if let wait, pending > 0 {
                metadata[LogMetadataKeys.waiting] = "\(wait.rendered(now: now))"
                metadata[LogMetadataKeys.notBefore] = "\(ISO8601Timestamp.format(wait.until))"
            }
            logger.info("collecting", metadata: metadata)
        }
    }

    /// Ends the bar's line, if one was drawn.
    func finish() {
        if state.withLock({ $0.drawn }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// `collecting [#########...........]  45%  1,204 pending  310 msg/s  eta 4s`: the share done and the time left
    /// as `ProgressEstimate` gives them (both only move forward). A wait, when there is one, is said instead of a
    /// rate: `waiting for the rate-limit reset at 00:33:10Z (rateLimited on ...)`.
    static func bar(
        pending: Int64, done: Double, rate: Double, remaining: Double?, wait: PipelineWait? = nil, now: Date = Date(),
        width: Int = 24
    ) -> String {
        let done = pending == 0 ? 1 : min(max(done, 0), 1)
        let filled = Int((done * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var line = "collecting [\(bar)] \(String(format: "%3d", Int(done * 100)))%  \(pending) pending"
        if let wait, pending > 0 {
            line += "  " + wait.rendered(now: now)
        } else if rate >= ProgressEstimate.minimumRate, pending > 0, let remaining {
            line += String(format: "  %.0f msg/s", rate)
            line += remaining <= maximumETA ? "  eta \(Int(remaining.rounded(.up)))s" : "  eta over a day"
        } else if pending > 0, rate > 0 {
            // The rate decays while nothing drains (a wait for a rate-limit reset): no estimate from a crawl.
            line += "  waiting"
        }
        return line
    }

    /// Estimates beyond a day are not printed in seconds (a decayed rate would give absurd ones).
    static let maximumETA: Double = 86_400
}
