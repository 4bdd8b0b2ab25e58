import AsyncHTTPClient
import CloudStore
import Logging

/// The pipeline's stages that the cloud settings configure.
extension CloudSettings {
    /// The `githubarchive` source when a BigQuery project is configured (queries run and are billed there).
    public func makeGHArchiveSource(httpClient: HTTPClient = .shared, logger: Logger) throws -> GHArchiveBigQuerySource?
    {
        guard projectID != nil else { return nil }
        var source = GHArchiveQuery.Source()
        source.project = ghArchiveProject
        return GHArchiveBigQuerySource(
            client: try makeBigQuery(httpClient: httpClient, logger: logger), source: source,
            maximumBytesBilled: ghArchiveMaxBytes)
    }

    /// The GCS persister's settings from these.
    public var gcsPersister: GCSPersister.Configuration {
        var configuration = GCSPersister.Configuration()
        configuration.bucket = bucket
        configuration.chunkSize = chunkSize
        configuration.flushInterval = .seconds(flushSeconds)
        return configuration
    }

    /// The BigQuery persister's settings from these.
    public var bigQueryPersister: BigQueryPersister.Configuration {
        var configuration = BigQueryPersister.Configuration()
        configuration.mode = writeMode
        return configuration
    }
}
