import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import TestSupport

/// Plain HTTP GETs against the simulator, returning status, headers and parsed JSON.
struct SimulatorClient {
    let baseURL: String

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data
        var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }
        var array: [JSONValue] {
            if case .array(let items) = json { return items }
            return []
        }
    }

    /// `POST /graphql` with `query` and `variables`.
    func graphQL(_ query: String, variables: [String: String] = [:], token: String? = "gql-token") async throws -> Reply
    {
        var request = HTTPClientRequest(url: baseURL + "/graphql")
        request.method = .POST
        if let token { request.headers.add(name: "Authorization", value: "bearer \(token)") }
        let body = try JSONSerialization.data(withJSONObject: ["query": query, "variables": variables])
        request.body = .bytes(ByteBuffer(data: body))
        return try await send(request)
    }

    func get(_ path: String, token: String? = nil, headers extra: [String: String] = [:]) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 32 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: headers, body: Data(buffer: body))
    }
}
