import Foundation
import GHRecords

/// Turns one GH Archive line into an event, or says exactly why it cannot.
public struct GHArchiveEventParser: Sendable {
    /// Why a line is not an event.
    public struct Rejection: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public enum Outcome {
        case event(GitHubEvent)
        /// A well-formed event outside the organisation/repository filter.
        case filteredOut
        case rejected(Rejection)
    }

    /// Owners to keep (lower-cased); empty keeps every owner.
    public let owners: Set<String>
    /// `owner/name` repositories to keep (lower-cased), in addition to `owners`.
    public let repositories: Set<String>

    public init(owners: [String] = [], repositories: [String] = []) {
        self.owners = Set(owners.map { $0.lowercased() })
        self.repositories = Set(repositories.map { $0.lowercased() })
    }

    public var keepsEverything: Bool { owners.isEmpty && repositories.isEmpty }

    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> Outcome {
        func reject(_ reason: String) -> Outcome { .rejected(Rejection(line: line, reason: reason)) }
        var id: String?
        var type: String?
        var actor: Range<Int>?
        var repoSlice: Range<Int>?
        var orgSlice: Range<Int>?
        var payload: Range<Int>?
        var isPublic = true
        var createdAt: String?
        var timelineHint = false
        let wellFormed = JSONObjectScanner.members(of: bytes) { key, value in
            switch String(decoding: key, as: UTF8.self) {
            case "id":
                id = JSONObjectScanner.string(bytes, value) ?? JSONObjectScanner.integer(bytes, value).map(String.init)
            case "type": type = JSONObjectScanner.string(bytes, value)
            case "actor": actor = value
            case "repo": repoSlice = value
            case "org": orgSlice = value
            case "payload": payload = value
            case "public": isPublic = JSONObjectScanner.bool(bytes, value) ?? true
            case "created_at": createdAt = JSONObjectScanner.string(bytes, value)
            case "repository", "actor_attributes", "url": timelineHint = true
            default: break
            }
        }
        guard wellFormed else { return reject("not a JSON object") }
        if repoSlice == nil, timelineHint {
            return reject("timeline format (2011-2014) is not supported: no `repo` object (it has `repository`)")
        }
        guard let type else { return reject("no `type`") }
        guard let id else { return reject("no `id`") }
        guard let repoSlice else { return reject("no `repo` object") }
        guard let createdText = createdAt else { return reject("no `created_at`") }
        guard let created = ISO8601Timestamp.parse(createdText) else {
            return reject("`created_at` '\(createdText.prefix(40))' is not an ISO 8601 time")
        }
        var repoName: String?
        var repoId: Int64?
        guard
            JSONObjectScanner.members(
                of: bytes, in: repoSlice,
                { key, value in
                    switch String(decoding: key, as: UTF8.self) {
                    case "name": repoName = JSONObjectScanner.string(bytes, value)
                    case "id": repoId = JSONObjectScanner.integer(bytes, value)
                    default: break
                    }
                }), let repoName
        else { return reject("`repo` has no `name`") }
        let parts = repoName.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return reject("`repo.name` '\(repoName.prefix(80))' is not owner/name") }
        let owner = String(parts[0])
        if !keepsEverything, !owners.contains(owner.lowercased()), !repositories.contains(repoName.lowercased()) {
            return .filteredOut
        }
        var actorLogin: String?
        var actorId: Int64?
        if let actor {
            _ = JSONObjectScanner.members(of: bytes, in: actor) { key, value in
                switch String(decoding: key, as: UTF8.self) {
                case "login": actorLogin = JSONObjectScanner.string(bytes, value)
                case "id": actorId = JSONObjectScanner.integer(bytes, value)
                default: break
                }
            }
        }
        var orgLogin: String?
        if let orgSlice {
            _ = JSONObjectScanner.members(of: bytes, in: orgSlice) { key, value in
                if String(decoding: key, as: UTF8.self) == "login" { orgLogin = JSONObjectScanner.string(bytes, value) }
            }
        }
        let payloadText =
            payload.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) } ?? "{}"
        return .event(
            GitHubEvent(
                id: id, type: type, actorLogin: actorLogin, actorId: actorId, org: owner, repo: String(parts[1]),
                repoId: repoId, orgLogin: orgLogin, isPublic: isPublic, createdAt: created, payload: payloadText))
    }
}
