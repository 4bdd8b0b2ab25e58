import Foundation
import GHRecords
import Testing

/// The record coding's escaping reads eight bytes at a time: strings of every length around those words, with
/// characters that need escaping at every position, must come out as Foundation writes and reads them.
@Suite struct JSONEscapingTests {
    static let alphabet: [String] = [
        "a", "Z", "/", " ", "é", "😀", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{7F}", "~",
    ]

    /// Deterministic strings: lengths 0...40 characters, drawn by a fixed linear congruential sequence.
    static func samples() -> [String] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        var samples: [String] = []
        for length in 0...40 {
            for _ in 0..<6 {
                samples.append((0..<length).map { _ in alphabet[next() % alphabet.count] }.joined())
            }
            // One special character alone at each position of a plain run.
            for special in ["\"", "\\", "\u{2}"] where length > 0 {
                for position in 0..<length {
                    samples.append(
                        String(repeating: "x", count: position) + special
                            + String(repeating: "y", count: length - position - 1))
                }
            }
        }
        return samples
    }

    @Test func everyStringIsEscapedAsFoundationEscapesItAndReadsBack() throws {
        let encoder = RecordCoding.makeEncoder()
        for sample in Self.samples() {
            let event = GitHubEvent(
                id: "1", type: "T", actorLogin: sample, actorId: nil, org: "o", repo: "r", repoId: nil, orgLogin: nil,
                isPublic: true, createdAt: Date(timeIntervalSince1970: 0),
                payload: sample + "{\"k\":\"" + sample + "\"}")
            let foundation = Array(try encoder.encode(event))
            let fast = event.fastJSON()
            #expect(fast == foundation, "\(sample.debugDescription): \(String(decoding: fast, as: UTF8.self))")
            #expect(fast.withUnsafeBufferPointer { GitHubEvent(fastJSON: $0) } == event, "\(sample.debugDescription)")
        }
    }

    @Test func anUnterminatedOrRawControlStringIsNotAnObject() {
        for json in [#"{"id":"1"#, "{\"id\":\"a\u{1}b\"}", #"{"id":"a\"}"#, #"{"id":"abcdefghijklmnopqrstuvwxyz\"#] {
            let bytes = Array(json.utf8)
            let wellFormed = bytes.withUnsafeBufferPointer { buffer in JSONObjectScanner.members(of: buffer) { _, _ in }
            }
            #expect(!wellFormed, "\(json.debugDescription)")
        }
    }
}
