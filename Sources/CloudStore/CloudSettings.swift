import AsyncHTTPClient
import Foundation
import GoogleCloud
import Logging
import Settings

/// Settings of the GCS and BigQuery stores, read from the environment and `.env`, validated once.
public struct CloudSettings: Sendable {
    /// `PERSIST_TO_GCS`: run the GCS persister beside SQLite in `collect`/`backfill`. Default false.
    public var persistToGCS: Bool
    /// `PERSIST_TO_BIGQUERY`: run the BigQuery persister beside SQLite in `collect`/`backfill`. Default false.
    public var persistToBigQuery: Bool
    /// `GCS_BUCKET_NAME`. Default `github-stats-data`.
    public var bucket: String
    /// `GCS_CHUNK_SIZE`: records per chunk object, 1...100,000. Default 100.
    public var chunkSize: Int
    /// `GCS_FLUSH_SECONDS`: how long records may wait for their chunk to fill before partial chunks are uploaded,
    /// 1...3,600. Default 30.
    public var flushSeconds: Int
    /// `BIGQUERY_PROJECT_ID` (or `GOOGLE_CLOUD_PROJECT`, or the key file's `project_id`).
    public var projectID: String?
    /// `BIGQUERY_DATASET_ID`: letters, digits, `_`. Default `github_stats`.
    public var dataset: String
    /// `BIGQUERY_LOCATION`. Default `US`.
    public var location: String
    /// `BIGQUERY_WRITE_MODE`: `stream` (insertAll) or `load` (load jobs). Default `stream`.
    public var writeMode: BigQueryWriter.Mode
    /// `STORAGE_EMULATOR_HOST`: a GCS emulator's root (`http://127.0.0.1:4443`); no credentials are sent to it.
    public var storageEmulatorHost: String?
    /// `BIGQUERY_EMULATOR_HOST`: a BigQuery emulator's root; no credentials are sent to it.
    public var bigQueryEmulatorHost: String?
    /// `GOOGLE_APPLICATION_CREDENTIALS`: a service-account JSON key. Without it, the metadata server is asked.
    public var credentialsFile: String?
    /// `GCE_METADATA_HOST`. Default `metadata.google.internal`.
    public var metadataHost: String
    /// `GHARCHIVE_BIGQUERY_PROJECT`: the project of the `githubarchive` tables (`day`, `month` datasets).
    /// Default `githubarchive`.
    public var ghArchiveProject: String
    /// `GHARCHIVE_MAX_BYTES`: the most one `githubarchive` query may bill (and a backfill's dry run may
    /// estimate). Default none.
    public var ghArchiveMaxBytes: Int64?

