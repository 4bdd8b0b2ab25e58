import Hummingbird
import ServiceLifecycle
import Testing

/// A server on a free loopback port for the duration of `body` (webhook receivers, fake Google endpoints, the
/// monitoring server), shut down gracefully when `body` returns.
enum TestHTTPServer {
    /// Runs the service `make` builds (it must report its bound port to the callback) while `body` runs.
    static func withService<T: Sendable>(
        _ make: (@escaping @Sendable (Int) async -> Void) -> any Service,
        _ body: @escaping @Sendable (String) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(configuration: .init(services: [make { continuation.yield($0) }], logger: .quiet))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            defer { Task { await group.triggerGracefulShutdown() } }
            let result = try await body("http://127.0.0.1:\(port)")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }

    /// Serves `router` while `body` runs.
    static func withRunning<T: Sendable>(
        _ router: Router<BasicRequestContext>, _ body: @escaping @Sendable (String) async throws -> T
    ) async throws -> T {
        try await withService(
            { onListening in
                Application(
                    router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { await onListening($0.localAddress?.port ?? 0) }, logger: .quiet)
            }, body)
    }
}
