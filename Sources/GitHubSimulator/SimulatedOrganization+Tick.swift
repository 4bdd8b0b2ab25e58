import Foundation

extension SimulatedOrganization {
    /// Moves the organisation on: `changes` pull requests each get a new conversation comment at `date`,
    /// so their `updated_at` (and the comment listings) change as on a live GitHub.
    mutating func tick(changes: Int, at date: Date, random: inout SeededRandom, nextID: inout Int64) {
        guard !repositories.isEmpty else { return }
        for _ in 0..<changes {
            let r = Int.random(in: 0..<repositories.count, using: &random)
            guard !repositories[r].pullRequests.isEmpty else { continue }
            let p = Int.random(in: 0..<repositories[r].pullRequests.count, using: &random)
            nextID += 1
            let login = Self.logins.randomElement(using: &random)!
            let comment = SimulatedIssueComment(
                id: nextID,
                user: SimulatedUser(login: login, id: Int64(1000 + Self.logins.firstIndex(of: login)!), type: "User"),
                body: "Follow-up", createdAt: date, updatedAt: date,
                issueNumber: repositories[r].pullRequests[p].number)
            repositories[r].pullRequests[p].issueComments.append(comment)
            repositories[r].pullRequests[p].updatedAt = date
            // A comment moves the pull request's `updated_at`, not the repository's (GitHub's repository
            // `updated_at` follows the repository object itself), so pages embedding the repository keep their tag.
            repositories[r].issueComments.append(comment)
        }
    }
}
