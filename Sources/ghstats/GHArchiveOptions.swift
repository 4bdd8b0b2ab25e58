import ArgumentParser
import Collector
import Foundation
import GHRecords
import Settings

/// The GH Archive range and source that `backfill --source gharchive` and `verify --source gharchive` share.
struct GHArchiveOptions: ParsableArguments {
    @Option(help: "Start of the range (ISO 8601, GH Archive): with --to instead of --days.")
    var from: String?

    @Option(help: "End of the range (ISO 8601, exclusive).")
    var to: String?

    @Option(
        help: "GH Archive base: http(s)://... or file:///folder. Default: GHARCHIVE_URL or https://data.gharchive.org.")
    var gharchiveURL: String?

    @Flag(help: "GH Archive: every owner's events, not only the organisations'.")
    var allOrgs = false

    /// The validated base URL.
    func baseURL() throws -> String {
        let base = gharchiveURL ?? ProcessInfo.processInfo.environment["GHARCHIVE_URL"] ?? "https://data.gharchive.org"
        guard base.hasPrefix("http://") || base.hasPrefix("https://") || base.hasPrefix("file://") else {
            throw ConfigurationError(
                key: gharchiveURL == nil ? "GHARCHIVE_URL" : "--gharchive-url",
                reason: "'\(base)' is not http(s):// or file://")
        }
        return base
    }

    /// The owner filter: `*` with `--all-orgs`, else the organisations.
    func owners(_ options: PipelineFlags, _ settings: GhstatsSettings) throws -> [String] {
        allOrgs ? ["*"] : try options.requireOrganizations(settings)
    }

    /// `--days N`, or `--from` and `--to`.
    func window(days: Int?, defaultDays: Int) throws -> CollectionWindow {
        switch (days, from, to) {
        case (_, nil, nil):
            return try CollectCommand.window(days: days, hours: nil, defaultDays: defaultDays)
        case (nil, let from?, let to?):
            guard let start = ISO8601Timestamp.parse(from) ?? (try? Date(from, strategy: .iso8601)) else {
                throw ConfigurationError(key: "--from", reason: "'\(from)' is not an ISO 8601 time")
            }
            guard let end = ISO8601Timestamp.parse(to) ?? (try? Date(to, strategy: .iso8601)) else {
                throw ConfigurationError(key: "--to", reason: "'\(to)' is not an ISO 8601 time")
            }
            guard start < end else {
                throw ConfigurationError(key: "--from/--to", reason: "--from must be before --to")
            }
            return .range(from: start, to: end)
        default:
            throw ConfigurationError(key: "--days/--from/--to", reason: "give --days, or both --from and --to")
        }
    }
}
