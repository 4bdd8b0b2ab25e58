import Foundation

/// A public GitHub event (Events API format), from GH Archive or the BigQuery `githubarchive` dataset.
/// De-duplicated on (id, created_at): GH Archive ids started repeating older ones in 2026.
public struct GitHubEvent: GHRecord {
    public static let recordType = RecordType.event
    /// Its fields are its stored properties below; upserted by (id, created_at): GH Archive ids repeat.
    public static let shape = RecordShape(reading: GitHubEvent.self, key: ["id", "created_at"])

    public var id: String
    public var type: String
    public var actorLogin: String?
    public var actorId: Int64?
    /// The repository owner (user or organisation).
    public var org: String
    /// The repository name without its owner.
    public var repo: String
    public var repoId: Int64?
    /// The organisation the event was recorded under, when there is one.
    public var orgLogin: String?
    public var isPublic: Bool
    public var createdAt: Date
    /// The event's payload exactly as the source had it (JSON text).
    public var payload: String

    /// The wire names (snake_case, as the schemas in `schemas/records` say), in the order of the shape's fields.
    enum CodingKeys: String, CodingKey {
        case id, type
        case actorLogin = "actor_login"
        case actorId = "actor_id"
        case org, repo
        case repoId = "repo_id"
        case orgLogin = "org_login"
        case isPublic = "public"
        case createdAt = "created_at"
        case payload
    }

    public init(
        id: String, type: String, actorLogin: String?, actorId: Int64?, org: String, repo: String, repoId: Int64?,
        orgLogin: String?, isPublic: Bool, createdAt: Date, payload: String
    ) {
        self.id = id
        self.type = type
        self.actorLogin = actorLogin
        self.actorId = actorId
        self.org = org
        self.repo = repo
        self.repoId = repoId
        self.orgLogin = orgLogin
        self.isPublic = isPublic
        self.createdAt = createdAt
        self.payload = payload
    }

    public var naturalKey: String { "\(id)@\(ISO8601Timestamp.format(createdAt))" }
}

extension GitHubEvent: FastJSONRecord {
    public func fastJSON() -> [UInt8] {
        var writer = JSONObjectWriter(capacity: payload.utf8.count + 320)
        writer.integer("actor_id", actorId)
        writer.string("actor_login", actorLogin)
        writer.string("created_at", ISO8601Timestamp.format(createdAt))
        writer.string("id", id)
        writer.string("org", org)
        writer.string("org_login", orgLogin)
        writer.string("payload", payload)
        writer.bool("public", isPublic)
        writer.string("repo", repo)
        writer.integer("repo_id", repoId)
        writer.string("type", type)
        return writer.finish()
    }

    public init?(fastJSON bytes: UnsafeBufferPointer<UInt8>) {
        guard let fields = JSONObjectFields(bytes), let id = fields.string("id"), let type = fields.string("type"),
            let org = fields.string("org"), let repo = fields.string("repo"), let payload = fields.string("payload"),
            let created = fields.date("created_at"), let isPublic = fields.bool("public"),
            let actorLogin = fields.optional("actor_login", fields.string),
            let actorId = fields.optional("actor_id", fields.int64),
            let repoId = fields.optional("repo_id", fields.int64),
            let orgLogin = fields.optional("org_login", fields.string)
        else { return nil }
        self.init(
            id: id, type: type, actorLogin: actorLogin, actorId: actorId, org: org, repo: repo, repoId: repoId,
            orgLogin: orgLogin, isPublic: isPublic, createdAt: created, payload: payload)
    }
}
