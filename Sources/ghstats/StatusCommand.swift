import ArgumentParser
import EventLog
import Foundation
import KafkaLog
import Settings
import Synchronization

/// `ghstats status`: each group's lag per topic, every topic asked at once with a short timeout, so a broker that
/// is down costs seconds and the topics it does not lead are still shown.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Shows each consumer group's lag per topic; exits 1 when some could not be read (named).")

    @OptionGroup var state: StateFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(state, settings) }
    @OptionGroup var transport: TransportOptions

    @Option(help: "Group to show (repeatable). Default: the fetch and SQLite groups.")
    var group: [String] = []

    @Option(help: "Seconds each broker request may take (1-60).")
    var timeout: Int = 5

    func run() async throws {
        guard (1...60).contains(timeout) else {
            throw ConfigurationError(key: "--timeout", reason: "\(timeout) is not 1-60 seconds")
        }
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let groups = group.isEmpty ? [configuration.fetcher.group, configuration.persister.group] : group
        let log: any EventLog
        if var kafka = try transport.kafka(settings) {
            kafka.requestTimeout = .seconds(timeout)
            log = try KafkaLog(configuration: kafka, logger: logger)
            print("Kafka \(kafka.brokers) (librdkafka \(KafkaLog.libraryVersion))")
        } else {
            let embedded = try EmbeddedLogFactory.open(configuration, exclusive: false)
            try await embedded.createTopics(configuration.topicSpecs)
            log = embedded
            print("embedded log \(configuration.logPath)")
        }
        let pairs = groups.flatMap { group in GroupTopics.consumed(by: group, configuration).map { (group, $0) } }
        // librdkafka may overrun a request's timeout while a partition's leader is down: each lag is read in a task
        // of its own and whatever has not answered by the deadline is reported as such, not waited for.
        let answers = Answers()
        for (index, (group, topic)) in pairs.enumerated() {
            Task { [log] in
                let lag: Result<Int64, any Error>
                do { lag = .success(try await log.lag(group: group, topics: [topic])) } catch { lag = .failure(error) }
                answers.state.withLock { $0[index] = lag }
            }
        }
        let deadline = ContinuousClock.now + .seconds(timeout * 3 + 2)
        while answers.state.withLock({ $0.count }) < pairs.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let lags = answers.state.withLock { $0 }
        print(Self.row("group", "topic", "lag"))
        var unreadable = 0
        for name in groups {
            var total: Int64 = 0
            var complete = true
            for (index, (group, topic)) in pairs.enumerated() where group == name {
                switch lags[index] {
                case .success(let lag)?:
                    total += lag
                    if lag > 0 { print(Self.row(group, topic, "\(lag)")) }
                case .failure(let error as EventLogError)? where error.code == .unknownTopic:
                    // A topic no producer has created yet holds nothing to consume: nothing is behind.
                    print(Self.row(group, topic, "not created yet"))
                case .failure(let error)?:
                    complete = false
                    unreadable += 1
                    print(Self.row(group, topic, "unavailable: \(error)"))
                case nil:
                    complete = false
                    unreadable += 1
                    print(Self.row(group, topic, "unavailable: no answer within \(timeout * 3 + 2) s"))
                }
            }
            print(Self.row(name, "(all)", complete ? "\(total)" : "at least \(total)"))
        }
        guard unreadable == 0 else {
            FileHandle.standardError.write(Data("\(unreadable) topic lag(s) could not be read (see above)\n".utf8))
            // Reads still waiting on a broker that is down would hold a close back: leave without one.
            fflush(nil)
            Foundation.exit(1)
        }
        try? await log.close()
    }

    static func row(_ group: String, _ topic: String, _ lag: String) -> String {
        group.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
            + topic.padding(toLength: 31, withPad: " ", startingAt: 0) + " "
            + String(repeating: " ", count: max(0, 8 - lag.count))
            + lag
    }
}

/// Lags read so far, by pair index.
private final class Answers: Sendable {
    let state = Mutex<[Int: Result<Int64, any Error>]>([:])
}
