import Foundation

/// A request as the simulator sees it: a path split in segments, query items, and how to build link URLs.
struct SimulatorRequest {
    /// Path segments after any `/api/v3` prefix, with `/repositories/{id}` resolved to `/repos/{owner}/{name}`.
    var segments: [String]
    let query: [String: String]
    /// `http://host[/api/v3]`, for `Link` and `url` fields.
    let apiRoot: String
    /// The path as requested, for `Link` URLs.
    var requestPath: String
    /// `http://host`.
    let origin: String
    /// `/api/v3` or empty.
    let prefix: String

    init(path: String, query: String?, host: String) {
        var path = path
        var prefix = ""
        if path.hasPrefix("/api/v3/") || path == "/api/v3" {
            prefix = "/api/v3"
            path = String(path.dropFirst(prefix.count))
        }
        self.requestPath = prefix + path
        self.prefix = prefix
        self.origin = "http://\(host)"
        self.apiRoot = origin + prefix
        self.segments = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        var items: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard let name = parts.first?.removingPercentEncoding else { continue }
            let value = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ") : ""
            items[name] = value.removingPercentEncoding ?? value
        }
        self.query = items
    }

    /// Makes `Link` URLs name the repository by id: `/repositories/{id}/...`, as GitHub's often do.
    mutating func linkByRepositoryID(_ id: Int64) {
        guard segments.count >= 3, segments[0] == "repos" else { return }
        requestPath = prefix + "/repositories/\(id)/" + segments.dropFirst(3).joined(separator: "/")
    }

    /// The simulator's path for fault matching: `/repos/o/r/pulls/1`.
    var path: String { "/" + segments.joined(separator: "/") }

    func date(_ name: String) -> Date? {
        guard let text = query[name] else { return nil }
        return SimulatorRequest.parseDate(text)
    }

    /// Accepts `2024-01-31T12:00:00Z`, `...+00:00` and fractional seconds, as GitHub does.
    static func parseDate(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: trimmed) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: trimmed)
    }

    /// A `Link` URL for page `page` of this listing.
    func linkURL(page: Int) -> String {
        var items = query
        items["page"] = String(page)
        let encoded = items.sorted { $0.key < $1.key }.map { key, value in
            let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "+&="))
            return "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
        return "\(origin)\(requestPath)?\(encoded)"
    }
}
