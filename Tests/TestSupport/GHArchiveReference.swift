import Foundation

/// An independent reading of a GH Archive file (zcat and Python's json), to check ghstats against.
public enum GHArchiveReference {
    /// The real hour in `Tests/Fixtures/gharchive`.
    public static var hour: URL {
        ProjectPaths.fixture("gharchive/2015-01-01-12.json.gz")
    }

    /// Events per type in a gzip file of event lines.
    public static func typeCounts(_ path: String) throws -> [String: Int] {
        let data = try shell(
            "zcat \"$0\" | python3 -c 'import sys, json, collections; c = collections.Counter(json.loads(l)[\"type\"] for l in sys.stdin if l.strip()); print(json.dumps(c))'",
            path)
        return try JSONDecoder().decode([String: Int].self, from: data)
    }

    /// What `script` (sh, with `argument` as `$0`) prints.
    static func shell(_ script: String, _ argument: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, argument]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// The file's events as rows of the BigQuery `githubarchive` tables (payload as JSON text, repo/actor/org
    /// records), newline-delimited, converted by Python's json.
    public static func githubArchiveRows(_ path: String) throws -> Data {
        try shell(
            """
            zcat "$0" | python3 -c '
            import sys, json
            for line in sys.stdin:
                if not line.strip(): continue
                e = json.loads(line)
                row = {"type": e["type"], "public": e.get("public", True), "payload": json.dumps(e.get("payload", {})),
                       "repo": {k: e["repo"].get(k) for k in ("id", "name", "url")},
                       "actor": {k: e["actor"].get(k) for k in ("id", "login", "url")},
                       "org": {k: e["org"].get(k) for k in ("id", "login", "url")} if e.get("org") else None,
                       "created_at": e["created_at"], "id": e["id"]}
                print(json.dumps(row))
            '
            """,
            path)
    }
}
