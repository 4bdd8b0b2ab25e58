import EventLog
import Foundation
import GHRecords
import GoogleCloud
import Logging
import TestSupport
import Testing

@testable import CloudStore
@testable import Collector
@testable import Pipeline
@testable import Store

/// GCS persisters that die at random moments, with batches cut differently each time: every record in the bucket
/// once, in chunks filled toward the chunk size.
@Suite(.serialized) struct GCSExactlyOnceTests {
    /// Every line of every chunk, per table.
    static func lines(_ cloud: CloudFixture) async throws -> [String: [String]] {
        var lines: [String: [String]] = [:]
        for chunk in try await cloud.inventory.chunks() {
            let data = try await cloud.storage.download(bucket: cloud.settings.bucket, name: chunk.name)
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                lines[chunk.place.table, default: []].append(String(decoding: line, as: UTF8.self))
            }
        }
        return lines
    }

    /// As many lines in the bucket as SQLite has rows, table by table, and no line twice.
    static func expectEachRecordOnce(
        _ cloud: CloudFixture, sqlite: [String: Int], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let lines = try await Self.lines(cloud)
        for table in CloudCounts.tables where sqlite[table, default: 0] > 0 {
            let tableLines = lines[table] ?? []
            #expect(
                tableLines.count == sqlite[table], "\(table): \(tableLines.count) lines, \(sqlite[table] ?? 0) rows",
                sourceLocation: sourceLocation)
            #expect(
                Set(tableLines).count == tableLines.count, "\(table): a record sits in two chunks",
                sourceLocation: sourceLocation)
        }
    }

    @Test(.requires(.cloudEmulators)) func persistersKilledMidUploadWithOtherBatchSizesLeaveEachRecordOnce()
        async throws
    {
        let cloud = try await CloudFixture(chunkSize: 2)
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 30, seed: 21)
        defer { harness.remove() }
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await harness.collect(baseURL: url, logger: .quiet)
        }
        let sqlite = CloudCounts.sqlite(summary.counts)
        let log = try EmbeddedLog(configuration: .init(path: harness.stateDirectory + "/log.db"))
        let topics = TopicNames()
        let group = cloud.settings.gcsPersister.group
        let consumed = GCSPersister.consumedTopics(topics)
        var generator = SystemRandomNumberGenerator()

        // Twelve lives, each killed at a random moment: some batches committed, some uploaded but not committed,
        // the last upload cut short by the kill. Batch sizes and flushing differ from life to life.
        for _ in 0..<12 {
            var configuration = cloud.settings.gcsPersister
            configuration.flushInterval = Bool.random(using: &generator) ? .zero : .seconds(3_600)
            configuration.maxHeldRecords = Int.random(in: 20...400, using: &generator)
            let writer = GCSChunkWriter(storage: cloud.storage, configuration: configuration, logger: .quiet)
            let consumer = try await log.makeConsumer(ConsumerSubscription(group: group, topics: consumed))
            let decoder = RecordMessageDecoder(topics: topics, store: GCSSink.name)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let batch = try await consumer.poll(
                    maxMessages: Int.random(in: 5...60, using: &generator), timeout: .milliseconds(200))
                guard !batch.isEmpty else { break }
                let positions = CommitPositions(after: batch)
                if let settled = try await writer.write(decoder.decode(batch), positions: positions),
                    Bool.random(using: &generator)
                {
                    try await consumer.publishAndCommit(settled.deadLetters, positions: settled.positions)
                }
            }
            // Killed while uploading: whatever requests got out are in the bucket.
            let last = try await consumer.poll(maxMessages: 60, timeout: .milliseconds(200))
            let upload = Task { [decoder] in
                _ = try await writer.write(decoder.decode(last), positions: CommitPositions(after: last))
                _ = try await writer.flush()
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...40, using: &generator)))
            upload.cancel()
            _ = await upload.result
            await consumer.close()
        }
        try await runUntilCaughtUp(
            GCSPersister(
                log: log, storage: cloud.storage, topics: topics, configuration: cloud.settings.gcsPersister,
                logger: .quiet),
            log: log, group: group, topics: consumed)
        try await log.close()

        try await Self.expectEachRecordOnce(cloud, sqlite: sqlite)
        #expect(try await cloud.gcsCounts() == sqlite)
    }

    @Test(.requires(.cloudEmulators)) func aCollectionIntoEveryStoreKilledTenTimesHoldsEachRecordOnceInEach()
        async throws
    {
        let cloud = try await CloudFixture(chunkSize: 4)
        let harness = try PipelineHarness(repositories: 8, pullRequestsPerRepository: 50, seed: 17)
        defer { harness.remove() }
        let binary = try ProjectPaths.executable("ghstats")
        let environment = cloud.emulators.settings(
            bucket: cloud.settings.bucket, dataset: cloud.settings.dataset, extra: ["GCS_FLUSH_SECONDS": "1"])
        let (kills, status, output) = try await harness.simulator.withRunning(logger: .quiet) { url in
            let arguments = CrashRecoveryTests.collectArguments(harness, url: url) + ["--to-gcs", "--to-bigquery"]
            // Killed until a run finishes by itself (a run after that would start a new collection).
            var kills = 0
            for round in 0..<10 {
                let child = try ChildProcess(
                    executable: binary, arguments: arguments, directory: harness.directory.url, name: "run-\(round)",
                    environment: environment)
                try await Task.sleep(for: .milliseconds(Int.random(in: 300...2_500)))
                guard child.isRunning else { return (kills, await child.waitForExit(), child.output) }
                await child.killHard()
                kills += 1
            }
            let final = try ChildProcess(
                executable: binary, arguments: arguments, directory: harness.directory.url, name: "final",
                environment: environment)
            return (kills, await final.waitForExit(), final.output)
        }
        #expect(kills >= 5, "only \(kills) runs were still going when the kill came")
        #expect(status == 0, "final run failed: \(output)")
        let counts = try await harness.counts()
        let expected = harness.simulator.expectedCounts(since: nil)
        #expect(counts.matches(expected), "store \(counts) vs simulator \(expected)")
        let sqlite = CloudCounts.sqlite(counts)
        // Every record version once: as many lines as SQLite has rows, no line twice, BigQuery's rows the same.
        try await Self.expectEachRecordOnce(cloud, sqlite: sqlite)
        #expect(try await cloud.bigQueryCounts() == sqlite)
    }

    @Test(.requires(.cloudEmulators)) func aCollectionKilledAndResumedFromTheBucketOnANewMachineLeavesEachRecordOnce()
        async throws
    {
        let cloud = try await CloudFixture(chunkSize: 4)
        let harness = try PipelineHarness(repositories: 8, pullRequestsPerRepository: 60, seed: 23)
        defer { harness.remove() }
        let binary = try ProjectPaths.executable("ghstats")
        let environment = cloud.emulators.settings(bucket: cloud.settings.bucket, dataset: cloud.settings.dataset)
        let checkpoints = BucketCheckpoints(storage: cloud.storage, bucket: cloud.settings.bucket)
        let (running, status, output) = try await harness.simulator.withRunning(logger: .quiet) { url in
            let child = try ChildProcess(
                executable: binary, arguments: CrashRecoveryTests.collectArguments(harness, url: url) + ["--to-gcs"],
                directory: harness.directory.url, name: "first-machine", environment: environment)
            while harness.simulator.requestCount < 400 && child.isRunning {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(child.isRunning, "the run ended before the kill: \(child.output)")
            await child.killHard()
            let ledger = try CollectionLedger(path: harness.stateDirectory + "/collections.db")
            let id = try #require(try await ledger.unfinished().first?.id)
            let running = try #require(try await checkpoints.read(id))
            // A new machine: no state dir, no SQLite store; only the bucket.
            for path in [harness.stateDirectory, harness.databasePath, harness.databasePath + "-wal"] {
                try? FileManager.default.removeItem(atPath: path)
            }
            let resume = try ChildProcess(
                executable: binary,
                arguments: [
                    "resume", "--collection-id", id, "--api-url", url, "--db", harness.databasePath, "--state-dir",
                    harness.stateDirectory, "--env-file", harness.directory.path("no.env"), "--to-gcs",
                ],
                directory: harness.directory.url, name: "new-machine", environment: environment)
            return (running, await resume.waitForExit(), resume.output)
        }
        #expect(
            running.status == "running" && running.window.spec == "days:3650" && running.organizations == ["sim-org"])
        #expect(status == 0, "resume failed: \(output)")
        let finished = try #require(try await checkpoints.read(running.collectionId))
        #expect(finished.status == "completed" && finished.finishedAt != nil)
        let counts = try await harness.counts()
        let expected = harness.simulator.expectedCounts(since: nil)
        #expect(counts.matches(expected), "store \(counts) vs simulator \(expected)")
        let sqlite = CloudCounts.sqlite(counts)
        try await Self.expectEachRecordOnce(cloud, sqlite: sqlite)
    }

    @Test(.requires(.cloudEmulators)) func chunksFillAcrossBatchesToTheChunkSize() async throws {
        let cloud = try await CloudFixture(chunkSize: 3)
        let harness = try PipelineHarness(repositories: 2, pullRequestsPerRepository: 60, seed: 4)
        defer { harness.remove() }
        _ = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await harness.collect(baseURL: url, logger: .quiet)
        }
        let log = try EmbeddedLog(configuration: .init(path: harness.stateDirectory + "/log.db"))
        let topics = TopicNames()
        var configuration = cloud.settings.gcsPersister
        configuration.batchSize = 2
        try await runUntilCaughtUp(
            GCSPersister(
                log: log, storage: cloud.storage, topics: topics, configuration: configuration, logger: .quiet),
            log: log, group: configuration.group, topics: GCSPersister.consumedTopics(topics))
        try await log.close()

        // Batches of 2 messages never make a chunk of 3 by themselves; held across batches, the chunks of each
        // folder and partition (`..._chunk_{partition}-{offset}.json`) are full but the last.
        var streams: [String: [Int]] = [:]
        for chunk in try await cloud.inventory.chunks() {
            let file = try #require(chunk.name.split(separator: "/").last)
            let partition = try #require(file.split(separator: "_").last?.split(separator: "-").first)
            let stream = "\(chunk.place.org)/\(chunk.place.repo)/\(chunk.place.table)/\(chunk.place.date)#\(partition)"
            streams[stream, default: []].append(try #require(chunk.records))
        }
        let fill = GCSChunkFill(try await cloud.inventory.summary(), chunkSize: 3)
        #expect(fill.objects == streams.values.reduce(0) { $0 + $1.count })
        #expect(fill.fewestObjects <= fill.objects && fill.records == streams.values.joined().reduce(0, +))
        #expect(streams.values.contains { $0.contains(3) }, "no chunk reached the chunk size: \(streams)")
        for (stream, sizes) in streams {
            let total = sizes.reduce(0, +)
            #expect(sizes.count == (total + 2) / 3, "\(stream): \(sizes.count) chunks for \(total) records")
        }
    }
}
