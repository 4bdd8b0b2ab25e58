import EventLog
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Samples the end offsets of the pipeline's topics every `interval`, so the dashboard can chart records per
/// second per topic from any transport (the embedded log or Kafka) without touching the processes that write it.
public final class ThroughputSampler: Service, Sendable {
    /// One reading: when, and messages per topic so far.
    public struct Sample: Sendable, Codable, Equatable {
        public var at: Date
        public var messages: [String: Int64]
    }

    let log: any EventLog
    let topics: [String]
    let interval: Duration
    let capacity: Int
    let logger: Logger
    private let samples = Mutex<[Sample]>([])

    public init(
        log: any EventLog, topics: [String], interval: Duration = .seconds(15), capacity: Int = 240, logger: Logger
    ) {
        self.log = log
        self.topics = topics
        self.interval = interval
        self.capacity = capacity
        self.logger = logger
    }

    /// Reads every topic's end offsets now and keeps the reading (the oldest beyond `capacity` is dropped).
    public func sample() async {
        var messages: [String: Int64] = [:]
        for topic in topics {
            do {
                messages[topic] = try await log.endOffsets(topic: topic).values.reduce(0, +)
            } catch {
                logger.debug("end offsets unavailable", metadata: ["gh.topic": "\(topic)", "gh.error": "\(error)"])
            }
        }
        let reading = Sample(at: Date(), messages: messages)
        samples.withLock { list in
            list.append(reading)
            if list.count > capacity { list.removeFirst(list.count - capacity) }
        }
    }

    /// The readings kept, oldest first.
    public var readings: [Sample] { samples.withLock { $0 } }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await sample()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }
}
