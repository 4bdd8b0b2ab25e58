import ArgumentParser
import EventLog
import Foundation
import KafkaLog
import Pipeline
import Settings

/// `ghstats replay`: moves a group's committed offsets so it reads its topics again (rebuild a store without
/// calling GitHub).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Moves a consumer group to earliest, latest, an offset or a time (stop its members first).")

    @OptionGroup var state: StateFlags
    @OptionGroup var settings: SettingsFlags
    var options: PipelineFlags { PipelineFlags(state, settings) }
    @OptionGroup var transport: TransportOptions

    @Option(help: "The consumer group to move, e.g. ghstats-sqlite.")
    var group: String

    @Option(help: "earliest, latest, an offset, or an ISO 8601 time (2026-01-31T12:00:00Z).")
    var to: String

    @Option(help: "Topic to move (repeatable). Default: every topic the group consumes.")
    var topic: [String] = []

    func run() async throws {
        let (settings, configuration) = try options.resolve()
        let logger = try options.makeLogger()
        let position = try Self.position(to)
        let topics = topic.isEmpty ? GroupTopics.consumed(by: group, configuration) : topic
        let log = try await transport.open(settings, configuration, logger: logger)
        for topic in topics {
            try await log.resetOffsets(group: group, topic: topic, to: position)
            print("\(group) \(topic) -> \(position)")
        }
        try await log.close()
    }

    static func position(_ text: String) throws -> SeekPosition {
        switch text.lowercased() {
        case "earliest": return .earliest
        case "latest": return .latest
        default:
            if let offset = Int64(text), offset >= 0 { return .offset(offset) }
            if let date = try? Date(text, strategy: .iso8601) { return .timestamp(date) }
            throw ConfigurationError(
                key: "--to", reason: "'\(text)' is not earliest, latest, an offset or an ISO 8601 time")
        }
    }
}

/// Which topics a group of the pipeline consumes.
enum GroupTopics {
    static func consumed(by group: String, _ configuration: PipelineConfiguration) -> [String] {
        if group == configuration.fetcher.group { return [configuration.topics.tasks] }
        return SQLitePersister.consumedTopics(configuration.topics)
    }
}
