import Foundation
import Hummingbird
import Settings
import Store

/// The dashboard's routes: the page at `/` and its JSON at `/api/health`, `/api/overview` (the lead's view of a
/// period) and `/api/velocity` (daily series). A bad filter is answered 400 with `{"error": ...}`.
public enum DashboardRoutes {
    public static func add(to router: Router<BasicRequestContext>, data: DashboardData) {
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
        router.get("/api/health") { _, _ in
            try json(try await data.health())
        }
        router.get("/api/overview") { request, _ in
            let query = request.uri.queryParameters
            let since: String
            do {
                since = try ReportPeriod.firstDay(query.get("since") ?? "90d")
            } catch let error as ConfigurationError {
                return try json(["error": "since: \(error.reason)"], status: .badRequest)
            }
            let nonEmpty = { (name: String) in query.get(name).flatMap { $0.isEmpty || $0 == "*" ? nil : $0 } }
            guard
                let overview = try await data.overview(
                    org: nonEmpty("org"), repo: nonEmpty("repo"), author: nonEmpty("author"), since: since)
            else {
                return try json(["error": "the store holds no organisation yet: collect first"], status: .notFound)
            }
            return try json(overview)
        }
        router.get("/api/velocity") { request, _ in
            let query = request.uri.queryParameters
            let since: String
            do {
                since = try ReportPeriod.firstDay(query.get("since") ?? "90d")
            } catch {
                return try json(["error": "\(error)"], status: .badRequest)
            }
            let repo = query.get("repo").flatMap { $0.isEmpty ? nil : $0 }
            let author = query.get("author").flatMap { $0.isEmpty ? nil : $0 } ?? "*"
            return try json(try await data.velocity(org: query.get("org"), repo: repo, author: author, since: since))
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
