import Foundation

/// A process of a built executable, with its output in files, that a test can SIGKILL.
public final class ChildProcess: @unchecked Sendable {
    public let process: Process
    public let outputPath: String

    /// Starts `executable` with `arguments` in `directory`; stdout and stderr go to `directory/name.log`.
    /// `environment` is added to this process's (without its GITHUB_ and GHSTATS_ settings).
    public init(
        executable: URL, arguments: [String], directory: URL, name: String, environment extra: [String: String] = [:]
    ) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("GITHUB_") || key.hasPrefix("GHSTATS_") {
            environment[key] = nil
        }
        process.environment = environment.merging(extra) { $1 }
        outputPath = directory.appendingPathComponent("\(name).log").path
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// A process still running when its test lets go of it (a test that failed before stopping it) is killed: no
    /// process outlives the test that started it.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    public var isRunning: Bool { process.isRunning }

    /// Kills the process with SIGKILL (no chance to clean up) and waits for it.
    public func killHard() async {
        kill(process.processIdentifier, SIGKILL)
        _ = await waitForExit()
    }

    /// Asks the process to stop gracefully (SIGTERM).
    public func terminate() {
        kill(process.processIdentifier, SIGTERM)
    }

    /// Waits (without blocking a thread) until the process exits; returns its exit status.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(300)) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Everything the process printed.
    public var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }
}
