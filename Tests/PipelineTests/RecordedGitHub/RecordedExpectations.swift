import Foundation
import SQLiteDB
import TestSupport

/// The rows the SQLite store must hold after collecting the replay, derived field by field from the recorded bodies
/// by GitHub's REST semantics, and the comparison with what was stored. Values are compared as text: integers and
/// booleans (`1`/`0`) as SQLite returns them, timestamps as instants, NULL as `∅`.
enum RecordedExpectations {
    typealias Row = [String: String]

    static let null = "∅"

    static let pullColumns = [
        "id", "title", "state", "author_login", "author_type", "draft", "created_at", "updated_at", "closed_at",
        "merged_at", "merged", "merged_by", "additions", "deletions", "changed_files", "commits", "comments",
        "review_comments", "labels", "requested_reviewers", "base_ref", "head_ref", "first_commit_at",
    ]
    static let reviewColumns = [
        "org", "repo", "pull_number", "author_login", "author_type", "state", "submitted_at", "commit_id", "body",
    ]

    /// Expected rows per table, keyed by natural key.
    static func rows(_ repositories: [RecordedRepository]) -> [String: [String: Row]] {
        var tables: [String: [String: Row]] = [:]
        for repository in repositories {
            let org = repository.owner
            let repo = repository.name
            let body = repository.body
            tables["repositories", default: [:]]["\(org)/\(repo)"] = [
                "id": int(body["id"]), "full_name": text(body["full_name"]), "is_private": flag(body["private"]),
                "fork": flag(body["fork"]), "archived": flag(body["archived"]),
                "default_branch": text(body["default_branch"]),
                "language": text(body["language"]), "stargazers_count": int(body["stargazers_count"]),
                "forks_count": int(body["forks_count"]), "open_issues_count": int(body["open_issues_count"]),
                "created_at": date(body["created_at"]), "updated_at": date(body["updated_at"]),
                "pushed_at": date(body["pushed_at"]),
            ]
            for (number, pull) in repository.pulls {
                let author = account(pull["user"])
                let merged = pull["merged"]?.bool ?? false
                // Requested reviewers: accounts by REST login, then teams as `org/slug` (the team's own org).
                let reviewers =
                    (pull["requested_reviewers"]?.array ?? []).compactMap { $0["login"]?.stringValue }
                    + (pull["requested_teams"]?.array ?? []).map { team in
                        let html = team["html_url"]?.stringValue ?? ""
                        let teamOrg =
                            html.components(separatedBy: "/orgs/").last?.components(separatedBy: "/").first ?? ""
                        return "\(teamOrg)/\(team["slug"]?.stringValue ?? "")"
                    }
                tables["pull_requests", default: [:]]["\(org)/\(repo)#\(number)"] = [
                    "id": int(pull["id"]), "title": text(pull["title"]), "state": text(pull["state"]),
                    "author_login": author.login, "author_type": author.type, "draft": flag(pull["draft"]),
                    "created_at": date(pull["created_at"]), "updated_at": date(pull["updated_at"]),
                    "closed_at": date(pull["closed_at"]), "merged_at": date(pull["merged_at"]),
                    "merged": merged ? "1" : "0",
                    // A merged pull request whose merger was deleted is merged by `ghost`.
                    "merged_by": pull["merged_by"].flatMap { $0.isNull ? nil : $0["login"]?.stringValue }
                        ?? (merged ? "ghost" : null),
                    "additions": int(pull["additions"]), "deletions": int(pull["deletions"]),
                    "changed_files": int(pull["changed_files"]), "commits": int(pull["commits"]),
                    "comments": int(pull["comments"]), "review_comments": int(pull["review_comments"]),
                    "labels": jsonList((pull["labels"]?.array ?? []).compactMap { $0["name"]?.stringValue }),
                    "requested_reviewers": jsonList(reviewers.sorted()),
                    "base_ref": text(pull["base"]?["ref"]), "head_ref": text(pull["head"]?["ref"]),
                    // No commit of these pull requests was recorded: their first commit's time is unknown.
                    "first_commit_at": null,
                ]
                for review in repository.reviews(of: number) {
                    let author = account(review["user"])
                    tables["reviews", default: [:]][String(review.id ?? 0)] = [
                        "org": org, "repo": repo, "pull_number": String(number), "author_login": author.login,
                        "author_type": author.type, "state": text(review["state"]),
                        "submitted_at": date(review["submitted_at"]),
                        "commit_id": text(review["commit_id"]), "body": review.string("body") ?? "",
                    ]
                }
            }
            for comment in repository.reviewComments {
                let author = account(comment["user"])
                let number = comment.string("pull_request_url")?.components(separatedBy: "/pulls/").last ?? null
                tables["review_comments", default: [:]][String(comment.id ?? 0)] = [
                    "org": org, "repo": repo, "pull_number": number,
                    "review_id": int(comment["pull_request_review_id"]),
                    "in_reply_to_id": int(comment["in_reply_to_id"]), "author_login": author.login,
                    "author_type": author.type,
                    "path": text(comment["path"]), "body": comment.string("body") ?? "",
                    "created_at": date(comment["created_at"]), "updated_at": date(comment["updated_at"]),
                ]
            }
            for comment in repository.issueComments {
                let author = account(comment["user"])
                tables["issue_comments", default: [:]][String(comment.id ?? 0)] = [
                    "org": org, "repo": repo,
                    "issue_number": comment.string("issue_url")?.components(separatedBy: "/issues/").last ?? null,
                    "author_login": author.login, "author_type": author.type, "body": comment.string("body") ?? "",
                    "created_at": date(comment["created_at"]), "updated_at": date(comment["updated_at"]),
                ]
            }
            for commit in repository.commits {
                let sha = commit.string("sha") ?? ""
                // A commit whose author has no GitHub account: `author: null`, the git author's name still there.
                tables["commits", default: [:]]["\(org)/\(repo)@\(sha)"] = [
                    "author_login": text(commit["author"]?["login"]),
                    "author_name": text(commit["commit"]?["author"]?["name"]),
                    "committer_login": text(commit["committer"]?["login"]),
                    "authored_at": date(commit["commit"]?["author"]?["date"]),
                    "committed_at": date(commit["commit"]?["committer"]?["date"]),
                    "message": text(commit["commit"]?["message"]),
                    "parent_count": String(commit["parents"]?.array.count ?? 0), "additions": null, "deletions": null,
                ]
            }
        }
        return tables
    }

