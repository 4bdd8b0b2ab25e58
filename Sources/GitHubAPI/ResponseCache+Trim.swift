import DurationConversion
import Foundation
import SQLiteDB

extension ResponseCache {
    /// The URL without its `since=` parameter: a new window of the same listing replaces the old one, which
    /// no later run asks for again.
    static func family(_ url: String) -> String {
        guard let query = url.firstIndex(of: "?") else { return url }
        let kept = url[url.index(after: query)...].split(separator: "&").filter { !$0.hasPrefix("since=") }
        return String(url[..<query]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    /// Drops entries older than `limits.maxAge`, those of a loopback server other than `baseURL` (a simulator
    /// restarted on another port is never asked again at the old one), then the oldest beyond `limits.maxBytes`,
    /// and returns the freed pages to the file system. Returns the entries dropped.
    @discardableResult
    public func trim(_ limits: ResponseCacheLimits, baseURL: String? = nil, now: Date = Date()) async throws -> Int {
        let cutoff = now.addingTimeInterval(-limits.maxAge.inSeconds).formatted(.iso8601)
        return try await database.perform { db in
            let before = try db.query("SELECT COUNT(*) FROM responses").first?.int64(0) ?? 0
            try db.run("DELETE FROM responses WHERE stored_at < ?", [.text(cutoff)])
            if let baseURL {
                for loopback in ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"] {
                    try db.run(
                        "DELETE FROM responses WHERE substr(url, 1, ?) = ? AND substr(url, 1, ?) <> ?",
                        [
                            .integer(Int64(loopback.utf8.count)), .text(loopback),
                            .integer(Int64(baseURL.utf8.count)), .text(baseURL),
                        ])
                }
            }
            var total = try db.query("SELECT COALESCE(SUM(length(body)), 0) FROM responses").first?.int64(0) ?? 0
            if total > Int64(limits.maxBytes) {
                var dropUntil: String?
                for row in try db.query("SELECT stored_at, length(body) FROM responses ORDER BY stored_at") {
                    guard total > Int64(limits.maxBytes) else { break }
                    total -= row.int64(1) ?? 0
                    dropUntil = row.string(0)
                }
                if let dropUntil { try db.run("DELETE FROM responses WHERE stored_at <= ?", [.text(dropUntil)]) }
            }
            let after = try db.query("SELECT COUNT(*) FROM responses").first?.int64(0) ?? 0
            if try db.query("PRAGMA freelist_count").first?.int64(0) ?? 0 > 0 {
                if try db.query("PRAGMA auto_vacuum").first?.int64(0) != 2 {
                    try db.execute("PRAGMA auto_vacuum = INCREMENTAL; VACUUM;")
                } else {
                    try db.execute("PRAGMA incremental_vacuum;")
                }
                try db.execute("PRAGMA wal_checkpoint(TRUNCATE);")
            }
            return Int(before - after)
        }
    }
}
