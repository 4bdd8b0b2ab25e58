import Foundation
import SQLiteDB
import Testing

@testable import GoogleCloud

/// JSON the pipeline writes outside the record coders (the store's label arrays, BigQuery's insertAll body) uses
/// the package's one escaper: strings that need escaping must come back as they went in.
@Suite struct EscapedJSONTests {
    /// Quotes and backslashes in names, control characters, the JavaScript line separators, non-ASCII text.
    static let awkward = [
        "say \"hi\"", #"C:\path\"#, "line\nbreak\ttab\r", "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}", "\u{2028}\u{2029}",
        "</script>", "é 😀", "", "plain",
    ]

    @Test func labelArraysWithQuotesControlCharactersAndLineSeparatorsAreValidJSON() throws {
        guard case .text(let text) = Self.awkward.jsonText else {
            Issue.record("labels are not stored as text")
            return
        }
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
        #expect(decoded == Self.awkward)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 }, "raw control characters in \(text.debugDescription)")
    }

    @Test func anEmptyLabelArrayIsAnEmptyJSONArray() {
        #expect([String]().jsonText == .text("[]"))
    }

    @Test func insertAllBodyIsValidJSONWhateverTheInsertIds() throws {
        let rows = Self.awkward.enumerated().map { index, insertID in
            (insertID: insertID, json: Data(#"{"n":\#(index),"s":"x\"y"}"#.utf8))
        }
        let body = BigQueryClient.insertAllBody(rows)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["skipInvalidRows"] as? Bool == true)
        let sent = try #require(object["rows"] as? [[String: Any]])
        #expect(sent.compactMap { $0["insertId"] as? String } == Self.awkward)
        #expect(sent.compactMap { ($0["json"] as? [String: Any])?["n"] as? Int } == Array(0..<Self.awkward.count))
        #expect(sent.allSatisfy { ($0["json"] as? [String: Any])?["s"] as? String == "x\"y" })
    }
}
