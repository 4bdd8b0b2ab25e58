import EventLog
import Foundation
import GoogleCloud
import Logging
import ServiceLifecycle
import TestSupport

@testable import CloudStore
@testable import Pipeline
@testable import Settings

/// A bucket and a dataset of their own on the emulators, with the clients and persister settings for them.
struct CloudFixture {
    let emulators: CloudEmulators
    let settings: CloudSettings
    let storage: GCSClient
    let writer: BigQueryWriter
    let inventory: GCSInventory

    init(mode: BigQueryWriter.Mode = .stream, chunkSize: Int = 100) async throws {
        emulators = try CloudEmulators()
        let values = emulators.settings(
            bucket: CloudEmulators.uniqueName("bkt"), dataset: CloudEmulators.uniqueName("ds"),
            extra: [
                "BIGQUERY_WRITE_MODE": mode.rawValue, "GCS_CHUNK_SIZE": String(chunkSize),
                "PERSIST_TO_GCS": "true", "PERSIST_TO_BIGQUERY": "true",
            ])
        settings = try CloudSettings(source: SettingsSource(values: values))
        storage = try settings.makeStorage(logger: .quiet)
        writer = try settings.makeWriter(logger: .quiet)
        inventory = GCSInventory(storage: storage, bucket: settings.bucket)
        try await storage.createBucket(settings.bucket, project: emulators.project)
        try await writer.createTables()
    }

    var stores: CloudStores {
        var stores = CloudStores()
        stores.gcs = (storage, settings.gcsPersister)
        stores.bigQuery = (writer, settings.bigQueryPersister)
        return stores
    }

    /// Rows per record table in BigQuery.
    func bigQueryCounts() async throws -> [String: Int] { try await CloudCounts.bigQuery(writer) }

    /// Records per record table in the bucket.
    func gcsCounts() async throws -> [String: Int] { try await CloudCounts.gcs(inventory) }
}

/// Runs `service` until `group` has consumed everything on `topics`, then shuts it down gracefully.
func runUntilCaughtUp(
    _ service: some Service, log: any EventLog, group: String, topics: [String], timeout: Duration = .seconds(180)
) async throws {
    let serviceGroup = ServiceGroup(
        configuration: .init(services: [.init(service: service)], logger: .quiet))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await serviceGroup.run() }
        let deadline = ContinuousClock.now + timeout
        while try await log.lag(group: group, topics: topics) > 0 {
            guard ContinuousClock.now < deadline else {
                await serviceGroup.triggerGracefulShutdown()
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        await serviceGroup.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}
