import Foundation

extension GitHubShapes {
    /// A repository: as organisation listings give it (minimal-repository), or whole as in a pull request's
    /// `head.repo` and `base.repo` (repository).
    struct Repository: Encodable {
        struct Fields: Encodable {
            let id: Int64
            let nodeId: String
            let name: String
            let fullName: String
            let owner: SimpleUser
            let `private`: Bool
            let htmlUrl: String
            let description: Nullable<String>
            let fork: Bool
            let url: String
            let gitUrl: String
            let sshUrl: String
            let cloneUrl: String
            let svnUrl: String
            let mirrorUrl: Nullable<String>
            let homepage: Nullable<String>
            let language: Nullable<String>
            let forksCount: Int
            let stargazersCount: Int
            let watchersCount: Int
            let size: Int
            let defaultBranch: String
            let openIssuesCount: Int
            let topics: [String]
            let hasIssues: Bool
            let hasProjects: Bool
            let hasWiki: Bool
            let hasPages: Bool
            let hasDownloads: Bool
            let archived: Bool
            let disabled: Bool
            let pushedAt: Date
            let createdAt: Date
            let updatedAt: Date
            let license: Nullable<String>
        }

        /// What only the whole repository carries (the listing's minimal-repository has `visibility` instead).
        struct Counts: Encodable {
            let forks: Int
            let openIssues: Int
            let watchers: Int
        }

        let fields: Fields
        let counts: Counts?
        let visibility: String?

        /// GitHub's hypermedia templates, relative to the repository's API URL.
        static let templates: [(key: String, path: String)] = [
            ("archive_url", "/{archive_format}{/ref}"), ("assignees_url", "/assignees{/user}"),
            ("blobs_url", "/git/blobs{/sha}"), ("branches_url", "/branches{/branch}"),
            ("collaborators_url", "/collaborators{/collaborator}"), ("comments_url", "/comments{/number}"),
            ("commits_url", "/commits{/sha}"), ("compare_url", "/compare/{base}...{head}"),
            ("contents_url", "/contents/{+path}"), ("contributors_url", "/contributors"),
            ("deployments_url", "/deployments"), ("downloads_url", "/downloads"), ("events_url", "/events"),
            ("forks_url", "/forks"), ("git_commits_url", "/git/commits{/sha}"), ("git_refs_url", "/git/refs{/sha}"),
            ("git_tags_url", "/git/tags{/sha}"), ("hooks_url", "/hooks"),
            ("issue_comment_url", "/issues/comments{/number}"), ("issue_events_url", "/issues/events{/number}"),
            ("issues_url", "/issues{/number}"), ("keys_url", "/keys{/key_id}"), ("labels_url", "/labels{/name}"),
            ("languages_url", "/languages"), ("merges_url", "/merges"), ("milestones_url", "/milestones{/number}"),
            ("notifications_url", "/notifications{?since,all,participating}"), ("pulls_url", "/pulls{/number}"),
            ("releases_url", "/releases{/id}"), ("stargazers_url", "/stargazers"), ("statuses_url", "/statuses/{sha}"),
            ("subscribers_url", "/subscribers"), ("subscription_url", "/subscription"), ("tags_url", "/tags"),
            ("teams_url", "/teams"), ("trees_url", "/git/trees{/sha}"),
        ]

        private enum CodingKeys: String, CodingKey { case visibility }

        /// The minimal form, as `GET /orgs/{org}/repos` lists it.
        var minimal: Repository { Repository(fields: fields, counts: nil, visibility: "public") }

        func encode(to encoder: any Encoder) throws {
            try fields.encode(to: encoder)
            try counts?.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(visibility, forKey: .visibility)
            var urls = encoder.container(keyedBy: JSONKey.self)
            for template in Self.templates {
                try urls.encode(fields.url + template.path, forKey: JSONKey(template.key))
            }
        }
    }
}

/// A key named at run time, already in GitHub's spelling.
struct JSONKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
