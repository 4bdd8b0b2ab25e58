import ArgumentParser
import CloudStore
import Foundation
import GHRecords
import GoogleCloud
import Logging
import Pipeline
import Settings

/// Creates the bucket and the BigQuery dataset and tables the configuration writes to.
enum CloudSetup {
    static func prepare(_ cloud: CloudSettings, configuration: PipelineConfiguration, logger: Logger) async throws {
        if let gcs = configuration.cloud.gcs {
            guard let project = cloud.projectID else {
                throw ConfigurationError(
                    key: "BIGQUERY_PROJECT_ID", reason: "the bucket is created in a project: set it")
            }
            try await gcs.client.createBucket(gcs.configuration.bucket, project: project)
            print("bucket gs://\(gcs.configuration.bucket) ready")
        }
        if let bigQuery = configuration.cloud.bigQuery {
            let created = try await bigQuery.writer.createTables()
            print(
                "dataset \(bigQuery.writer.client.project):\(bigQuery.writer.dataset) ready with \(BigQueryTables.all.count) tables"
                    + (created.isEmpty ? "" : " (created: \(created.joined(separator: ", ")))"))
        }
    }
}

/// Options of the commands that read a bucket.
struct BucketOptions: ParsableArguments {
    @Option(help: "Settings file read under the environment.")
    var envFile: String = ".env"

    @Option(help: "The bucket. Default: GCS_BUCKET_NAME or github-stats-data.")
    var bucket: String?

    func resolve(logger: Logger) throws -> (CloudSettings, GCSInventory) {
        var cloud = try CloudSettings(source: try SettingsSource.load(envFile: envFile))
        if let bucket { cloud.bucket = bucket }
        return (cloud, GCSInventory(storage: try cloud.makeStorage(logger: logger), bucket: cloud.bucket))
    }

    static func logger() -> Logger {
        var logger = Logger(label: "ghstats") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .notice
        return logger
    }

    /// `--repo` as OWNER/NAME, checked; a bare NAME is in the organisation `GITHUB_ORG` names (when it names one).
    func repository(_ name: String) throws -> String {
        guard name.contains("/") else {
            let organizations = try SettingsSource.load(envFile: envFile).list("GITHUB_ORG")
            guard organizations.count == 1, !name.isEmpty else {
                let reason =
                    organizations.isEmpty
                    ? "'\(name)' names no owner: give OWNER/NAME, or set GITHUB_ORG"
                    : "'\(name)' could be in any of \(organizations.joined(separator: ", ")): give OWNER/NAME"
                throw ConfigurationError(key: "--repo", reason: reason)
            }
            return "\(organizations[0])/\(name)"
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ConfigurationError(key: "--repo", reason: "'\(name)' is not OWNER/NAME")
        }
        return name
    }

    /// How a selection reads in a message: the bucket, narrowed to a repository and a date when given.
    static func selection(bucket: String, repository: String?, date: String? = nil) -> String {
        "gs://\(bucket)" + (repository.map { " for \($0)" } ?? "") + (date.map { " on \($0)" } ?? "")
    }
}