    /// The key and columns each table is read by.
    static let queries: [String: (key: String, columns: [String])] = [
        "repositories": (
            "org || '/' || repo",
            [
                "id", "full_name", "is_private", "fork", "archived", "default_branch", "language", "stargazers_count",
                "forks_count", "open_issues_count", "created_at", "updated_at", "pushed_at",
            ]
        ),
        "pull_requests": ("org || '/' || repo || '#' || number", pullColumns),
        "reviews": ("id", reviewColumns),
        "review_comments": (
            "id",
            [
                "org", "repo", "pull_number", "review_id", "in_reply_to_id", "author_login", "author_type", "path",
                "body",
                "created_at", "updated_at",
            ]
        ),
        "issue_comments": (
            "id", ["org", "repo", "issue_number", "author_login", "author_type", "body", "created_at", "updated_at"]
        ),
        "commits": (
            "org || '/' || repo || '@' || sha",
            [
                "author_login", "author_name", "committer_login", "authored_at", "committed_at", "message",
                "parent_count",
                "additions", "deletions",
            ]
        ),
    ]

    /// The stored rows of `table`, keyed like `rows(_:)`, timestamps as instants and lists sorted.
    static func stored(_ table: String, database: String) throws -> [String: Row] {
        guard let (key, columns) = queries[table] else { return [:] }
        let connection = try SQLiteConnection(path: database)
        var rows: [String: Row] = [:]
        for row in try connection.query("SELECT \(key), \(columns.joined(separator: ", ")) FROM \(table)") {
            var values: Row = [:]
            for (index, column) in columns.enumerated() {
                let value = row.string(index + 1)
                if column.hasSuffix("_at") {
                    values[column] = value.flatMap(RecordedObject.parseDate).map(instant) ?? (value ?? null)
                } else if column == "requested_reviewers", let value,
                    let list = try? JSONDecoder().decode([String].self, from: Data(value.utf8))
                {
                    values[column] = jsonList(list.sorted())
                } else {
                    values[column] = value ?? null
                }
            }
            rows[row.string(0) ?? null] = values
        }
        return rows
    }

    /// Every difference between the stored rows and the expected ones: `table key column: stored ≠ expected`,
    /// missing rows and rows the recordings do not hold.
    static func differences(_ table: String, stored: [String: Row], expected: [String: Row]) -> [String] {
        var differences: [String] = []
        for (key, want) in expected.sorted(by: { $0.key < $1.key }) {
            guard let have = stored[key] else {
                differences.append("\(table) \(key): missing")
                continue
            }
            for (column, value) in want.sorted(by: { $0.key < $1.key }) where have[column] != value {
                differences.append(
                    "\(table) \(key) \(column): stored \(have[column] ?? "no column") ≠ recorded \(value)")
            }
        }
        for key in stored.keys.sorted() where expected[key] == nil {
            differences.append("\(table) \(key): stored but not recorded")
        }
        return differences
    }

    /// REST's account of a record: `user: null` is the deleted account, `ghost`, typed `User`.
    static func account(_ value: JSONValue?) -> (login: String, type: String) {
        guard let value, !value.isNull, let login = value["login"]?.stringValue else { return ("ghost", "User") }
        return (login, value["type"]?.stringValue ?? "User")
    }

    static func text(_ value: JSONValue?) -> String { value?.stringValue ?? null }
    static func int(_ value: JSONValue?) -> String { value?.int64.map { String($0) } ?? null }
    static func flag(_ value: JSONValue?) -> String { value?.bool.map { $0 ? "1" : "0" } ?? null }
    static func date(_ value: JSONValue?) -> String {
        value?.stringValue.flatMap(RecordedObject.parseDate).map(instant) ?? null
    }
    static func instant(_ date: Date) -> String { date.formatted(.iso8601) }

    static func jsonList(_ items: [String]) -> String {
        "["
            + items.map {
                "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }
            .joined(separator: ",") + "]"
    }
}
