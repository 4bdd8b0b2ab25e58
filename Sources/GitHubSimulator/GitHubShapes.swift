import Foundation

/// GitHub's JSON shapes, as the simulator renders them (keys and types as in GitHub's OpenAPI examples).
enum GitHubShapes {
    struct User: Encodable {
        let login: String
        let id: Int64
        let nodeId: String
        let avatarUrl: String
        let gravatarId: String
        let url: String
        let htmlUrl: String
        let type: String
        let siteAdmin: Bool

        init(_ user: SimulatedUser, api: String) {
            login = user.login
            id = user.id
            nodeId = "U_\(user.id)"
            avatarUrl = "https://avatars.example/u/\(user.id)"
            gravatarId = ""
            url = "\(api)/users/\(user.login)"
            htmlUrl = "https://github.com/\(user.login)"
            type = user.type
            siteAdmin = false
        }
    }

    struct Label: Encodable {
        let id: Int64
        let nodeId: String
        let name: String
        let color: String
        let `default`: Bool
        let description: String?
    }

    struct Ref: Encodable {
        let label: String
        let ref: String
        let sha: String
        let user: User
    }

    struct Repository: Encodable {
        let id: Int64
        let nodeId: String
        let name: String
        let fullName: String
        let owner: User
        let `private`: Bool
        let htmlUrl: String
        let description: String?
        let fork: Bool
        let url: String
        let archived: Bool
        let disabled: Bool
        let visibility: String
        let defaultBranch: String
        let language: String?
        let stargazersCount: Int
        let watchersCount: Int
        let forksCount: Int
        let openIssuesCount: Int
        let size: Int
        let createdAt: Date
        let updatedAt: Date
        let pushedAt: Date
    }

    struct PullRequest: Encodable {
        let url: String
        let id: Int64
        let nodeId: String
        let htmlUrl: String
        let issueUrl: String
        let number: Int
        let state: String
        let locked: Bool
        let title: String
        let user: User
        let body: String?
        let labels: [Label]
        let createdAt: Date
        let updatedAt: Date
        let closedAt: Date?
        let mergedAt: Date?
        let mergeCommitSha: String?
        let requestedReviewers: [User]
        let head: Ref
        let base: Ref
        let authorAssociation: String
        let draft: Bool
        // Detail fields (only on `GET /pulls/{n}`).
        let merged: Bool?
        let mergedBy: User?
        let comments: Int?
        let reviewComments: Int?
        let commits: Int?
        let additions: Int?
        let deletions: Int?
        let changedFiles: Int?

        private enum CodingKeys: String, CodingKey {
            case url, id, nodeId, htmlUrl, issueUrl, number, state, locked, title, user, body, labels, createdAt
            case updatedAt, closedAt, mergedAt, mergeCommitSha, requestedReviewers, head, base, authorAssociation
            case draft, merged, mergedBy, comments, reviewComments, commits, additions, deletions, changedFiles
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(url, forKey: .url)
            try container.encode(id, forKey: .id)
            try container.encode(nodeId, forKey: .nodeId)
            try container.encode(htmlUrl, forKey: .htmlUrl)
            try container.encode(issueUrl, forKey: .issueUrl)
            try container.encode(number, forKey: .number)
            try container.encode(state, forKey: .state)
            try container.encode(locked, forKey: .locked)
            try container.encode(title, forKey: .title)
            try container.encode(user, forKey: .user)
            try container.encode(body, forKey: .body)
            try container.encode(labels, forKey: .labels)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encode(closedAt, forKey: .closedAt)
            try container.encode(mergedAt, forKey: .mergedAt)
            try container.encode(mergeCommitSha, forKey: .mergeCommitSha)
            try container.encode(requestedReviewers, forKey: .requestedReviewers)
            try container.encode(head, forKey: .head)
            try container.encode(base, forKey: .base)
            try container.encode(authorAssociation, forKey: .authorAssociation)
            try container.encode(draft, forKey: .draft)
            guard let merged else { return }
            try container.encode(merged, forKey: .merged)
            try container.encode(mergedBy, forKey: .mergedBy)
            try container.encodeIfPresent(comments, forKey: .comments)
            try container.encodeIfPresent(reviewComments, forKey: .reviewComments)
            try container.encodeIfPresent(commits, forKey: .commits)
            try container.encodeIfPresent(additions, forKey: .additions)
            try container.encodeIfPresent(deletions, forKey: .deletions)
            try container.encodeIfPresent(changedFiles, forKey: .changedFiles)
        }
    }

    struct Review: Encodable {
        let id: Int64
        let nodeId: String
        let user: User
        let body: String
        let state: String
        let htmlUrl: String
        let pullRequestUrl: String
        let submittedAt: Date
        let commitId: String
        let authorAssociation: String
    }

    struct ReviewComment: Encodable {
        let url: String
        let pullRequestReviewId: Int64?
        let id: Int64
        let nodeId: String
        let diffHunk: String
        let path: String
        let commitId: String
        let originalCommitId: String
        let inReplyToId: Int64?
        let user: User
        let body: String
        let createdAt: Date
        let updatedAt: Date
        let htmlUrl: String
        let pullRequestUrl: String
        let authorAssociation: String
        let line: Int
        let side: String

        private enum CodingKeys: String, CodingKey {
            case url, pullRequestReviewId, id, nodeId, diffHunk, path, commitId, originalCommitId, inReplyToId, user
            case body, createdAt, updatedAt, htmlUrl, pullRequestUrl, authorAssociation, line, side
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(url, forKey: .url)
            try container.encode(pullRequestReviewId, forKey: .pullRequestReviewId)
            try container.encode(id, forKey: .id)
            try container.encode(nodeId, forKey: .nodeId)
            try container.encode(diffHunk, forKey: .diffHunk)
            try container.encode(path, forKey: .path)
            try container.encode(commitId, forKey: .commitId)
            try container.encode(originalCommitId, forKey: .originalCommitId)
            try container.encodeIfPresent(inReplyToId, forKey: .inReplyToId)
            try container.encode(user, forKey: .user)
            try container.encode(body, forKey: .body)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encode(htmlUrl, forKey: .htmlUrl)
            try container.encode(pullRequestUrl, forKey: .pullRequestUrl)
            try container.encode(authorAssociation, forKey: .authorAssociation)
            try container.encode(line, forKey: .line)
            try container.encode(side, forKey: .side)
        }
    }

    struct IssueComment: Encodable {
        let id: Int64
        let nodeId: String
        let url: String
        let htmlUrl: String
        let body: String
        let user: User
        let createdAt: Date
        let updatedAt: Date
        let issueUrl: String
        let authorAssociation: String
    }

    struct Signature: Encodable {
        let name: String
        let email: String
        let date: Date
    }

    struct CommitDetail: Encodable {
        let url: String
        let author: Signature
        let committer: Signature
        let message: String
        let commentCount: Int
    }

    struct Parent: Encodable {
        let sha: String
        let url: String
    }

    struct Stats: Encodable {
        let additions: Int
        let deletions: Int
        let total: Int
    }

    struct Commit: Encodable {
        let url: String
        let sha: String
        let nodeId: String
        let htmlUrl: String
        let commit: CommitDetail
        let author: User
        let committer: User
        let parents: [Parent]
        let stats: Stats?
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
