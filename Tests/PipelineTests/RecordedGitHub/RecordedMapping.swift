import Foundation
import TestSupport

/// One WireMock mapping of `Tests/Fixtures/github-recorded`: a real request to api.github.com and GitHub's answer,
/// its body kept as the recorded bytes and its `{{now ...}}` header templates filled in when served.
struct RecordedMapping: Sendable {
    struct Header: Sendable {
        let name: String
        let value: String
    }

    /// The scenario folder and mapping file, e.g. `GHPullRequestTest/checkNonExistentAuthor/4-r_h_g_pulls_2.json`.
    let source: String
    /// The recording order (the number the file name starts or ends with).
    let index: Int
    let method: String
    /// Path and query as recorded (`/repos/o/r/pulls/2`).
    let url: String
    let status: Int
    let headers: [Header]
    /// The body bytes as GitHub sent them (empty when the answer had none).
    let body: [UInt8]

    var path: String { String(url.split(separator: "?", maxSplits: 1).first ?? "") }
    var json: JSONValue? { body.isEmpty ? nil : try? JSONValue.parse(Data(body)) }

    /// The recorded headers with templates filled relative to `now`; hop-by-hop and length headers are left to the
    /// server, and `Location` (of a POST) is dropped when a body is served for a GET.
    func servedHeaders(now: Date = Date()) -> [Header] {
        let skipped: Set<String> = [
            "content-length", "transfer-encoding", "content-encoding", "location", "connection",
        ]
        return headers.filter { !skipped.contains($0.name.lowercased()) }
            .map { Header(name: $0.name, value: RecordedTemplate.fill($0.value, now: now)) }
    }

    /// Every mapping of one scenario folder (`GHPullRequestTest/pullRequestReviews`), in recording order.
    static func scenario(_ folder: String) throws -> [RecordedMapping] {
        let root = ProjectPaths.fixture("github-recorded").appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("mappings").path)
        return try files.filter { $0.hasSuffix(".json") }.map { try load(root, file: $0, folder: folder) }
            .sorted { $0.index < $1.index }
    }

    private static func load(_ root: URL, file: String, folder: String) throws -> RecordedMapping {
        let data = try Data(contentsOf: root.appendingPathComponent("mappings").appendingPathComponent(file))
        guard let mapping = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let request = mapping["request"] as? [String: Any], let response = mapping["response"] as? [String: Any]
        else { throw RecordingError(file: file, reason: "not a WireMock mapping") }
        var headers: [Header] = []
        for (name, value) in (response["headers"] as? [String: Any]) ?? [:] {
            if let text = value as? String {
                headers.append(Header(name: name, value: text))
            } else if let values = value as? [String] {
                headers += values.map { Header(name: name, value: $0) }
            }
        }
        var body: [UInt8] = []
        if let name = response["bodyFileName"] as? String {
            body = Array(try Data(contentsOf: root.appendingPathComponent("__files").appendingPathComponent(name)))
        } else if let inline = response["body"] as? String {
            body = Array(inline.utf8)
        }
        let stem = file.replacingOccurrences(of: ".json", with: "")
        let leading = Int(stem.prefix { $0.isNumber })
        let trailing = stem.split(separator: "-").compactMap { Int($0) }.first
        return RecordedMapping(
            source: "\(folder)/\(file)", index: leading ?? trailing ?? 0,
            method: (request["method"] as? String) ?? "GET",
            url: (request["url"] as? String) ?? (request["urlPath"] as? String) ?? "",
            status: (response["status"] as? Int) ?? 200, headers: headers.sorted { $0.name < $1.name }, body: body)
    }
}

/// A recording that is not what the replay expects.
struct RecordingError: Error, CustomStringConvertible {
    let file: String
    let reason: String
    var description: String { "\(file): \(reason)" }
}