    public init(source: SettingsSource) throws {
        persistToGCS = try source.bool("PERSIST_TO_GCS", default: false)
        persistToBigQuery = try source.bool("PERSIST_TO_BIGQUERY", default: false)
        bucket = source.string("GCS_BUCKET_NAME") ?? "github-stats-data"
        guard Self.isBucketName(bucket) else {
            throw ConfigurationError(
                key: "GCS_BUCKET_NAME", reason: "'\(bucket)' is not a bucket name (3-63 of a-z 0-9 - _ .)")
        }
        chunkSize = try source.int("GCS_CHUNK_SIZE", default: 100, in: 1...100_000)
        flushSeconds = try source.int("GCS_FLUSH_SECONDS", default: 30, in: 1...3_600)
        dataset = source.string("BIGQUERY_DATASET_ID") ?? "github_stats"
        guard Self.isDatasetName(dataset) else {
            throw ConfigurationError(
                key: "BIGQUERY_DATASET_ID", reason: "'\(dataset)' may hold only letters, digits and '_' (1-1024)")
        }
        location = source.string("BIGQUERY_LOCATION") ?? "US"
        let mode = source.string("BIGQUERY_WRITE_MODE") ?? "stream"
        guard let writeMode = BigQueryWriter.Mode(rawValue: mode.lowercased()) else {
            throw ConfigurationError(key: "BIGQUERY_WRITE_MODE", reason: "'\(mode)' is not stream or load")
        }
        self.writeMode = writeMode
        storageEmulatorHost = try Self.emulatorRoot(source, "STORAGE_EMULATOR_HOST")
        bigQueryEmulatorHost = try Self.emulatorRoot(source, "BIGQUERY_EMULATOR_HOST")
        credentialsFile = source.string("GOOGLE_APPLICATION_CREDENTIALS")
        metadataHost = source.string("GCE_METADATA_HOST") ?? "metadata.google.internal"
        ghArchiveProject = source.string("GHARCHIVE_BIGQUERY_PROJECT") ?? "githubarchive"
        if let text = source.string("GHARCHIVE_MAX_BYTES") {
            guard let bytes = Int64(text), bytes > 0 else {
                throw ConfigurationError(
                    key: "GHARCHIVE_MAX_BYTES", reason: "'\(text)' is not a positive number of bytes")
            }
            ghArchiveMaxBytes = bytes
        }
        projectID = source.string("BIGQUERY_PROJECT_ID") ?? source.string("GOOGLE_CLOUD_PROJECT")
        if let file = credentialsFile {
            do {
                let key = try ServiceAccountKey(path: file)
                if projectID == nil { projectID = key.projectID }
            } catch {
                throw ConfigurationError(key: "GOOGLE_APPLICATION_CREDENTIALS", reason: error.message)
            }
        }
        if projectID == nil, bigQueryEmulatorHost != nil { projectID = source.string("BIGQUERY_PROJECT") }
    }

    static func isBucketName(_ name: String) -> Bool {
        (3...63).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_.").contains($0)
            }
    }

    static func isDatasetName(_ name: String) -> Bool {
        (1...1_024).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    static func emulatorRoot(_ source: SettingsSource, _ key: String) throws -> String? {
        guard let value = source.string(key), !value.isEmpty else { return nil }
        let root = value.contains("://") ? value : "http://" + value
        try SettingsSource.validateURL(root, key: key)
        return root
    }

    private func credentials(emulated: Bool, httpClient: HTTPClient) throws -> any AccessTokenSource {
        if emulated { return NoCredentials() }
        if let file = credentialsFile {
            do {
                return ServiceAccountTokenSource(key: try ServiceAccountKey(path: file), httpClient: httpClient)
            } catch {
                throw ConfigurationError(key: "GOOGLE_APPLICATION_CREDENTIALS", reason: error.message)
            }
        }
        return MetadataServerTokenSource(host: metadataHost, httpClient: httpClient)
    }

    /// The Cloud Storage client these settings describe.
    public func makeStorage(httpClient: HTTPClient = .shared, logger: Logger) throws -> GCSClient {
        GCSClient(
            baseURL: storageEmulatorHost ?? "https://storage.googleapis.com",
            credentials: try credentials(emulated: storageEmulatorHost != nil, httpClient: httpClient),
            httpClient: httpClient, logger: logger)
    }

    /// The BigQuery client these settings describe; an error naming BIGQUERY_PROJECT_ID when there is no project.
    public func makeBigQuery(httpClient: HTTPClient = .shared, logger: Logger) throws -> BigQueryClient {
        guard let projectID, !projectID.isEmpty else {
            throw ConfigurationError(
                key: "BIGQUERY_PROJECT_ID", reason: "not set (nor GOOGLE_CLOUD_PROJECT, nor a key file's project_id)")
        }
        return BigQueryClient(
            baseURL: bigQueryEmulatorHost ?? "https://bigquery.googleapis.com", project: projectID, location: location,
            credentials: try credentials(emulated: bigQueryEmulatorHost != nil, httpClient: httpClient),
            httpClient: httpClient, logger: logger)
    }

    /// The writer of the configured dataset.
    public func makeWriter(
        httpClient: HTTPClient = .shared, usage: BigQueryUsage = .init(), logger: Logger
    ) throws
        -> BigQueryWriter
    {
        BigQueryWriter(
            client: try makeBigQuery(httpClient: httpClient, logger: logger), dataset: dataset, usage: usage,
            logger: logger)
    }
}
