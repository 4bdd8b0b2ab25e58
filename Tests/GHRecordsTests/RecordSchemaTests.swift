import Foundation
import GHRecords
import TestSupport
import Testing

@Suite struct RecordSchemaTests {
    static let date = Date(timeIntervalSince1970: 1_700_000_000)

    static func sample(_ type: RecordType, complete: Bool) throws -> [UInt8] {
        let date = Self.date
        switch type {
        case .repository:
            return try RecordCoding.encode(
                Repository(
                    id: 1, org: "acme", repo: "api", fullName: "acme/api", isPrivate: false, fork: false,
                    archived: false,
                    defaultBranch: complete ? "main" : nil, language: complete ? "Swift" : nil, stargazersCount: 3,
                    forksCount: 1, openIssuesCount: 0, createdAt: complete ? date : nil,
                    updatedAt: complete ? date : nil,
                    pushedAt: complete ? date : nil))
        case .pullRequest:
            return try RecordCoding.encode(
                PullRequest(
                    id: 2, org: "acme", repo: "api", number: 7, title: "Fix", state: "closed",
                    authorLogin: complete ? "alice" : nil, authorType: complete ? "User" : nil, draft: false,
                    createdAt: date, updatedAt: date, closedAt: complete ? date : nil, mergedAt: complete ? date : nil,
                    merged: complete, mergedBy: complete ? "bob" : nil, additions: 10, deletions: 2, changedFiles: 1,
                    commits: 1, comments: 0, reviewComments: 0, labels: complete ? ["bug"] : [],
                    requestedReviewers: [], baseRef: complete ? "main" : nil, headRef: nil,
                    firstCommitAt: complete ? date : nil))
        case .commit:
            return try RecordCoding.encode(
                Commit(
                    org: "acme", repo: "api", sha: String(repeating: "ab", count: 20),
                    authorLogin: complete ? "alice" : nil,
                    authorName: nil, committerLogin: nil, authoredAt: complete ? date : nil, committedAt: date,
                    message: "m", parentCount: 1, additions: complete ? 4 : nil, deletions: complete ? 1 : nil))
        case .review:
            return try RecordCoding.encode(
                Review(
                    id: 3, org: "acme", repo: "api", pullNumber: 7, authorLogin: complete ? "bob" : nil,
                    authorType: nil,
                    state: "APPROVED", submittedAt: complete ? date : nil, commitId: nil, body: ""))
        case .reviewComment:
            return try RecordCoding.encode(
                ReviewComment(
                    id: 4, org: "acme", repo: "api", pullNumber: 7, reviewId: complete ? 3 : nil,
                    inReplyToId: nil, authorLogin: "bob", authorType: "User", path: complete ? "a.swift" : nil,
                    body: "nit", createdAt: date, updatedAt: date))
        case .issueComment:
            return try RecordCoding.encode(
                IssueComment(
                    id: 5, org: "acme", repo: "api", issueNumber: 7, authorLogin: complete ? "carol" : nil,
                    authorType: nil, body: "thanks", createdAt: date, updatedAt: date))
        case .ghArchiveHour:
            return try RecordCoding.encode(
                GHArchiveHourRecord(
                    hour: date, file: "2015-01-01-12.json.gz", owners: complete ? "acme" : "*", events: 8_273,
                    filteredOut: 0, rejected: complete ? 1 : 0))
        case .event:
            return try RecordCoding.encode(
                GitHubEvent(
                    id: "2489582589", type: "WatchEvent", actorLogin: complete ? "kevin" : nil,
                    actorId: complete ? 17 : nil,
                    org: "acme", repo: "api", repoId: complete ? 28 : nil, orgLogin: complete ? "acme" : nil,
                    isPublic: true, createdAt: date, payload: #"{"action":"started"}"#))
        default:
            return try RecordCoding.encode(
                FetchTask(
                    collectionId: "c1", kind: .reviews, org: "acme", repo: complete ? "api" : nil,
                    number: complete ? 7 : nil, pageLink: complete ? "https://api.github.com/x?page=2" : nil,
                    page: complete ? 2 : 1, since: complete ? date : nil))
        }
    }

    @Test(arguments: RecordType.collected + [.fetchTask], [true, false])
    func encodedRecordsValidateAgainstTheirSchema(type: RecordType, complete: Bool) throws {
        let validator = try JSONSchemaValidator(schemaFile: ProjectPaths.recordSchema(type.name))
        let problems = try validator.violations(of: Data(try Self.sample(type, complete: complete)))
        #expect(problems.isEmpty, "\(type): \(problems)")
    }

    @Test func schemaValidatorReportsMissingWrongAndExtraFields() throws {
        let validator = try JSONSchemaValidator(schemaFile: ProjectPaths.recordSchema("pull_request"))
        var object = try JSONValue.parse(Data(try Self.sample(.pullRequest, complete: true)))
        guard case .object(var fields) = object else {
            Issue.record("not an object")
            return
        }
        fields["number"] = .string("7")
        fields["title"] = nil
        fields["surprise"] = .bool(true)
        fields["created_at"] = .string("yesterday")
        object = .object(fields)
        let data = try JSONEncoder().encode(EncodableJSON(value: object))
        let problems = try validator.violations(of: data)
        #expect(problems.contains { $0.contains("$.number") && $0.contains("expected integer") })
        #expect(problems.contains { $0.contains("'title' is missing") })
        #expect(problems.contains { $0.contains("'surprise' is not in the schema") })
        #expect(problems.contains { $0.contains("$.created_at") && $0.contains("date-time") })
    }

    @Test func recordTopicsAreNamedAfterTheTypesPlural() {
        let topics = TopicNames()
        #expect(topics.records(.repository) == "ghstats.repositories")
        #expect(topics.records(.pullRequest) == "ghstats.pull_requests")
        #expect(topics.recordType(ofTopic: "ghstats.review_comments") == .reviewComment)
        #expect(topics.recordType(ofTopic: topics.tasks) == nil)
        let other = TopicNames(prefix: "acme.gh")
        for type in RecordType.collected {
            #expect(topics.recordType(ofTopic: topics.records(type)) == type)
            #expect(other.recordType(ofTopic: other.records(type)) == type)
            #expect(other.recordType(ofTopic: topics.records(type)) == nil)
        }
        for topic in ["ghstats.pull_requests.x", "ghstatsx.pull_requests", "ghstats", "ghstats.", "", "pull_requests"] {
            #expect(topics.recordType(ofTopic: topic) == nil, "\(topic)")
        }
    }

    @Test func aSchemaHeaderIsReadWhenItNamesTheTypeAtThisVersionOrAnOlderOne() {
        #expect(RecordType.pullRequest.reads(schemaHeader: RecordType.pullRequest.schemaHeader))
        #expect(RecordType.pullRequest.reads(schemaHeader: "pull_request/1"))
        for header in [
            "pull_request/3", "pull_request/0", "pull_request/-1", "pull_request/", "pull_request", "pull_request/2/1",
            "pull_requests/1", "commit/1", "/2", "", "pull_request/x",
        ] {
            #expect(!RecordType.pullRequest.reads(schemaHeader: header), "\(header)")
        }
    }

    @Test func fetchTaskRoundTripsWithItsPageLink() throws {
        let task = FetchTask(
            collectionId: "c1", kind: .commits, org: "acme", repo: "api", since: Self.date, until: nil
        )
        .nextPage(url: "https://api.github.com/repos/acme/api/commits?page=2")
        let decoded = try RecordCoding.decode(FetchTask.self, from: try RecordCoding.encode(task))
        #expect(decoded == task)
        #expect(decoded.pageLink == "https://api.github.com/repos/acme/api/commits?page=2")
        #expect(decoded.page == 2)
    }
}

/// Re-encodes a parsed JSON value.
struct EncodableJSON: Encodable {
    let value: JSONValue
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .integer(let integer): try container.encode(integer)
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        case .array(let array): try container.encode(array.map(EncodableJSON.init))
        case .object(let object): try container.encode(object.mapValues(EncodableJSON.init))
        }
    }
}

