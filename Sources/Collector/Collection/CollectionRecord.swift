import Foundation

/// One collection run as the ledger keeps it.
public struct CollectionRecord: Sendable, Hashable {
    /// `running` until every task and record is done, then `completed`.
    public struct Status: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let running = Status(rawValue: "running")
        public static let completed = Status(rawValue: "completed")
        public var description: String { rawValue }
    }

    /// Where a collection's data comes from.
    public struct Source: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// GitHub's REST and GraphQL APIs.
        public static let api = Source(rawValue: "api")
        /// GH Archive's hourly files.
        public static let gharchive = Source(rawValue: "gharchive")
        /// The BigQuery `githubarchive` dataset (one query per day).
        public static let bigquery = Source(rawValue: "bigquery")
        public var description: String { rawValue }
    }

    public var id: String
    public var source: Source
    /// Organisations to collect; for GH Archive `*` keeps every owner.
    public var organizations: [String]
    public var window: CollectionWindow
    public var status: Status
    /// True once the root tasks are on the tasks topic.
    public var seeded: Bool
    public var startedAt: Date
    public var finishedAt: Date?

    public init(
        id: String, source: Source = .api, organizations: [String], window: CollectionWindow, status: Status,
        seeded: Bool, startedAt: Date, finishedAt: Date?
    ) {
        self.id = id
        self.source = source
        self.organizations = organizations
        self.window = window
        self.status = status
        self.seeded = seeded
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// True when this collection is of the scope given: the same source, organisations and window (as asked, not
    /// as of when: `days:30` today and tomorrow are one scope).
    public func hasScope(source: Source, organizations: [String], window: CollectionWindow) -> Bool {
        self.source == source && self.organizations == organizations && self.window.spec == window.spec
    }

    /// A new collection id: sortable by start time, unique.
    public static func newID(now: Date = Date()) -> String {
        let stamp = now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
            .replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        return "c\(stamp)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
