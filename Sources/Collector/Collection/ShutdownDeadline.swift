import Dispatch
import DurationConversion
import Foundation
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The last resort of "every process stops within 10 s of SIGTERM". Armed by the CLI: after the first SIGTERM or
/// SIGINT, a process still running a service group ends 9.5 s later with exit code 4, saying so on stderr (a
/// service that ignored cancellation would otherwise keep it alive, and ServiceLifecycle's own bound crashes the
/// process). Outside a service group the signal ends the process at once with 128+N, as its default action would.
/// Library users and the tests leave it unarmed.
public enum ShutdownDeadline {
    /// How long after the signal the process may still run.
    public static let limit = Duration.milliseconds(9_500)
    private static let runningGroups = Atomic<Int>(0)
    private static let armed = Atomic<Bool>(false)

    /// Watches SIGTERM and SIGINT for this process's whole life.
    public static func arm() {
        guard !armed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        Task.detached {
            let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
            for await signal in signals {
                guard runningGroups.load(ordering: .acquiring) > 0 else { end(code: 128 + signal.rawValue) }
                DispatchQueue.global().asyncAfter(deadline: .now() + limit.inSeconds) {
                    FileHandle.standardError.write(
                        Data("ghstats: still running \(limit) after \(signal); stopped without the rest\n".utf8))
                    end(code: 4)
                }
                return
            }
        }
    }

    /// Runs `group` (bounded: see `ServiceGroupConfiguration.bounded()`), counted as running for the deadline.
    public static func run(_ group: ServiceGroup) async throws {
        runningGroups.add(1, ordering: .acquiringAndReleasing)
        defer { runningGroups.subtract(1, ordering: .acquiringAndReleasing) }
        try await group.run()
    }

    private static func end(code: Int32) -> Never {
        fflush(nil)
        _exit(code)
    }
}
