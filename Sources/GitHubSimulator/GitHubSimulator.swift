import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real HTTP server that answers like GitHub's REST API over a seeded, simulated organisation.
public final class GitHubSimulator: Sendable {
    public let configuration: SimulatorConfiguration
    public let organizations: [SimulatedOrganization]
    let routes: SimulatorRoutes
    private let faults: Mutex<[FaultRule]>
    private let requests = Atomic<Int>(0)

    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        let organizations = configuration.organizations.enumerated().map {
            SimulatedOrganization(login: $0.element, configuration: configuration, organizationIndex: $0.offset)
        }
        self.organizations = organizations
        self.routes = SimulatorRoutes(organizations: organizations, now: configuration.now)
        self.faults = Mutex(configuration.faults)
    }

    /// The counts a complete collection of the window starting at `since` must hold.
    public func expectedCounts(since: Date?) -> SimulatedCounts {
        SimulatedCounts(organizations: organizations, since: since)
    }

    /// Requests answered so far.
    public var requestCount: Int { requests.load(ordering: .relaxed) }

    /// Adds a fault while running.
    public func inject(_ rule: FaultRule) {
        faults.withLock { $0.append(rule) }
    }

    /// The HTTP application; a `Service` that `onListening` tells the bound port.
    func makeApplication(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void) -> some Service {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await self.respond(to: request)
        }
        return Application(
            responder: responder,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "ghstats-simulator"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGTERM/SIGINT or cancellation; `onListening` receives the bound port.
    public func run(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [makeApplication(logger: logger, onListening: onListening)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Starts the server, runs `body` with its base URL, and shuts the server down gracefully when `body` returns.
    public func withRunning<T: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (_ baseURL: String) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            configuration: .init(
                services: [makeApplication(logger: logger) { port in continuation.yield(port) }], logger: logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            do {
                let result = try await body("http://\(configuration.host):\(port)")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    func respond(to request: Request) async throws -> Response {
        requests.add(1, ordering: .relaxed)
        var simulated = SimulatorRequest(
            path: request.uri.path, query: request.uri.query, host: request.head.authority ?? "\(configuration.host)")
        if let fault = takeFault(for: simulated.path) {
            switch fault.kind.value {
            case .status(let code):
                return try json(
                    GitHubShapes.ErrorBody(
                        message: code >= 500 ? "Server Error" : "Simulated \(code)",
                        documentationUrl: "https://docs.github.com/rest", status: "\(code)"),
                    status: code, link: nil)
            case .malformedBody:
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: "{\"id\": 1, \"number\": oops<html>")))
            case .truncatedBody:
                let answer = routes.answer(&simulated)
                let data = try GitHubShapes.makeEncoder().encode(answer.body)
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data.prefix(data.count / 2))))
            case .delay(let duration):
                try await Task.sleep(for: duration)
            }
        }
        let answer = routes.answer(&simulated)
        return try json(answer.body, status: answer.status, link: answer.link)
    }

    private func takeFault(for path: String) -> FaultRule? {
        faults.withLock { rules in
            guard let index = rules.firstIndex(where: { $0.path == path && ($0.times ?? 1) > 0 }) else { return nil }
            let rule = rules[index]
            if let times = rule.times { rules[index].times = times - 1 }
            return rule
        }
    }

    private func json(_ body: any Encodable, status: Int, link: String?) throws -> Response {
        let data = try GitHubShapes.makeEncoder().encode(body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let link { headers[HTTPField.Name("link")!] = link }
        let reset = Int(Date().timeIntervalSince1970) + 3600
        headers[HTTPField.Name("x-ratelimit-limit")!] = "5000"
        headers[HTTPField.Name("x-ratelimit-remaining")!] = "5000"
        headers[HTTPField.Name("x-ratelimit-used")!] = "0"
        headers[HTTPField.Name("x-ratelimit-reset")!] = String(reset)
        headers[HTTPField.Name("x-ratelimit-resource")!] = "core"
        headers[HTTPField.Name("x-github-api-version-selected")!] = "2022-11-28"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
