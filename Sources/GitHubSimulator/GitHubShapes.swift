import Foundation

/// GitHub's JSON shapes, as the simulator renders them: every key GitHub's OpenAPI models require (checked by
/// `scripts/oracle-openapi.sh`), with GitHub's key names and types.
enum GitHubShapes {
    /// An account as GitHub embeds it in other objects (simple-user).
    struct SimpleUser: Encodable {
        let login: String
        let id: Int64
        let nodeId: String
        let avatarUrl: String
        let gravatarId: String
        let url: String
        let htmlUrl: String
        let followersUrl: String
        let followingUrl: String
        let gistsUrl: String
        let starredUrl: String
        let subscriptionsUrl: String
        let organizationsUrl: String
        let reposUrl: String
        let eventsUrl: String
        let receivedEventsUrl: String
        let type: String
        let siteAdmin: Bool

        init(_ user: SimulatedUser, api: String) {
            let path = user.login.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-", "_", "."]))
            let url = "\(api)/users/\(path ?? user.login)"
            login = user.login
            id = user.id
            nodeId = "U_\(user.id)"
            avatarUrl = "https://avatars.example/u/\(user.id)"
            gravatarId = ""
            self.url = url
            htmlUrl =
                user.type == "Bot"
                ? "https://github.com/apps/\(user.graphQLLogin)" : "https://github.com/\(user.login)"
            followersUrl = "\(url)/followers"
            followingUrl = "\(url)/following{/other_user}"
            gistsUrl = "\(url)/gists{/gist_id}"
            starredUrl = "\(url)/starred{/owner}{/repo}"
            subscriptionsUrl = "\(url)/subscriptions"
            organizationsUrl = "\(url)/orgs"
            reposUrl = "\(url)/repos"
            eventsUrl = "\(url)/events{/privacy}"
            receivedEventsUrl = "\(url)/received_events"
            type = user.type
            siteAdmin = false
        }
    }

    /// `GET /user`: the token's account with its profile and plan (private-user).
    struct User: Encodable {
        struct Plan: Encodable {
            let name: String
            let space: Int
            let privateRepos: Int
            let collaborators: Int
        }

        let account: SimpleUser
        let name: String
        let company: Nullable<String>
        let blog: String
        let location: Nullable<String>
        let email: Nullable<String>
        let hireable: Nullable<Bool>
        let bio: Nullable<String>
        let publicRepos: Int
        let publicGists: Int
        let followers: Int
        let following: Int
        let createdAt: Date
        let updatedAt: Date
        let privateGists: Int
        let totalPrivateRepos: Int
        let ownedPrivateRepos: Int
        let diskUsage: Int
        let collaborators: Int
        let twoFactorAuthentication: Bool
        let plan: Plan

        private enum CodingKeys: String, CodingKey {
            case name, company, blog, location, email, hireable, bio, publicRepos, publicGists, followers, following
            case createdAt, updatedAt, privateGists, totalPrivateRepos, ownedPrivateRepos, diskUsage, collaborators
            case twoFactorAuthentication, plan
        }

        init(_ user: SimulatedUser, api: String) {
            account = SimpleUser(user, api: api)
            name = user.login.capitalized
            (company, location, email, hireable, bio) = (nil, nil, nil, nil, nil)
            blog = ""
            (publicRepos, publicGists, followers, following) = (0, 0, 0, 0)
            createdAt = Date(timeIntervalSince1970: 1_577_836_800)
            updatedAt = createdAt
            (privateGists, totalPrivateRepos, ownedPrivateRepos, diskUsage, collaborators) = (0, 0, 0, 0, 0)
            twoFactorAuthentication = true
            plan = Plan(name: "free", space: 976_562_499, privateRepos: 10_000, collaborators: 0)
        }

        func encode(to encoder: any Encoder) throws {
            try account.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(company, forKey: .company)
            try container.encode(blog, forKey: .blog)
            try container.encode(location, forKey: .location)
            try container.encode(email, forKey: .email)
            try container.encode(hireable, forKey: .hireable)
            try container.encode(bio, forKey: .bio)
            try container.encode(publicRepos, forKey: .publicRepos)
            try container.encode(publicGists, forKey: .publicGists)
            try container.encode(followers, forKey: .followers)
            try container.encode(following, forKey: .following)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encode(privateGists, forKey: .privateGists)
            try container.encode(totalPrivateRepos, forKey: .totalPrivateRepos)
            try container.encode(ownedPrivateRepos, forKey: .ownedPrivateRepos)
            try container.encode(diskUsage, forKey: .diskUsage)
            try container.encode(collaborators, forKey: .collaborators)
            try container.encode(twoFactorAuthentication, forKey: .twoFactorAuthentication)
            try container.encode(plan, forKey: .plan)
        }
    }

    struct Label: Encodable {
        let id: Int64
        let nodeId: String
        let url: String
        let name: String
        let color: String
        let `default`: Bool
        let description: Nullable<String>
        /// Always null in GitHub's answers, and required by its models.
        let archivedBy: Nullable<String>
    }

    /// A team asked for a review (team).
    struct Team: Encodable {
        let id: Int64
        let nodeId: String
        let name: String
        let slug: String
        let description: Nullable<String>
        let url: String
        let htmlUrl: String
        let membersUrl: String
        let repositoriesUrl: String
        let privacy: String
        let permission: String
        let type: String
        let parent: Nullable<String>
    }

    /// `{"href": ...}` of `_links`.
    struct Link: Encodable {
        let href: String
    }

    struct Organization: Encodable {
        let login: String
        let id: Int64
        let nodeId: String
        let url: String
        let reposUrl: String
        let avatarUrl: String
        let description: String?
        let name: String
        let htmlUrl: String
        let publicRepos: Int
        let type: String
        let createdAt: Date
        let updatedAt: Date
    }

    struct ErrorBody: Encodable {
        let message: String
        let documentationUrl: String
        let status: String
    }

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }
}
