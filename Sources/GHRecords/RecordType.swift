/// A kind of record, with the topic it travels on and the version of its JSON Schema.
public struct RecordType: Hashable, Sendable, CustomStringConvertible {
    /// The snake_case name used for tables, schema files and topic suffixes.
    public let name: String
    /// The version of `schemas/records/{name}.schema.json` the record's JSON follows.
    public let schemaVersion: Int
    /// The plural name used for tables and topics (`pull_requests`).
    public let pluralName: String

    public init(name: String, schemaVersion: Int, pluralName: String? = nil) {
        self.name = name
        self.schemaVersion = schemaVersion
        self.pluralName = pluralName ?? name + "s"
    }

    public var description: String { name }

    /// The value of the `ghstats-schema` header: `name/version`.
    public var schemaHeader: String { "\(name)/\(schemaVersion)" }

    /// Whether this build reads a message whose `ghstats-schema` header is `header`: this type at this version or
    /// an older one (fields added since decode as absent).
    public func reads(schemaHeader header: String) -> Bool {
        let utf8 = header.utf8
        guard utf8.starts(with: name.utf8), utf8.dropFirst(name.utf8.count).first == UInt8(ascii: "/"),
            let version = Int(Substring(utf8.dropFirst(name.utf8.count + 1)))
        else { return false }
        return version >= 1 && version <= schemaVersion
    }

    public static let repository = RecordType(name: "repository", schemaVersion: 1, pluralName: "repositories")
    public static let pullRequest = RecordType(name: "pull_request", schemaVersion: 2)
    public static let commit = RecordType(name: "commit", schemaVersion: 1)
    public static let review = RecordType(name: "review", schemaVersion: 1)
    public static let reviewComment = RecordType(name: "review_comment", schemaVersion: 1)
    public static let issueComment = RecordType(name: "issue_comment", schemaVersion: 1)
    public static let fetchTask = RecordType(name: "fetch_task", schemaVersion: 1)
    public static let event = RecordType(name: "event", schemaVersion: 1)
    public static let ghArchiveHour = RecordType(name: "gharchive_hour", schemaVersion: 1)

    /// Every record type that the fetchers publish and the persisters store.
    public static let collected: [RecordType] = [
        .repository, .pullRequest, .commit, .review, .reviewComment, .issueComment, .event, .ghArchiveHour,
    ]
}
