import Foundation
import GHRecords
import Testing

/// A record's shape is read from its Codable declaration; the forms derived from it are checked in
/// `RecordFormsTests`.
@Suite struct RecordShapeTests {
    @Test func theShapeIsReadFromTheDeclarationWithKindsOptionalityAndOrder() {
        let shape = PullRequest.shape
        #expect(shape.recordType == .pullRequest)
        #expect(shape.names.prefix(4) == ["id", "org", "repo", "number"], "the CodingKeys order")
        #expect(shape.names.last == "first_commit_at")
        #expect(shape["id"] == RecordField("id", .integer, isOptional: false))
        #expect(shape["draft"] == RecordField("draft", .boolean, isOptional: false))
        #expect(shape["author_login"] == RecordField("author_login", .string, isOptional: true))
        #expect(shape["created_at"] == RecordField("created_at", .timestamp, isOptional: false))
        #expect(shape["first_commit_at"] == RecordField("first_commit_at", .timestamp, isOptional: true))
        #expect(shape["labels"] == RecordField("labels", .strings, isOptional: false))
        #expect(shape.key == ["org", "repo", "number"] && shape.version == "updated_at")
        #expect(GitHubEvent.shape["public"]?.kind == .boolean, "named by CodingKeys, not by the property")
        #expect(Commit.shape.enrichment == ["additions", "deletions"])
    }

    struct Measured: Codable {
        var name: String
        var ratio: Double
    }

    @Test func aFieldOfAKindRecordsDoNotHaveIsRefusedByName() {
        let error = #expect(throws: DecodingError.self) {
            _ = try RecordShape.make(Measured.self) { _ in .string("x") }
        }
        #expect(error.map { "\($0)" }?.contains("ratio") == true, "\(String(describing: error))")
    }

    @Test func aRecordMadeFromItsShapeHoldsTheValuesGiven() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let comment = try RecordShape.make(IssueComment.self) { field in
            switch field.kind {
            case .string: return field.isOptional ? nil : .string(field.name)
            case .integer: return .integer(7)
            case .timestamp: return .timestamp(date)
            case .boolean, .strings: return nil
            }
        }
        #expect(
            comment
                == IssueComment(
                    id: 7, org: "org", repo: "repo", issueNumber: 7, authorLogin: nil, authorType: nil, body: "body",
                    createdAt: date, updatedAt: date))
    }
}
