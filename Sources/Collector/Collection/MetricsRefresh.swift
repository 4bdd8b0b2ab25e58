import CloudStore
import Logging
import Store
import Telemetry

/// Re-derives the velocity metrics of organisations in every store that holds their records, after a collection.
/// A failure is logged and reported, never fails the collection: the records are stored, the metrics can be derived
/// again with `ghstats metrics`.
public struct MetricsRefresh: Sendable {
    let store: SQLiteStore
    let bigQuery: BigQueryWriter?
    let logger: Logger

    public init(store: SQLiteStore, bigQuery: BigQueryWriter?, logger: Logger) {
        self.store = store
        self.bigQuery = bigQuery
        self.logger = logger
    }

    /// Rows written per store name (`sqlite`, `bigquery`); a store that failed is missing.
    public func refresh(organizations: [String]) async -> [String: Int] {
        var written: [String: Int] = [:]
        for org in organizations {
            do {
                written["sqlite", default: 0] += try await SQLiteMetrics(store: store).derive(org: org)
            } catch {
                logger.error(
                    "deriving metrics failed",
                    metadata: [LogMetadataKeys.org: "\(org)", "gh.store": "sqlite", "gh.error": "\(error)"])
            }
            guard let bigQuery else { continue }
            do {
                written["bigquery", default: 0] += try await BigQueryMetrics(writer: bigQuery).derive(org: org)
            } catch {
                logger.error(
                    "deriving metrics failed",
                    metadata: [LogMetadataKeys.org: "\(org)", "gh.store": "bigquery", "gh.error": "\(error)"])
            }
        }
        return written
    }
}
