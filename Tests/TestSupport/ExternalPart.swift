import Foundation
import KafkaLog
import Testing

/// A part outside the Swift package that some tests need: an emulator, a browser, a tool, a broker.
///
/// Absent, its tests are skipped with the reason. When the environment variable `CI` is set they run (and fail
/// where they use it): CI runs everything, and no skip there may hide a missing part.
public struct ExternalPart: Sendable, CustomStringConvertible {
    public let name: String
    /// How to provide the part.
    public let remedy: String
    private let find: @Sendable () -> Bool

    public init(name: String, remedy: String, find: @escaping @Sendable () -> Bool) {
        self.name = name
        self.remedy = remedy
        self.find = find
    }

    public var isPresent: Bool { find() }
    public var description: String { name }
    /// Why a test needing the part does not run.
    public var absence: String { "\(name) is not available: \(remedy)" }

    /// True when `CI` is set (and not `0` or `false`): absent parts fail tests instead of skipping them.
    public static var mustRunEverything: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() else { return false }
        return !["", "0", "false", "no"].contains(value)
    }

    /// Returns when the part is present; otherwise cancels (skips) the running test or test case, or under CI
    /// throws naming the part. For a case of a parameterised test; whole tests take the `.requires` trait.
    public func require() throws {
        guard !isPresent else { return }
        if Self.mustRunEverything { throw Missing(part: self) }
        try Test.cancel(Comment(rawValue: absence))
    }

    /// A part a running test needs and does not find.
    public struct Missing: Error, CustomStringConvertible {
        public let part: ExternalPart
        public init(part: ExternalPart) { self.part = part }
        public var description: String {
            (ExternalPart.mustRunEverything ? "CI is set, so nothing is skipped, but " : "") + part.absence
        }
    }

    /// The first executable of `names` on `PATH`.
    public static func onPath(_ names: String...) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in names {
                let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }
}

extension ExternalPart {
    /// The GCS and BigQuery emulators of `scripts/emulators.sh`, found by the variables it exports.
    public static let cloudEmulators = ExternalPart(
        name: "the GCS and BigQuery emulators",
        remedy: "run the tests with ./scripts/test, or `. scripts/emulators.sh` first"
    ) { (try? CloudEmulators()) != nil }

    /// Headless Chromium (Debian's `chromium`).
    public static let chromium = ExternalPart(name: "chromium", remedy: "apt-get install chromium") {
        onPath("chromium", "chromium-browser") != nil
    }

    /// Prometheus' `promtool` (Debian's `prometheus`).
    public static let promtool = ExternalPart(name: "promtool", remedy: "apt-get install prometheus") {
        onPath("promtool") != nil
    }

    /// kcat (Debian's `kcat`): a Kafka consumer that is not ghstats, to read the topics as a subscriber would.
    public static let kcat = ExternalPart(name: "kcat", remedy: "apt-get install kcat") {
        onPath("kcat", "kafkacat") != nil
    }

    /// `ghstats-kafka-mock`: librdkafka's mock cluster as a process (`KafkaMockCluster`).
    public static let kafkaMock = ExternalPart(
        name: "ghstats-kafka-mock", remedy: "run `swift build` before `swift test`"
    ) { (try? ProjectPaths.executable("ghstats-kafka-mock")) != nil }

    /// Tansu, a second Kafka-protocol broker (`TansuBroker`): its binary from `scripts/interop-tansu.sh`, and a
    /// librdkafka of 2.1 or later in this process (2.0.2 fails Tansu's ApiVersion reply).
    public static let tansu = ExternalPart(
        name: "Tansu",
        remedy: "run scripts/interop-tansu.sh once (it installs .emu/tansu and builds .emu/librdkafka-2.8.0), then "
            + "the tests with LD_LIBRARY_PATH=.emu/librdkafka-2.8.0/lib; this process loaded librdkafka "
            + KafkaLog.libraryVersion
    ) { TansuBroker.executable != nil && TansuBroker.libraryIsRecentEnough }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when every part of `parts` is present, and always under CI (where it then fails).
    public static func requires(_ parts: ExternalPart...) -> Self {
        .enabled(
            if: ExternalPart.mustRunEverything || parts.allSatisfy(\.isPresent),
            Comment(rawValue: parts.map { "needs \($0.name): \($0.remedy)" }.joined(separator: "; ")))
    }
}
