import EventLog
import Foundation
import KafkaLog
import Logging
import Synchronization

/// librdkafka's mock cluster (3 brokers on 127.0.0.1) in its own process, `ghstats-kafka-mock`, driven by
/// commands on its stdin. It stops when the test process ends (its stdin closes).
public final class KafkaMockCluster: Sendable {
    public let bootstrap: String
    private let process: Process
    private let commands: FileHandle
    private let replies: Mutex<LineReader>

    public init(brokers: Int = 3) throws {
        let process = Process()
        process.executableURL = try ProjectPaths.executable("ghstats-kafka-mock")
        process.arguments = ["--brokers", "\(brokers)"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.commands = input.fileHandleForWriting
        var reader = LineReader(handle: output.fileHandleForReading)
        guard let first = reader.next(), first.hasPrefix("bootstrap ") else {
            throw MockClusterError(reason: "the mock cluster did not start")
        }
        bootstrap = String(first.dropFirst("bootstrap ".count))
        replies = Mutex(reader)
    }

    /// Sends one command and returns once the cluster answered `ok`.
    public func send(_ command: String) throws {
        try replies.withLock { reader in
            commands.write(Data((command + "\n").utf8))
            let reply = reader.next() ?? "no reply"
            guard reply == "ok" else { throw MockClusterError(reason: "\(command): \(reply)") }
        }
    }

    /// Stops the cluster (again: nothing).
    public func stop() {
        guard process.isRunning else { return }
        try? send("quit")
        process.waitUntilExit()
    }

    /// A client configuration for this cluster, with quick group timeouts for tests.
    public func configuration() -> KafkaConfiguration {
        .forTests(brokers: bootstrap)
    }
}

public struct MockClusterError: Error, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { "mock cluster: \(reason)" }
}

/// Lines from a pipe, read byte by byte (replies are short).
struct LineReader: @unchecked Sendable {
    let handle: FileHandle

    mutating func next() -> String? {
        var bytes: [UInt8] = []
        while true {
            guard let byte = try? handle.read(upToCount: 1), let first = byte.first else {
                return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
            }
            if first == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(first)
        }
    }
}

/// A Kafka log on a mock cluster, whose topics the cluster creates (the mock has no CreateTopics).
public struct MockClusterLog: EventLog {
    public let cluster: KafkaMockCluster
    public let log: KafkaLog

    public init(cluster: KafkaMockCluster, log: KafkaLog) {
        self.cluster = cluster
        self.log = log
    }

    public func createTopics(_ specs: [TopicSpec]) async throws {
        for spec in specs { try cluster.send("topic \(spec.name) \(spec.partitions)") }
        try await log.createTopics(specs)
    }

    public func publish(_ messages: [OutgoingMessage]) async throws { try await log.publish(messages) }
    public func makeConsumer(_ subscription: ConsumerSubscription) async throws -> any EventLogConsumer {
        try await log.makeConsumer(subscription)
    }
    public func endOffsets(topic: String) async throws -> [Int32: Int64] { try await log.endOffsets(topic: topic) }
    public func startOffsets(topic: String) async throws -> [Int32: Int64] { try await log.startOffsets(topic: topic) }
    public func committedOffsets(group: String, topic: String) async throws -> [Int32: Int64] {
        try await log.committedOffsets(group: group, topic: topic)
    }
    public func resetOffsets(group: String, topic: String, to position: SeekPosition) async throws {
        try await log.resetOffsets(group: group, topic: topic, to: position)
    }
    public func close() async throws { try await log.close() }
}

/// One mock cluster per test directory, so that reopening a log (a restart) reaches the same cluster.
public enum MockClusters {
    private static let clusters = Mutex<[String: KafkaMockCluster]>([:])

    public static func cluster(for directory: TemporaryDirectory) throws -> KafkaMockCluster {
        try clusters.withLock { clusters in
            if let cluster = clusters[directory.path("")] { return cluster }
            let cluster = try KafkaMockCluster()
            clusters[directory.path("")] = cluster
            return cluster
        }
    }
}
