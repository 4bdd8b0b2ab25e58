import ServiceLifecycle

/// Runs `operation` to its end, unless a graceful shutdown begins and `deadline` passes after it: then the
/// operation is cancelled and `CancellationError` thrown. Without a shutdown it is never cut short.
func withDeadlineAfterGracefulShutdown<T: Sendable>(
    _ deadline: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            // Ends at once (throwing) when the operation finished first and the group cancelled this.
            try await gracefulShutdown()
            try await Task.sleep(for: deadline)
            return nil
        }
        while let result = try await group.next() {
            if let value = result {
                group.cancelAll()
                return value
            }
            group.cancelAll()
            throw CancellationError()
        }
        throw CancellationError()
    }
}