@Suite struct FastJSONTests {
    @Test(arguments: [
        #"{"action":"started"}"#, "{\"body\":\"line\\nnext \\\"quoted\\\" back\\\\slash / é 😀 \\u0001\"}", "",
    ])
    func theFastEventFormIsByteForByteFoundationsAndReadsBack(payload: String) throws {
        let event = GitHubEvent(
            id: "2489582589", type: "IssueCommentEvent", actorLogin: "kévin\t\"x\"", actorId: 17, org: "acme",
            repo: "api/v2", repoId: nil, orgLogin: nil, isPublic: false,
            createdAt: Date(timeIntervalSince1970: 1_420_113_601),
            payload: payload + "\u{7}\r\u{8}\u{c}")
        let foundation = Array(try RecordCoding.makeEncoder().encode(event))
        #expect(event.fastJSON() == foundation, "\(String(decoding: event.fastJSON(), as: UTF8.self))")
        let read = try #require(foundation.withUnsafeBufferPointer { GitHubEvent(fastJSON: $0) })
        #expect(read == event)
        #expect(try RecordCoding.decode(GitHubEvent.self, from: foundation) == event)
    }
}

extension FastJSONTests {
    @Test func escapedStringsReadBackAsFoundationReadsThem() throws {
        // \u escapes (a surrogate pair among them), \/ and every short escape, as other encoders write them.
        let json =
            #"{"id":"1","type":"T","org":"o","repo":"r","created_at":"2015-01-01T12:00:00Z","public":true,"payload":"a\u00e9\ud83d\ude00\/\b\f\n\r\t\u0001\"\\z"}"#
        let bytes = Array(json.utf8)
        let fast = try #require(bytes.withUnsafeBufferPointer { GitHubEvent(fastJSON: $0) })
        let foundation = try RecordCoding.makeDecoder().decode(GitHubEvent.self, from: Data(bytes))
        #expect(fast.payload == foundation.payload)
        #expect(fast.payload == "a\u{e9}\u{1F600}/\u{8}\u{c}\n\r\t\u{1}\"\\z")
        let broken = Array(json.replacingOccurrences(of: #"\u00e9"#, with: #"\u00g9"#).utf8)
        #expect(broken.withUnsafeBufferPointer { GitHubEvent(fastJSON: $0) } == nil, "a bad \\u escape is refused")
    }

    static func check<R: GHRecord & FastJSONRecord>(_ type: R.Type, _ bytes: [UInt8]) throws {
        let record = try RecordCoding.makeDecoder().decode(R.self, from: Data(bytes))
        let foundation = Array(try RecordCoding.makeEncoder().encode(record))
        #expect(record.fastJSON() == foundation, "\(R.self): \(String(decoding: record.fastJSON(), as: UTF8.self))")
        #expect(foundation.withUnsafeBufferPointer { R(fastJSON: $0) } == record)
    }

    /// Every record type on a hot path (a GH Archive hour's marker, one an hour, has none).
    @Test(arguments: RecordType.collected.filter { $0 != .ghArchiveHour }, [true, false])
    func everyRecordTypesFastFormIsFoundationsAndReadsBack(type: RecordType, complete: Bool) throws {
        let bytes = try RecordSchemaTests.sample(type, complete: complete)
        switch type {
        case .repository: try Self.check(Repository.self, bytes)
        case .pullRequest: try Self.check(PullRequest.self, bytes)
        case .commit: try Self.check(Commit.self, bytes)
        case .review: try Self.check(Review.self, bytes)
        case .reviewComment: try Self.check(ReviewComment.self, bytes)
        case .issueComment: try Self.check(IssueComment.self, bytes)
        case .event: try Self.check(GitHubEvent.self, bytes)
        default: Issue.record("no fast form for \(type)")
        }
    }

    @Test func aFieldOfTheWrongTypeFallsBackToFoundationsPreciseError() {
        let bytes = Array(
            #"{"id":"seven","org":"acme","repo":"api","issue_number":7,"body":"x","created_at":"2024-01-31T12:00:00Z","updated_at":"2024-01-31T12:00:00Z"}"#
                .utf8)
        #expect(bytes.withUnsafeBufferPointer { IssueComment(fastJSON: $0) } == nil)
        #expect(throws: DecodingError.self) { try RecordCoding.decode(IssueComment.self, from: bytes) }
    }
}
