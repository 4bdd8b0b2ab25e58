import DurationConversion
import EventLog
import Foundation
import GHArchive
import GHRecords
import GitHubAPI
import Logging
import ServiceLifecycle
import Telemetry

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
            ghArchive: GHArchiveSource(baseURL: configuration.ghArchiveURL),
            ghArchiveBigQuery: configuration.ghArchiveBigQuery)
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
            ConsumerSubscription(
                group: configuration.group, topics: [topics.tasks], memberIndex: member, memberCount: members,
                transactional: true))
        do {
            for try await batch in consumer.batches(maxMessages: configuration.batchSize).cancelOnGracefulShutdown() {
                let outputs: [OutgoingMessage]
                do {
                    // A wait (a reset, a deferred task) ends at SIGTERM; the batch is then not committed and runs again.
                    outputs = try await cancelWhenGracefulShutdown { try await handle(batch) }
                } catch is CancellationError where Task.isShuttingDownGracefully {
                    break
                }
                do {
                    // Brokers gone at SIGTERM: the batch stays uncommitted after a short deadline, and runs again.
                    try await withDeadlineAfterGracefulShutdown(Self.publishDeadline) {
                        try await consumer.publishAndCommit(outputs, positions: CommitPositions(after: batch))
                    }
                } catch is CancellationError where Task.isShuttingDownGracefully {
                    logger.notice("stopped before the last batch was acknowledged; it runs again next time")
                    break
                }
                PipelineMetrics.published(outputs)
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }

    /// Handles a batch concurrently. A batch of tasks none of which is due yet waits here first (nothing else is
    /// held back while it does), at most `maxWaitInBatch`; tasks still not due then go back on the topic.
    private func handle(_ batch: [LogMessage]) async throws -> [OutgoingMessage] {
        let now = Date()
        let waits = batch.map { Self.notBefore(of: $0).map { $0.timeIntervalSince(now) } ?? 0 }
        let longest = configuration.maxWaitInBatch.inSeconds
        if let earliest = waits.min(), earliest > longest {
            if let first = batch.min(by: { (Self.notBefore(of: $0) ?? now) < (Self.notBefore(of: $1) ?? now) }) {
                PipelineWait.note(
                    .deferral(
                        waitingFor: first.headers[Self.waitingForHeader], until: now.addingTimeInterval(earliest)))
            }
            logger.debug(
                "only deferred tasks polled; waiting for the earliest",
                metadata: [LogMetadataKeys.notBefore: "\(ISO8601Timestamp.format(now.addingTimeInterval(earliest)))"])
            try await Task.sleep(for: Duration(timeInterval: min(earliest - longest, longest)))
        }
        return try await withThrowingTaskGroup(of: [OutgoingMessage].self) { group in
            for message in batch {
                group.addTask { try await process(message) }
            }
            var outputs: [OutgoingMessage] = []
            for try await messages in group { outputs += messages }
            return outputs
        }
    }

    /// A repair's records go out even when unchanged: the store being refilled lacks them.
    static func republishing(_ records: [OutgoingMessage], for task: FetchTask) -> [OutgoingMessage] {
        guard task.republish == true else { return records }
        return records.map { record in
            var record = record
            record.skipIfUnchanged = false
            return record
        }
    }

    /// Handles one task message: its records and child tasks, or a dead letter saying why not. A task that must
    /// wait longer than `maxWaitInBatch` goes back on the topic with a `not_before` time instead.
    func process(_ message: LogMessage) async throws -> [OutgoingMessage] {
        let factory = handler.messages
        let task: FetchTask
        do {
            task = try RecordCoding.decode(FetchTask.self, from: message.value)
        } catch {
            logger.error(
                "task message is not a valid task; dead-lettered",
                metadata: [
                    LogMetadataKeys.topic: "\(message.topic)", LogMetadataKeys.offset: "\(message.offset)",
                    LogMetadataKeys.error: "\(error)",
                ])
            return [factory.deadLetter(message, reason: "invalid_task", error: "\(error)", attempts: 0)]
        }
        var metadata: Logger.Metadata = [
            LogMetadataKeys.collectionID: "\(task.collectionId)", LogMetadataKeys.task: "\(task.summary)",
        ]
        if let notBefore = task.notBefore, notBefore > Date() {
            metadata[LogMetadataKeys.notBefore] = "\(ISO8601Timestamp.format(notBefore))"
            metadata[LogMetadataKeys.waitingFor] = "\(message.headers[Self.waitingForHeader] ?? "a deferral")"
            PipelineWait.note(.deferral(waitingFor: message.headers[Self.waitingForHeader], until: notBefore))
            let wait = notBefore.timeIntervalSinceNow
            if wait > configuration.maxWaitInBatch.inSeconds {
                logger.debug("deferred task not due yet; back on the topic", metadata: metadata)
                return [
                    OutgoingMessage(
                        topic: message.topic, key: message.key ?? task.partitionKey, value: message.value,
                        headers: message.headers)
                ]
            }
            logger.info("deferred task waiting until it is due", metadata: metadata)
            try await Task.sleep(for: Duration(timeInterval: wait))
        }
        var attempt = message.headers[Self.attemptHeader].flatMap { Int($0) }.map { max($0, 1) } ?? 1
        var waitedForReset = Duration.zero
        while true {
            do {
                let outcome = try await handler.handle(task) { batch in
                    let batch = Self.republishing(batch, for: task)
                    try await log.publish(batch)
                    PipelineMetrics.published(batch)
                }
                PipelineWait.clear()
                let children = outcome.children.map { child in
                    var child = child
                    if task.republish == true { child.republish = true }
                    return child
                }
                return try Self.republishing(outcome.records, for: task) + children.map(factory.task)
            } catch {
                // A call cut short by cancellation (SIGTERM) is no failure of the task: nothing is committed.
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                switch error {
                case let error as GitHubAPIError:
                    metadata[LogMetadataKeys.attempt] = "\(attempt)"
                    metadata[LogMetadataKeys.error] = "\(error)"
                    // A limit is not a failure of the task: wait as GitHub asks and spend no attempt.
                    let limited = error.code == .rateLimited || error.code == .secondaryRateLimited
                    if limited, waitedForReset < configuration.retry.maxServerRequestedWait {
                        let delay = configuration.retry.delay(afterAttempt: attempt, serverRequested: error.retryAfter)
                        let what =
                            error.code == .rateLimited
                            ? "rate limit exhausted; waiting for its reset"
                            : "secondary rate limit; waiting as GitHub asks"
                        if delay > configuration.maxWaitInBatch {
                            return [
                                try deferred(
                                    task, message, by: delay, attempt: attempt, waitingFor: error, metadata: metadata,
                                    log: what)
                            ]
                        }
                        logger.notice("\(what)", metadata: metadata)
                        PipelineWait.note(
                            .deferral(
                                waitingFor: "\(error.code) on \(error.request)",
                                until: Date().addingTimeInterval(delay.inSeconds)))
                        try await Task.sleep(for: delay)
                        waitedForReset += delay
                        continue
                    }
                    if error.isRetriable && attempt < configuration.retry.maxAttempts {
                        let delay = configuration.retry.delay(afterAttempt: attempt, serverRequested: error.retryAfter)
                        if delay > configuration.maxWaitInBatch {
                            return [
                                try deferred(
                                    task, message, by: delay, attempt: attempt + 1, waitingFor: error,
                                    metadata: metadata,
                                    log: "GitHub call failed; retrying when GitHub asked")
                            ]
                        }
                        logger.warning("GitHub call failed; retrying in \(delay)", metadata: metadata)
                        PipelineWait.note(
                            .deferral(
                                waitingFor: "\(error.code) on \(error.request)",
                                until: Date().addingTimeInterval(delay.inSeconds)))
                        try await Task.sleep(for: delay)
                        attempt += 1
                        continue
                    }
                    let reason = error.isRetriable ? "retries_exhausted_\(error.code)" : "\(error.code)"
                    metadata[LogMetadataKeys.reason] = "\(reason)"
                    logger.error("task failed; dead-lettered", metadata: metadata)
                    return [factory.deadLetter(message, reason: reason, error: "\(error)", attempts: attempt)]
                case let error as GHArchiveError:
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
                default:
                    metadata[LogMetadataKeys.error] = "\(error)"
                    logger.error("task failed; dead-lettered", metadata: metadata)
                    return [factory.deadLetter(message, reason: "internal_error", error: "\(error)", attempts: attempt)]
                }
            }
        }
    }

    /// The task back on the tasks topic (same key) with a `not_before` time `delay` from now and the attempt it
    /// is at, so its batch can commit without it.
    private func deferred(
        _ task: FetchTask, _ message: LogMessage, by delay: Duration, attempt: Int, waitingFor error: GitHubAPIError,
        metadata: Logger.Metadata, log what: String
    ) throws -> OutgoingMessage {
        var later = task
        later.notBefore = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + delay.inSeconds).rounded(.up))
        var outgoing = try handler.messages.task(later)
        outgoing.key = message.key ?? outgoing.key
        let waitingFor = "\(error.code) on \(error.request)"
        outgoing.headers[Self.waitingForHeader] = waitingFor
        outgoing.headers[Self.attemptHeader] = String(attempt)
        var metadata = metadata
        metadata[LogMetadataKeys.notBefore] = "\(ISO8601Timestamp.format(later.notBefore!))"
        metadata[LogMetadataKeys.waitingFor] = "\(waitingFor)"
        logger.notice("\(what): task deferred until then", metadata: metadata)
        PipelineWait.note(.deferral(waitingFor: waitingFor, until: later.notBefore!))
        return outgoing
    }

    /// How long a batch's publish and commit may go on after SIGTERM (Kafka with its brokers gone).
    static let publishDeadline = Duration.seconds(2)

    /// The header saying what a deferred task waits for.
    static let waitingForHeader = "ghstats-waiting-for"
    /// The header carrying a deferred task's attempt, so retries stay bounded across deferrals.
    static let attemptHeader = "ghstats-attempt"

    /// The `not_before` of a task message; nil when it has none or is not a task.
    static func notBefore(of message: LogMessage) -> Date? {
        (try? RecordCoding.decode(FetchTask.self, from: message.value))?.notBefore
    }
}
