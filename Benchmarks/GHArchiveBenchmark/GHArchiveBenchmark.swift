import ArgumentParser
import Collector
import EventLog
import Foundation
import GHArchive
import GHRecords
import Logging
import Pipeline
import Store

/// Ingests one GH Archive hour into SQLite (the whole pipeline, embedded log) and prints events/s, MB/s
/// (uncompressed) and CPU time beside the baseline `zcat FILE | jq -c '{id,type,repo:.repo.name}' > /dev/null`.
@main
struct GHArchiveBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ghstats-gharchive-bench")

    @Option(help: "A GH Archive hour file.") var file: String = "Tests/Fixtures/gharchive/2015-01-01-12.json.gz"
    @Option(help: "Runs of each measurement (the best is printed).") var runs: Int = 3
    @Flag(help: "Only the pipeline, `runs` times (for a profiler).") var pipelineOnly = false
    @Flag(
        help: """
            Also time the pipeline's stages apart: encoding and decoding records, appending them to the embedded \
            log, persisting them into SQLite.
            """)
    var stages = false

    struct Measure {
        var seconds: Double
        var cpuSeconds: Double
    }

    func run() async throws {
        let url = URL(fileURLWithPath: file).standardizedFileURL
        if pipelineOnly {
            for _ in 0..<runs {
                let measure = try await ingest(url)
                print(String(format: "pipeline: %.3f s wall, %.3f CPU s", measure.seconds, measure.cpuSeconds))
            }
            return
        }
        let data = try Data(contentsOf: url)
        var events = 0
        var uncompressed = 0
        let parseOnly = try best {
            var reader = try GHArchiveReader(parser: GHArchiveEventParser())
            var count = 0
            try data.withUnsafeBytes { try reader.feed($0, event: { _ in count += 1 }, rejection: { _, _ in }) }
            try reader.finish(event: { _ in count += 1 }, rejection: { _, _ in })
            events = count
            uncompressed = reader.uncompressedBytes
        }
        let baseline = try best { try Self.shell("zcat '\(url.path)' | jq -c '{id,type,repo:.repo.name}' > /dev/null") }
        var pipelineRuns: [Measure] = []
        for _ in 0..<runs { pipelineRuns.append(try await ingest(url)) }
        let pipeline = pipelineRuns.min { $0.seconds < $1.seconds }!
        let megabytes = Double(uncompressed) / 1_000_000
        print(
            "GH Archive benchmark: \(url.lastPathComponent), \(events) events, \(String(format: "%.1f", megabytes)) MB uncompressed; best of \(runs)"
        )
        print(
            "what                                                   wall s   events/s     MB/s   CPU s   events per CPU-s"
        )
        func line(_ name: String, _ measure: Measure) {
            print(
                name.padding(toLength: 52, withPad: " ", startingAt: 0)
                    + String(
                        format: " %7.3f  %9.0f  %7.1f  %6.3f  %17.0f", measure.seconds,
                        Double(events) / measure.seconds,
                        megabytes / measure.seconds, measure.cpuSeconds, Double(events) / max(measure.cpuSeconds, 1e-6))
            )
        }
        line("baseline: zcat | jq -c '{id,type,repo:.repo.name}'", baseline)
        line("ghstats: decompress + parse (GHArchiveReader)", parseOnly)
        line("ghstats: hour -> events topic -> SQLite (pipeline)", pipeline)
        if stages { try await printStages(data, line: line) }
    }

    /// The pipeline's CPU-heavy steps one by one, on the hour's events in memory.
    func printStages(_ data: Data, line: (String, Measure) -> Void) async throws {
        var events: [GitHubEvent] = []
        var reader = try GHArchiveReader(parser: GHArchiveEventParser())
        try data.withUnsafeBytes { try reader.feed($0, event: { events.append($0) }, rejection: { _, _ in }) }
        try reader.finish(event: { events.append($0) }, rejection: { _, _ in })
        var encoded: [[UInt8]] = []
        line(
            "  stage: encode records (RecordCoding)",
            try best { encoded = try events.map { try RecordCoding.encode($0) } })
        line(
            "  stage: decode records (RecordCoding)",
            try best {
                for bytes in encoded { _ = try RecordCoding.decode(GitHubEvent.self, from: bytes) }
            })
        let topic = TopicNames().records(.event)
        let messages = zip(events, encoded).map { event, value in
            OutgoingMessage(
                topic: topic, key: event.naturalKey, value: value,
                headers: [
                    MessageHeaders.schema: "event/1", MessageHeaders.collectionID: "bench",
                    MessageHeaders.fetchedAt: "2026-01-01T00:00:00Z",
                ])
        }
        var appends: [Measure] = []
        var persists: [Measure] = []
        for _ in 0..<runs {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ghstats-stage-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: directory) }
            let log = try EmbeddedLog(configuration: .init(path: directory.appendingPathComponent("log.db").path))
            try await log.createTopics(SQLitePersister.consumedTopics(TopicNames()).map { TopicSpec(name: $0) })
            let cpu = Self.cpuSelf()
            let started = ContinuousClock.now
            for start in stride(from: 0, to: messages.count, by: 2_000) {
                try await log.publish(Array(messages[start..<min(messages.count, start + 2_000)]))
            }
            appends.append(Measure(seconds: (ContinuousClock.now - started).seconds, cpuSeconds: Self.cpuSelf() - cpu))
            persists.append(try await persist(from: log, messages: messages.count, into: directory))
            try await log.close()
        }
        line("  stage: append to the embedded log (2,000 a batch)", appends.min { $0.seconds < $1.seconds }!)
        line("  stage: persist from the log into SQLite", persists.min { $0.seconds < $1.seconds }!)
    }

    /// The SQLite persister alone, from messages already in the log until the store holds them all.
    func persist(from log: EmbeddedLog, messages: Int, into directory: URL) async throws -> Measure {
        let store = try SQLiteStore(path: directory.appendingPathComponent("ghstats.db").path)
        let persister = SQLitePersister(
            log: log, store: store, logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
        let cpu = Self.cpuSelf()
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await persister.run() }
            while try await store.sinkOffsets(group: "ghstats-sqlite").values.reduce(0, +) < Int64(messages) {
                try await Task.sleep(for: .milliseconds(2))
            }
            group.cancelAll()
        }
        return Measure(seconds: (ContinuousClock.now - started).seconds, cpuSeconds: Self.cpuSelf() - cpu)
    }

    /// The whole pipeline on the embedded log: fetch the hour from a file:// base, publish, persist.
    func ingest(_ url: URL) async throws -> Measure {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ghstats-gharchive-bench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = PipelineConfiguration()
        configuration.databasePath = directory.appendingPathComponent("ghstats.db").path
        configuration.stateDirectory = directory.appendingPathComponent("state").path
        configuration.fetcher.ghArchiveURL = "file://" + url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        let parts = name.replacingOccurrences(of: ".json.gz", with: "").split(separator: "-").compactMap { Int($0) }
        var components = DateComponents(
            timeZone: TimeZone(identifier: "UTC"), year: parts[0], month: parts[1], day: parts[2], hour: parts[3])
        components.calendar = Calendar(identifier: .gregorian)
        let hour = components.date!
        let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let cpu = Self.cpuSelf()
        let started = ContinuousClock.now
        _ = try await CollectionRunner(configuration: configuration, logger: logger)
            .collect(
                organizations: ["*"], window: .range(from: hour, to: hour.addingTimeInterval(3_600)), source: .gharchive
            )
        let elapsed = ContinuousClock.now - started
        return Measure(seconds: elapsed.seconds, cpuSeconds: Self.cpuSelf() - cpu)
    }

    func best(_ body: () throws -> Void) throws -> Measure {
        var results: [Measure] = []
        for _ in 0..<runs {
            let cpu = Self.cpuSelf() + Self.cpuChildren()
            let started = ContinuousClock.now
            try body()
            let elapsed = ContinuousClock.now - started
            results.append(Measure(seconds: elapsed.seconds, cpuSeconds: Self.cpuSelf() + Self.cpuChildren() - cpu))
        }
        return results.min { $0.seconds < $1.seconds }!
    }

    static func shell(_ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("baseline failed (is jq installed?): \(command)")
        }
    }

    static func cpuSelf() -> Double { cpu(RUSAGE_SELF) }
    static func cpuChildren() -> Double { cpu(RUSAGE_CHILDREN) }

    static func cpu(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(who.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
