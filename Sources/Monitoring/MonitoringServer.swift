import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Serves `/metrics` (Prometheus text format) and whatever else is routed onto it (the dashboard), as a service.
/// A port already in use is logged and the process goes on without it: two roles on one machine must not kill
/// each other over a metrics port.
public struct MonitoringServer: Service {
    let configuration: MonitoringConfiguration
    let logger: Logger
    let extraRoutes: @Sendable (Router<BasicRequestContext>) -> Void
    let onListening: @Sendable (Int) async -> Void

    public init(
        configuration: MonitoringConfiguration, logger: Logger,
        extraRoutes: @escaping @Sendable (Router<BasicRequestContext>) -> Void = { _ in },
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.extraRoutes = extraRoutes
        self.onListening = onListening
    }

    public func run() async throws {
        guard configuration.enabled else { return try await gracefulShutdown() }
        PrometheusExporter.bootstrap()
        let router = Router()
        router.add(middleware: AccessTokenMiddleware(token: configuration.accessToken?.value))
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: PrometheusExporter.render())))
        }
        router.get("/healthz") { _, _ in "ok\n" }
        extraRoutes(router)
        let logger = self.logger
        let host = configuration.host
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "ghstats"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("serving /metrics", metadata: ["http.address": "\(host):\(port)"])
                await onListening(port)
            },
            logger: logger)
        var failure = "stopped"
        do {
            try await application.runService()
        } catch {
            failure = "\(error)"
        }
        // A port already in use ends the server early (thrown or not): the process goes on without it.
        guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
        logger.warning(
            "metrics endpoint not served; the process goes on without it",
            metadata: ["http.address": "\(host):\(configuration.port)", "gh.error": "\(failure)"])
        try? await gracefulShutdown()
    }
}

/// Requires `Authorization: Bearer TOKEN` or `?token=TOKEN` when a token is configured (`/healthz` stays open).
struct AccessTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token, request.uri.path != "/healthz" else { return try await next(request, context) }
        let bearer = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : "" }
        let query = request.uri.queryParameters.get("token")
        guard Self.same(bearer ?? query ?? "", token) else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer"])
        }
        return try await next(request, context)
    }

    /// Compares in time independent of where the strings first differ.
    static func same(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
