import Foundation
import TestSupport
import Testing

/// `ghstats scheduled` left alone: hundreds of short cycles against a changing simulator, memory and state dir
/// sampled throughout. Figures are printed; the bounds are loose enough for a loaded 2-core machine.
@Suite struct SchedulerSoakTests {
    struct Sample {
        var runs: Int
        var rss: Int
        var stateBytes: Int
        var databaseBytes: Int
        var storeBytes: Int
    }

    static func rss(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1_024
    }

    /// Bytes of the files under `path` (or of the file); `databasesOnly` leaves out WAL and shared-memory files,
    /// which a run fills and the retention pass after it truncates.
    static func bytes(under path: String, databasesOnly: Bool = false) -> Int {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
            let names = manager.subpaths(atPath: path)
        else {
            return (try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        }
        return names.filter { !databasesOnly || !($0.hasSuffix("-wal") || $0.hasSuffix("-shm")) }
            .reduce(0) { total, name in
                total + ((try? manager.attributesOfItem(atPath: path + "/" + name)[.size] as? Int) ?? 0)
            }
    }

    static func runLines(_ output: String) -> Int {
        output.split(separator: "\n").count { $0.hasPrefix("scheduled run ") }
    }

    @Test func hundredsOfScheduledRunsKeepMemoryFlatAndTheStateDirBounded() async throws {
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 4, seed: 53)
        defer { harness.remove() }
        let binary = try ProjectPaths.executable("ghstats")
        try await harness.simulator.withRunning(logger: .quiet) { url in
            let arguments = [
                "scheduled", "--interval", "200ms", "--days", "30", "--org", "sim-org", "--api-url", url,
                "--db", harness.databasePath, "--state-dir", harness.stateDirectory, "--metrics-address", "127.0.0.1:0",
            ]
            let child = try ChildProcess(
                executable: binary, arguments: arguments, directory: harness.directory.url, name: "soak",
                environment: ["GHSTATS_LOG_RETENTION": "1s"])
            defer { if child.isRunning { child.terminate() } }
            let pid = child.process.processIdentifier
            // 300 runs, or as many as 150 s allow once there are 60; a loaded machine gets up to 400 s for those 60.
            let (target, enough) = (300, 60)
            let start = ContinuousClock.now
            var samples: [Sample] = []
            var seen = 0
            func goOn() -> Bool {
                let elapsed = ContinuousClock.now - start
                return seen < target && elapsed < .seconds(400) && (elapsed < .seconds(150) || seen < enough)
            }
            while child.isRunning, goOn() {
                try await Task.sleep(for: .milliseconds(250))
                let runs = Self.runLines(child.output)
                if runs > seen {
                    seen = runs
                    harness.simulator.tick(changes: 2)
                    samples.append(
                        Sample(
                            runs: runs, rss: Self.rss(pid), stateBytes: Self.bytes(under: harness.stateDirectory),
                            databaseBytes: Self.bytes(under: harness.stateDirectory, databasesOnly: true),
                            storeBytes: Self.bytes(under: harness.databasePath)))
                }
            }
            child.terminate()
            #expect(await child.waitForExit(timeout: .seconds(30)) == 0, "\(child.output.suffix(2_000))")
            let output = child.output
            // The SIGTERM above may stop the run in flight; every run before it completed.
            let runs = output.split(separator: "\n").filter { $0.hasPrefix("scheduled run ") }
            #expect(runs.dropLast().allSatisfy { $0.contains(" completed ") }, "\(output.suffix(2_000))")
            #expect(seen >= enough, "only \(seen) runs before the deadline: \(output.suffix(2_000))")
            try #require(samples.count >= 8)

            // After warm-up (the first tenth), the last quarter against the first quarter.
            let settled = Array(samples.dropFirst(samples.count / 10))
            let quarter = max(1, settled.count / 4)
            let first = settled.prefix(quarter)
            let last = settled.suffix(quarter)
            let firstRSS = first.map(\.rss).max() ?? 0
            let lastRSS = last.map(\.rss).max() ?? 0
            let firstState = first.map(\.stateBytes).max() ?? 0
            let lastState = last.map(\.stateBytes).max() ?? 0
            let firstFiles = first.map(\.databaseBytes).max() ?? 0
            let lastFiles = last.map(\.databaseBytes).max() ?? 0
            let mb = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
            print(
                """
                soak: \(seen) runs, \(samples.count) samples; RSS first quarter max \(mb(firstRSS)), last quarter \
                max \(mb(lastRSS)); state dir first quarter max \(mb(firstState)), last quarter max \(mb(lastState)), \
                without WAL \(mb(firstFiles)) → \(mb(lastFiles)) \
                (log.db \(mb(Self.bytes(under: harness.stateDirectory + "/log.db"))), responses.db \
                \(mb(Self.bytes(under: harness.stateDirectory + "/responses.db")))); store \
                \(mb(samples.last?.storeBytes ?? 0))
                """)
            #expect(Double(lastRSS) <= Double(firstRSS) * 1.3, "RSS grew: \(mb(firstRSS)) → \(mb(lastRSS))")
            // The ledger gains a row a run (about 200 bytes); the log and the response cache stay level.
            #expect(
                Double(lastFiles) <= Double(firstFiles) * 1.25 + 256_000,
                "state dir grew: \(mb(firstFiles)) → \(mb(lastFiles))")
            #expect(lastState <= firstState + 8 << 20, "WAL files grew: \(mb(firstState)) → \(mb(lastState))")
        }
    }
}
