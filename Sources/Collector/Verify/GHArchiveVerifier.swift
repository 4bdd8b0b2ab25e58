import Foundation
import GHArchive
import GHRecords
import Pipeline
import Store

/// GH Archive hours of a window: which the source lacks (GH Archive has whole missing hours), and which the
/// store does not hold to their end for an owner filter (never read, or dead-lettered).
public struct GHArchiveVerifier: Sendable {
    let source: GHArchiveSource
    let store: SQLiteStore

    public init(source: GHArchiveSource, store: SQLiteStore) {
        self.source = source
        self.store = store
    }

    /// The result: hours missing in the source, and hours the source has that the store lacks.
    public struct Report: Sendable {
        public let hours: [Date]
        public let missingInSource: [Date]
        public let missingInStore: [Date]

        public var text: String {
            func names(_ hours: [Date]) -> String {
                hours.isEmpty ? "none" : hours.map(GHArchiveHours.fileName).joined(separator: ", ")
            }
            return """
                \(hours.count) GH Archive hours checked
                missing in the source: \(names(missingInSource))
                missing in the store:  \(names(missingInStore))
                """
        }
    }

    public func verify(owners: String, window: CollectionWindow) async throws -> Report {
        let hours = GHArchiveHours.hours(from: window.since, until: window.until)
        let stored = Set(
            try await store.query("SELECT file FROM gharchive_hours WHERE owners = ?", [.text(owners)]).compactMap {
                $0.string(0)
            })
        var missingInSource: [Date] = []
        var missingInStore: [Date] = []
        for hour in hours {
            if try await !source.exists(hour) {
                missingInSource.append(hour)
            } else if !stored.contains(GHArchiveHours.fileName(hour)) {
                missingInStore.append(hour)
            }
        }
        return Report(hours: hours, missingInSource: missingInSource, missingInStore: missingInStore)
    }
}
