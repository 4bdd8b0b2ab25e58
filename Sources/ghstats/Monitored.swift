import Logging
import Monitoring

/// Runs a command's work with its `/metrics` endpoint served beside it, stopped when the work ends.
enum Monitored {
    static func run<T: Sendable>(
        _ configuration: MonitoringConfiguration, logger: Logger, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        PrometheusExporter.bootstrap()
        guard configuration.enabled else { return try await body() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try? await MonitoringServer(configuration: configuration, logger: logger).run()
                return nil
            }
            group.addTask { try await body() }
            while let next = try await group.next() {
                if let result = next {
                    group.cancelAll()
                    return result
                }
            }
            throw CancellationError()
        }
    }
}
