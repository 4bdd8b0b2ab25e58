import Foundation

/// The organisations the replay serves, assembled from hub4j/github-api's recordings of api.github.com:
/// `hub4j-test-org` (pull requests by a deleted user and by an organisation, a draft, a team review request, a
/// review by a deleted user, a PENDING review without `submitted_at`, review and issue comments), `seate` (a pull
/// request id above 2^31) and `jenkinsci` (648 commits whose author has no GitHub account, over 7 pages linked by
/// `/repositories/{id}/commits` URLs).
///
/// Left out on purpose: pull request 484 (its review comments are served, but its reviews were never recorded, so no
/// GraphQL answer could sum its `review_comments`), and the review comments of 482's PENDING review (a pending review's
/// comments are not public, and 482's recorded body counts none).
enum RecordedOrganizations {
    static let pullScenarios = [
        "checkNonExistentAuthor", "checkNonExistentReviewer", "createDraftPullRequest",
        "testPullRequestTeamReviewRequests", "pullRequestComment", "pullRequestReviews",
    ]

    static func load() throws -> [RecordedRepository] {
        [try githubAPI(), try ghIssueTest(), try seateForTest(), try jenkins()]
    }

    /// `GET /orgs/hub4j-test-org` as api.github.com answered it.
    static func organization() throws -> RecordedMapping {
        try mapping("GHRateLimitTest/testGitHubRateLimit", "orgs_hub4j-test-org-4.json")
    }

    static func mapping(_ scenario: String, _ file: String) throws -> RecordedMapping {
        guard let found = try RecordedMapping.scenario(scenario).first(where: { $0.source.hasSuffix("/" + file) })
        else {
            throw RecordingError(file: "\(scenario)/\(file)", reason: "no such mapping")
        }
        return found
    }

    static func githubAPI() throws -> RecordedRepository {
        var repository = RecordedRepository(
            owner: "hub4j-test-org", name: "github-api",
            body: try RecordedObject(mapping("GHPullRequestTest/pullRequestReviewComments", "3-r_h_github-api.json")))
        let prefix = "/repos/hub4j-test-org/github-api/pulls"
        for scenario in pullScenarios {
            for mapping in try RecordedMapping.scenario("GHPullRequestTest/\(scenario)") where !mapping.body.isEmpty {
                let rest = mapping.path.hasPrefix(prefix) ? String(mapping.path.dropFirst(prefix.count)) : nil
                guard let rest else { continue }
                if (mapping.method == "GET" && mapping.status == 200 && rest.hasPrefix("/")
                    && Int(rest.dropFirst()) != nil)
                    || (mapping.method == "POST" && mapping.status == 201 && rest.isEmpty)
                {
                    let pull = try RecordedObject(mapping)
                    guard let number = pull["number"]?.int64 else { continue }
                    repository.pulls[Int(number)] = pull
                } else if mapping.method == "GET", mapping.status == 200, rest.hasSuffix("/reviews"),
                    let number = Int(rest.dropFirst().dropLast("/reviews".count))
                {
                    repository.reviewListings[number] = mapping
                }
            }
        }
        let comments = try mapping("GHPullRequestTest/pullRequestReviewComments", "31-r_h_g_pulls_484_comments.json")
        repository.reviewComments = try RecordedObject.elements(of: comments)
        repository.issueComments = try newestFullListing("GHPullRequestTest/pullRequestComment", issue: 461)
        return repository
    }

    static func ghIssueTest() throws -> RecordedRepository {
        var repository = RecordedRepository(
            owner: "hub4j-test-org", name: "GHIssueTest",
            body: try RecordedObject(mapping("GHIssueTest/issueComment", "3-r_h_ghissuetest.json")))
        repository.issueComments = try newestFullListing("GHIssueTest/issueComment", issue: 15)
        return repository
    }

    static func seateForTest() throws -> RecordedRepository {
        var repository = RecordedRepository(
            owner: "seate", name: "for-test",
            body: try RecordedObject(mapping("GHPullRequestTest/enablePullRequestAutoMerge", "2-r_s_for-test.json")))
        repository.pulls[9] = try RecordedObject(
            mapping("GHPullRequestTest/enablePullRequestAutoMerge", "6-r_s_f_pulls_9.json"))
        return repository
    }

    static func jenkins() throws -> RecordedRepository {
        let scenario = "CommitTest/testQueryCommits"
        var repository = RecordedRepository(
            owner: "jenkinsci", name: "jenkins", body: try RecordedObject(mapping(scenario, "15-r_j_jenkins.json")))
        repository.commitPages = try (16...22).map { index in
            try mapping(scenario, index == 16 ? "16-r_j_j_commits.json" : "\(index)-repositories_1103607_commits.json")
        }
        return repository
    }

    /// The comments of `issue` from the newest recorded listing asked without `since` (the whole list).
    static func newestFullListing(_ scenario: String, issue: Int) throws -> [RecordedObject] {
        let listings = try RecordedMapping.scenario(scenario).filter {
            $0.method == "GET" && $0.status == 200 && !$0.body.isEmpty && !$0.url.contains("?")
                && $0.path.hasSuffix("/issues/\(issue)/comments")
        }
        guard let newest = listings.last else { throw RecordingError(file: scenario, reason: "no comment listing") }
        return try RecordedObject.elements(of: newest)
    }
}
