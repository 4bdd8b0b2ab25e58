import Foundation

/// The GCS and BigQuery emulators the test command starts (`scripts/emulators.sh`), found by the variables
/// it exports. Each test gets names of its own, so tests share the emulators without seeing each other's data.
public struct CloudEmulators: Sendable {
    public let storageHost: String
    public let bigQueryHost: String
    public let project: String

    public struct NotRunning: Error, CustomStringConvertible {
        public var description: String {
            "STORAGE_EMULATOR_HOST and BIGQUERY_EMULATOR_HOST are not set: run the tests with ./scripts/test, "
                + "or start the emulators with `. scripts/emulators.sh` first"
        }
    }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let storage = environment["STORAGE_EMULATOR_HOST"], let bigQuery = environment["BIGQUERY_EMULATOR_HOST"]
        else { throw NotRunning() }
        storageHost = storage
        bigQueryHost = bigQuery
        project = environment["BIGQUERY_PROJECT"] ?? "test-project"
    }

    /// A name no other test uses: lower-case letters, digits and `_` (valid as a bucket and a dataset name).
    public static func uniqueName(_ label: String) -> String {
        "\(label)_\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Settings as the environment would give them, for `SettingsSource(values:)`.
    public func settings(bucket: String, dataset: String, extra: [String: String] = [:]) -> [String: String] {
        [
            "STORAGE_EMULATOR_HOST": storageHost, "BIGQUERY_EMULATOR_HOST": bigQueryHost,
            "BIGQUERY_PROJECT_ID": project,
            "GCS_BUCKET_NAME": bucket, "BIGQUERY_DATASET_ID": dataset,
        ].merging(extra) { $1 }
    }
}
