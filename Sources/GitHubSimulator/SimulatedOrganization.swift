import Foundation

/// A deterministic organisation generated from a seed: repositories, pull requests and their activity.
public struct SimulatedOrganization: Sendable {
    public let login: String
    public internal(set) var repositories: [SimulatedRepository]

    static let logins = [
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj",
        "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yuki",
    ]
    /// Bots as REST names them; GraphQL gives the same accounts without `[bot]` (`SimulatedUser.graphQLLogin`).
    static let bots = ["dependabot[bot]", "renovate[bot]"]
    /// The first id handed out, above 2^31 like GitHub's pull-request and review ids today.
    static let firstID: Int64 = 3_200_000_000
    /// Slugs of the organisation's teams, asked for reviews now and then.
    static let teams = ["platform", "reviewers"]
    /// Commit authors whose email belongs to no GitHub account.
    static let outsideAuthors = [("Jane Outside", "jane@example.com"), ("Build Robot", "ci@example.org")]
    /// Reviews and review comments of the repository's first pull request: more than one GraphQL page reads inline.
    static let busyPullRequestReviews = 25
    static let busyPullRequestCommentsPerReview = 5
    static let languages = ["Swift", "Go", "Python", "TypeScript", "Rust", "Java"]
    static let labelNames = ["bug", "enhancement", "documentation", "dependencies", "performance", "refactor"]

    public init(login: String, configuration: SimulatorConfiguration, organizationIndex: Int) {
        self.login = login
        // Today's ids: pull requests passed 2^31 in 2025 and reviews and comments are past it too, which GraphQL's
        // 32-bit `databaseId` cannot represent.
        var ids = IDAllocator(base: Self.firstID + Int64(organizationIndex) * 100_000_000)
        let users = Self.logins.enumerated().map {
            SimulatedUser(login: $0.element, id: Int64(1000 + $0.offset), type: "User")
        }
        let bots = Self.bots.enumerated().map {
            SimulatedUser(login: $0.element, id: Int64(49_000_000 + $0.offset), type: "Bot")
        }
        repositories = (0..<configuration.repositoriesPerOrganization).map { index in
            var random = SeededRandom(seed: configuration.seed, label: "\(login)/\(index)")
            return Self.makeRepository(
                owner: login, index: index, configuration: configuration, users: users, bots: bots, ids: &ids,
                random: &random)
        }
    }

    public func repository(named name: String) -> SimulatedRepository? {
        repositories.first { $0.name == name }
    }

    struct IDAllocator {
        var next: Int64
        init(base: Int64) { next = base }
        mutating func take() -> Int64 {
            next += 1
            return next
        }
    }

