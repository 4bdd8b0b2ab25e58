import Foundation
import GitHubAPI
import Metrics
import Prometheus
import Synchronization
import Telemetry

/// The process's Prometheus registry, bootstrapped once as swift-metrics' backend, and its text exposition.
public enum PrometheusExporter {
    public static let registry = PrometheusCollectorRegistry()
    static let residentMemory = "ghstats_process_resident_memory_bytes"
    /// Every metric's `# HELP` text (swift-metrics has no place for it), by name.
    static let help: [String: String] = PipelineMetrics.help.merging(GitHubMetrics.help) { $1 }.merging(
        VelocityGauges.help
    ) { $1 }.merging([
        residentMemory: "Resident memory of the process in bytes."
    ]) { $1 }
    private static let bootstrapped = Mutex(false)

    /// Makes swift-metrics report into `registry` (once per process; later calls do nothing).
    public static func bootstrap() {
        bootstrapped.withLock { done in
            guard !done else { return }
            var factory = PrometheusMetricsFactory(registry: registry)
            factory.defaultDurationHistogramBuckets = [
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
                .seconds(30),
            ]
            MetricsSystem.bootstrap(factory)
            done = true
        }
    }

    /// The metrics in Prometheus' text format, with the process's resident memory read now.
    public static func render() -> String {
        if let resident = residentMemoryBytes() {
            Gauge(label: residentMemory).record(resident)
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        return withHelp(String(decoding: buffer, as: UTF8.self))
    }

    /// `text` with a `# HELP` line before each `# TYPE` line of a metric `help` describes.
    static func withHelp(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), let name = line.split(separator: " ").dropFirst(2).first,
                let help = help[String(name)]
            {
                lines.append("# HELP \(name) \(help)")
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Resident set size from `/proc/self/statm` (Linux); nil elsewhere.
    static func residentMemoryBytes() -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return nil }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
