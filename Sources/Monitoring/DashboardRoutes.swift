import Foundation
import Hummingbird
import Store

/// The dashboard's routes: the page at `/` and its JSON at `/api/health` and `/api/velocity`.
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
