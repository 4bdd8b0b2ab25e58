import Hummingbird
import ServiceLifecycle
import Testing

/// A Hummingbird server on a free loopback port for the duration of `body` (webhook receivers and the like).
enum TestHTTPServer {
    static func withRunning<T: Sendable>(
        _ router: Router<BasicRequestContext>, _ body: @escaping @Sendable (String) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: .quiet)
        let group = ServiceGroup(configuration: .init(services: [app], logger: .quiet))
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
}