    static func makeRepository(
        owner: String, index: Int, configuration: SimulatorConfiguration, users: [SimulatedUser],
        bots: [SimulatedUser], ids: inout IDAllocator, random: inout SeededRandom
    ) -> SimulatedRepository {
        let now = configuration.now
        let day: TimeInterval = 86_400
        let history = TimeInterval(max(configuration.historyDays, 1)) * day
        let name = String(format: "repo-%02d", index + 1)
        func time(before limit: Date, within span: TimeInterval) -> Date {
            limit.addingTimeInterval(-Double.random(in: 0...span, using: &random).rounded())
        }
        func clamp(_ date: Date) -> Date { min(date, now) }

        var pulls: [SimulatedPullRequest] = []
        var allCommits: [SimulatedCommit] = []
        for number in 1...max(configuration.pullRequestsPerRepository, 1)
        where configuration.pullRequestsPerRepository > 0 {
            let isBot = Int.random(in: 0..<10, using: &random) == 0
            let author = isBot ? bots.randomElement(using: &random)! : users.randomElement(using: &random)!
            let created = time(before: now.addingTimeInterval(-3600), within: history)
            let draft = Int.random(in: 0..<10, using: &random) == 0
            let fate = Int.random(in: 0..<100, using: &random)
            let lifetime = Double.random(in: 600...(14 * day), using: &random).rounded()
            let end = clamp(created.addingTimeInterval(lifetime))
            let merged = fate < 70 && !draft && end < now
            let closed = merged || (fate < 85 && end < now)
            let closedAt = closed ? end : nil
            var activityEnd = closedAt ?? now
            if activityEnd <= created { activityEnd = created.addingTimeInterval(1) }
            func during() -> Date {
                created.addingTimeInterval(
                    Double.random(in: 1...activityEnd.timeIntervalSince(created), using: &random).rounded())
            }
            let reviewers = users.filter { $0 != author }
            var reviews: [SimulatedReview] = []
            var reviewComments: [SimulatedReviewComment] = []
            var issueComments: [SimulatedIssueComment] = []
            var commits: [SimulatedCommit] = []
            var parent = allCommits.first?.sha
            // A deleted author's pull request shows the `ghost` account in REST and `author: null` in GraphQL.
            let deletedAuthor = Int.random(in: 0..<40, using: &random) == 0
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let at = during()
                let identity = Self.commitIdentity(author, random: &random)
                let commit = SimulatedCommit(
                    sha: random.sha(), author: identity.account, authorName: identity.name, authorEmail: identity.email,
                    message: "Change \(number).\(commits.count + 1) in \(name)",
                    authoredAt: at, committedAt: at, parentSHA: parent,
                    additions: Int.random(in: 1...200, using: &random),
                    deletions: Int.random(in: 0...80, using: &random))
                parent = commit.sha
                commits.append(commit)
            }
            commits.sort { $0.committedAt < $1.committedAt }
            // Work starts before a pull request is opened: its first commit was authored before (and committed, as
            // after a rebase, while it was open), as lead time and the coding stage see in real pull requests.
            let lead = (commits[0].committedAt.timeIntervalSince(created) / 2).rounded()
            commits[0].authoredAt = created.addingTimeInterval(-lead)
            let busy = index == 0 && number == 1
            let reviewCount = busy ? Self.busyPullRequestReviews : Int.random(in: 0...4, using: &random)
            for _ in 0..<reviewCount {
                let reviewer = reviewers.randomElement(using: &random)!
                let states = ["APPROVED", "COMMENTED", "CHANGES_REQUESTED"]
                // Now and then a reviewer's account is deleted since (REST `user: null`).
                let deleted = Int.random(in: 0..<30, using: &random) == 0
                let review = SimulatedReview(
                    id: ids.take(), user: deleted ? nil : reviewer, state: states.randomElement(using: &random)!,
                    submittedAt: during(), body: "Review of #\(number)", commitID: commits.last!.sha)
                reviews.append(review)
                let commentCount = busy ? Self.busyPullRequestCommentsPerReview : Int.random(in: 0...2, using: &random)
                for _ in 0..<commentCount {
                    let created = review.submittedAt!
                    let edited = Int.random(in: 0..<5, using: &random) == 0
                    let updated = edited ? clamp(created.addingTimeInterval(3600)) : created
                    reviewComments.append(
                        SimulatedReviewComment(
                            id: ids.take(), reviewID: review.id, inReplyTo: reviewComments.last?.id, user: reviewer,
                            path: "Sources/File\(Int.random(in: 1...30, using: &random)).swift", body: "Nit on line",
                            createdAt: created, updatedAt: updated, pullNumber: number))
                }
            }
            reviews.sort { $0.submittedAt! < $1.submittedAt! }
            // A review started and not submitted: PENDING, without `submitted_at`, listed last.
            if closedAt == nil, Int.random(in: 0..<4, using: &random) == 0 {
                reviews.append(
                    SimulatedReview(
                        id: ids.take(), user: reviewers.randomElement(using: &random)!, state: "PENDING",
                        submittedAt: nil,
                        body: "", commitID: commits.last!.sha))
            }
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let at = during()
                issueComments.append(
                    SimulatedIssueComment(
                        id: ids.take(), user: users.randomElement(using: &random)!, body: "Comment on #\(number)",
                        createdAt: at, updatedAt: at, issueNumber: number))
            }
            let lastActivity =
                ([created, closedAt ?? created] + reviews.compactMap(\.submittedAt)
                + reviewComments.map(\.updatedAt) + issueComments.map(\.updatedAt) + commits.map(\.committedAt)).max()!
            let labels = Self.labelNames.filter { _ in Int.random(in: 0..<5, using: &random) == 0 }
            let pull = SimulatedPullRequest(
                id: ids.take(), number: number, title: "Improve \(name) part \(number)",
                user: deletedAuthor ? .ghost : author, draft: draft,
                createdAt: created, updatedAt: lastActivity, closedAt: closedAt, mergedAt: merged ? closedAt : nil,
                mergedBy: merged ? reviewers.randomElement(using: &random) : nil,
                additions: commits.reduce(0) { $0 + $1.additions }, deletions: commits.reduce(0) { $0 + $1.deletions },
                changedFiles: Int.random(in: 1...20, using: &random), labels: labels,
                requestedReviewers: closed ? [] : [reviewers.randomElement(using: &random)!],
                requestedTeams: !closed && Int.random(in: 0..<3, using: &random) == 0
                    ? [teams.randomElement(using: &random)!] : [],
                headRef: "feature/\(number)", commits: commits, reviews: reviews, reviewComments: reviewComments,
                issueComments: issueComments)
            pulls.append(pull)
            if merged { allCommits.insert(contentsOf: commits, at: 0) }
        }
        for _ in 0..<configuration.directCommitsPerRepository {
            let at = time(before: now, within: history)
            let identity = Self.commitIdentity(users.randomElement(using: &random)!, random: &random)
            allCommits.append(
                SimulatedCommit(
                    sha: random.sha(), author: identity.account, authorName: identity.name, authorEmail: identity.email,
                    message: "Direct change to \(name)",
                    authoredAt: at, committedAt: at, parentSHA: nil, additions: Int.random(in: 1...50, using: &random),
                    deletions: Int.random(in: 0...20, using: &random)))
        }
        allCommits.sort { ($0.committedAt, $0.sha) > ($1.committedAt, $1.sha) }
        let created = now.addingTimeInterval(-history - Double(index + 1) * day)
        let pushed = allCommits.first?.committedAt ?? created
        return SimulatedRepository(
            id: ids.take(), owner: owner, name: name, language: languages[index % languages.count], createdAt: created,
            pushedAt: pushed, updatedAt: max(pushed, pulls.map(\.updatedAt).max() ?? created),
            stargazers: Int.random(in: 0...500, using: &random), forks: Int.random(in: 0...50, using: &random),
            pullRequests: pulls, commits: allCommits,
            reviewComments: pulls.flatMap(\.reviewComments).sorted { $0.id < $1.id },
            issueComments: pulls.flatMap(\.issueComments).sorted { $0.id < $1.id })
    }

    /// Who authored a commit: mostly `account` (noreply email), one in eight an email with no GitHub account.
    static func commitIdentity(
        _ account: SimulatedUser, random: inout SeededRandom
    )
        -> (account: SimulatedUser?, name: String, email: String)
    {
        if Int.random(in: 0..<8, using: &random) == 0 {
            let outside = outsideAuthors.randomElement(using: &random)!
            return (nil, outside.0, outside.1)
        }
        return (account, account.login.capitalized, "\(account.id)+\(account.login)@users.noreply.github.com")
    }
}
