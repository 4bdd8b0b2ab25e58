import EventLog
import Foundation
import GHArchive
import GHRecords
import GitHubAPI
import Logging
import ServiceLifecycle

/// The fetcher stage: consumes fetch tasks, calls GitHub, publishes records and child tasks, and commits each
/// batch of tasks only together with what it produced. Failures are retried, then dead-lettered with the reason.
public struct Fetcher: Service {
    let log: any EventLog
    let configuration: FetcherConfiguration
    let topics: TopicNames
    let handler: TaskHandler
    let logger: Logger

    public init(
        log: any EventLog, client: GitHubClient, topics: TopicNames = .init(),
        configuration: FetcherConfiguration = .init(), watermarks: StreamWatermarks? = nil, logger: Logger
    ) {
        self.log = log
        self.configuration = configuration
        self.topics = topics
        let useGraphQL = configuration.pullRequestSource.usesGraphQL(hasToken: !client.tokens.tokens.isEmpty)
        self.handler = TaskHandler(
            client: client, messages: MessageFactory(topics: topics), logger: logger, useGraphQL: useGraphQL,
            watermarks: watermarks, commitStats: configuration.commitStats,
            ghArchive: GHArchiveSource(baseURL: configuration.ghArchiveURL), ghArchiveBigQuery: configuration.ghArchiveBigQuery)
        self.logger = logger
    }

    public func run() async throws {
        let members = max(configuration.members, 1)
        try await withThrowingDiscardingTaskGroup { group in
            for member in 0..<members {
                group.addTask { try await runMember(member, of: members) }
            }
        }
    }

    private func runMember(_ member: Int, of members: Int) async throws {
        let consumer = try await log.makeConsumer(
            ConsumerSubscription(group: configuration.group, topics: [topics.tasks], memberIndex: member, memberCount: members))
        do {
            for try await batch in consumer.batches(maxMessages: configuration.batchSize).cancelOnGracefulShutdown() {
                let outputs = try await withThrowingTaskGroup(of: [OutgoingMessage].self) { group in
                    for message in batch {
                        group.addTask { try await process(message) }
                    }
                    var outputs: [OutgoingMessage] = []
                    for try await messages in group { outputs += messages }
                    return outputs
                }
                try await consumer.publishAndCommit(outputs, positions: CommitPositions(after: batch))
                PipelineMetrics.published(outputs)
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    /// Handles one task message: its records and child tasks, or a dead letter saying why not.
    func process(_ message: LogMessage) async throws -> [OutgoingMessage] {
        let factory = handler.messages
        let task: FetchTask
        do {
            task = try RecordCoding.decode(FetchTask.self, from: message.value)
        } catch {
            logger.error(
                "task message is not a valid task; dead-lettered",
                metadata: [LogMetadataKeys.topic: "\(message.topic)", LogMetadataKeys.offset: "\(message.offset)",
                           LogMetadataKeys.error: "\(error)"])
            return [factory.deadLetter(message, reason: "invalid_task", error: "\(error)", attempts: 0)]
        }
        var metadata: Logger.Metadata = [
            LogMetadataKeys.collectionID: "\(task.collectionId)", LogMetadataKeys.task: "\(task.summary)",
        ]
        var attempt = 1
        var waitedForReset = Duration.zero
        while true {
            do {
                let outcome = try await handler.handle(task) { batch in
                    try await log.publish(batch)
                    PipelineMetrics.published(batch)
                }
                return try outcome.records + outcome.children.map(factory.task)
            } catch let error as GitHubAPIError {
                metadata[LogMetadataKeys.attempt] = "\(attempt)"
                metadata[LogMetadataKeys.error] = "\(error)"
                // An exhausted primary limit is not a failure of the task: wait for the reset, spend no attempt.
                if error.code == .rateLimited, waitedForReset < configuration.retry.maxServerRequestedWait {
                    let delay = configuration.retry.delay(afterAttempt: attempt, serverRequested: error.retryAfter)
                    logger.notice("rate limit exhausted; waiting for its reset", metadata: metadata)
                    try await Task.sleep(for: delay)
                    waitedForReset += delay
                    continue
                }
                if error.isRetriable && attempt < configuration.retry.maxAttempts {
                    let delay = configuration.retry.delay(afterAttempt: attempt, serverRequested: error.retryAfter)
                    logger.warning("GitHub call failed; retrying in \(delay)", metadata: metadata)
                    try await Task.sleep(for: delay)
                    attempt += 1
                    continue
                }
                let reason = error.isRetriable ? "retries_exhausted_\(error.code)" : "\(error.code)"
                metadata[LogMetadataKeys.reason] = "\(reason)"
                logger.error("task failed; dead-lettered", metadata: metadata)
                return [factory.deadLetter(message, reason: reason, error: "\(error)", attempts: attempt)]
            } catch let error as GHArchiveError {
                metadata[LogMetadataKeys.error] = "\(error)"
                // A corrupt or missing file stays so: dead-letter at once. The source being down may pass.
                if error.code == .source && attempt < configuration.retry.maxAttempts {
                    let delay = configuration.retry.delay(afterAttempt: attempt, serverRequested: nil)
                    logger.warning("GH Archive unavailable; retrying in \(delay)", metadata: metadata)
                    try await Task.sleep(for: delay)
                    attempt += 1
                    continue
                }
                logger.error("GH Archive hour failed; dead-lettered", metadata: metadata)
                return [factory.deadLetter(message, reason: "\(error.code)", error: "\(error)", attempts: attempt)]
            } catch let error as CancellationError {
                throw error
            } catch {
                metadata[LogMetadataKeys.error] = "\(error)"
                logger.error("task failed; dead-lettered", metadata: metadata)
                return [factory.deadLetter(message, reason: "internal_error", error: "\(error)", attempts: attempt)]
            }
        }
    }
}