struct GCSSummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gcs-summary", abstract: "Objects, bytes and records in the bucket per org, repo, type and date.")

    @OptionGroup var bucketOptions: BucketOptions

    @Option(help: "Only this repository (OWNER/NAME, or NAME in the one organisation GITHUB_ORG names).")
    var repo: String?

    @Flag(help: "JSON lines instead of a table.")
    var json = false

    func run() async throws {
        let repo = try repo.map(bucketOptions.repository)
        let (cloud, inventory) = try bucketOptions.resolve(logger: BucketOptions.logger())
        let lines = try await inventory.summary(repository: repo)
        if lines.isEmpty {
            let selection = BucketOptions.selection(bucket: cloud.bucket, repository: repo)
            FileHandle.standardError.write(Data("no chunks in \(selection)\n".utf8))
        }
        if json {
            for line in lines {
                let object: [String: Any] = [
                    "org": line.org, "repo": line.repo, "type": line.table, "date": line.date, "objects": line.objects,
                    "bytes": line.bytes, "records": line.records,
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
            return
        }
        var rows = [["org", "repo", "type", "date", "objects", "bytes", "records"]]
        rows += lines.map { [$0.org, $0.repo, $0.table, $0.date, "\($0.objects)", "\($0.bytes)", "\($0.records)"] }
        rows.append([
            "total", "", "", "", "\(lines.reduce(0) { $0 + $1.objects })", "\(lines.reduce(0) { $0 + $1.bytes })",
            "\(lines.reduce(0) { $0 + $1.records })",
        ])
        print("gs://\(cloud.bucket)")
        TextTable.print(rows)
        if !lines.isEmpty { print(GCSChunkFill(lines, chunkSize: cloud.chunkSize).summary) }
    }
}

struct WipeGCSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wipe-gcs", abstract: "Deletes every chunk of one repository from the bucket (needs --confirm).")

    @OptionGroup var bucketOptions: BucketOptions

    @Option(
        help: "The repository (OWNER/NAME, or NAME in the one organisation GITHUB_ORG names) whose chunks are deleted.")
    var repo: String

    @Flag(help: "Really delete.")
    var confirm = false

    func run() async throws {
        let repo = try bucketOptions.repository(repo)
        let (cloud, inventory) = try bucketOptions.resolve(logger: BucketOptions.logger())
        guard confirm else {
            let chunks = try await inventory.chunks(repository: repo)
            print("would delete \(chunks.count) objects of \(repo) from gs://\(cloud.bucket); nothing deleted")
            throw ValidationError("wipe-gcs deletes data: add --confirm to delete")
        }
        let deleted = try await inventory.wipe(repository: repo)
        print("deleted \(deleted) objects of \(repo) from gs://\(cloud.bucket)")
    }
}

struct LoadGCSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-gcs",
        abstract: "Loads the bucket's chunks into BigQuery (load jobs, then MERGE on the natural key: no duplicates).")

    @OptionGroup var bucketOptions: BucketOptions

    @Option(help: "Only this repository (OWNER/NAME, or NAME in the one organisation GITHUB_ORG names).")
    var repo: String?

    @Option(help: "Only chunks of this date (YYYY-MM-DD).")
    var date: String?

    func run() async throws {
        let repo = try repo.map(bucketOptions.repository)
        if let date,
            date.count != 10 || GCSChunkLayout.day(ISO8601Timestamp.parse(date + "T00:00:00Z") ?? .distantPast) != date
        {
            throw ConfigurationError(key: "--date", reason: "'\(date)' is not YYYY-MM-DD")
        }
        let logger = BucketOptions.logger()
        let (cloud, inventory) = try bucketOptions.resolve(logger: logger)
        let writer = try cloud.makeWriter(logger: logger)
        try await writer.createTables()
        let loads = try await GCSLoader(inventory: inventory, writer: writer, logger: logger).load(
            repository: repo, date: date)
        guard loads.contains(where: { $0.chunks > 0 }) else {
            let selection = BucketOptions.selection(bucket: cloud.bucket, repository: repo, date: date)
            print("no chunks in \(selection); nothing loaded")
            return
        }
        var rows = [["table", "chunks", "rows loaded", "rows merged", "dead-lettered"]]
        rows += loads.map { [$0.table, "\($0.chunks)", "\($0.loaded)", "\($0.merged)", "\($0.deadLettered)"] }
        TextTable.print(rows)
        for load in loads {
            for object in load.deadLetterObjects {
                print(
                    "\(load.table): rows BigQuery refused, with their chunk, line and reason: gs://\(cloud.bucket)/\(object)"
                )
            }
        }
        print("BigQuery bytes billed: \(writer.usage.bytesBilled)")
    }
}

/// Left-aligned columns for terminal tables.
enum TextTable {
    static func print(_ rows: [[String]]) {
        guard let width = rows.map(\.count).max() else { return }
        let widths = (0..<width).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        for row in rows {
            Swift.print(
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }
}
