import Foundation

/// An independent reading of a GH Archive file (zcat and Python's json), to check ghstats against.
public enum GHArchiveReference {
    /// The real hour in `../shared/fixtures/gharchive`.
    public static var hour: URL {
        ProjectPaths.root.deletingLastPathComponent().appendingPathComponent("shared/fixtures/gharchive/2015-01-01-12.json.gz")
    }

    /// Events per type in a gzip file of event lines.
    public static func typeCounts(_ path: String) throws -> [String: Int] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c",
            "zcat \"$0\" | python3 -c 'import sys, json, collections; c = collections.Counter(json.loads(l)[\"type\"] for l in sys.stdin if l.strip()); print(json.dumps(c))'",
            path,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([String: Int].self, from: data)
    }
}
