import Foundation
import Metrics
import Prometheus
import Synchronization

/// The process's Prometheus registry, bootstrapped once as swift-metrics' backend, and its text exposition.
public enum PrometheusExporter {
    public static let registry = PrometheusCollectorRegistry()
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
            Gauge(label: "ghstats_process_resident_memory_bytes").record(resident)
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Resident set size from `/proc/self/statm` (Linux); nil elsewhere.
    static func residentMemoryBytes() -> Int64? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return nil }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
