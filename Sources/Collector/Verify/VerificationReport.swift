/// What `verify` found: per store, repository and stream, what GitHub has, what the store holds, and the gaps.
public struct VerificationReport: Sendable {
    /// One repository's stream.
    public struct Row: Sendable {
        /// The store compared: `sqlite`, `gcs` or `bigquery`.
        public let store: String
        public let repository: String
        public let stream: String
        public let github: Int
        public let stored: Int
        /// Items GitHub has that the store lacks (or holds fewer of).
        public let missing: Int
        /// Items the store holds that GitHub no longer has in the window.
        public let extra: Int
        /// Items the store holds in an older version (`updated_at` behind GitHub's).
        public let stale: Int

        public var gaps: Int { missing + extra + stale }
    }

    public var rows: [Row] = []
    /// What could not be checked, and why.
    public var unchecked: [String] = []
    /// Pull requests to fetch again (missing, stale, or with reviews or comments missing), per repository.
    public var pullRequestsToFetch: [String: Set<Int>] = [:]
    /// Repository listings to read again (`org/repo` → streams), where only a count can be compared.
    public var listingsToFetch: [String: Set<String>] = [:]

    public var gaps: Int { rows.reduce(0) { $0 + $1.gaps } }

    public var text: String {
        var lines = [
            "store     repository                  stream             github   stored  missing    extra    stale"
        ]
        for row in rows where row.gaps > 0 {
            lines.append(
                row.store.padding(toLength: 9, withPad: " ", startingAt: 0) + " "
                    + row.repository.padding(toLength: 27, withPad: " ", startingAt: 0) + " "
                    + row.stream.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + [row.github, row.stored, row.missing, row.extra, row.stale].map { String($0).leftPadded(8) }
                    .joined(separator: " "))
        }
        let checked = Set(rows.filter { $0.stream != "repositories" }.map(\.repository)).count
        let stores = Set(rows.map(\.store)).sorted().joined(separator: ", ")
        lines.append(
            "\(checked) repositories in \(stores), \(rows.count) streams checked; \(rows.filter { $0.gaps > 0 }.count) with gaps, \(gaps) items in all"
        )
        lines += unchecked.map { "not checked: \($0)" }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
