import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// One HTTP exchange with a Google API: authorization, retries of transient failures, errors with the
/// service's own message. Shared by the GCS and BigQuery clients.
struct CloudTransport: Sendable {
    let service: String
    let httpClient: HTTPClient
    let credentials: any AccessTokenSource
    let retry: RetrySchedule
    let logger: Logger

    struct Response: Sendable {
        let status: Int
        let body: Data
    }

    /// How often and how long to retry 429/5xx/transport failures: no attempt starts after `budget`.
    struct RetrySchedule: Sendable {
        var attempts: Int = 5
        var firstDelay: Duration = .milliseconds(200)
        var maximumDelay: Duration = .seconds(10)
        /// Total time from the first attempt after which no retry starts. Default 90 s.
        var budget: Duration = .seconds(90)

        /// For token endpoints (10 s per attempt): few attempts within 10 s, so bad credentials fail a start quickly.
        static let tokenEndpoint = RetrySchedule(attempts: 3, budget: .seconds(10))
        /// For a check before work starts: two attempts within 10 s.
        static let probe = RetrySchedule(attempts: 2, firstDelay: .milliseconds(500), budget: .seconds(10))
    }

    /// The same transport with another retry schedule.
    func retrying(_ schedule: RetrySchedule) -> CloudTransport {
        CloudTransport(
            service: service, httpClient: httpClient, credentials: credentials, retry: schedule, logger: logger)
    }

    /// Sends the request; statuses in `accept` are returned, transient failures retried, others thrown.
    func send(
        _ method: HTTPMethod, _ url: String, operation: String, body: Data? = nil, contentType: String? = nil,
        accept: Set<Int> = [200], headers extraHeaders: [(String, String)] = [], timeout: TimeAmount = .seconds(120)
    ) async throws(GoogleCloudError) -> Response {
        var delay = retry.firstDelay
        var attempt = 1
        let clock = ContinuousClock()
        let deadline = clock.now + retry.budget
        while true {
            do {
                return try await once(
                    method, url, operation: operation, body: body, contentType: contentType, accept: accept,
                    headers: extraHeaders, timeout: timeout)
            } catch  where error.isTransient && attempt < retry.attempts && clock.now + delay < deadline {
                logger.warning(
                    "Google Cloud call failed; retrying",
                    metadata: [
                        "gcp.service": "\(service)", "gcp.operation": "\(operation)", "gcp.attempt": "\(attempt)",
                        "error": "\(error)",
                    ])
                try await Self.sleep(for: delay, service: service, operation: operation)
                delay = min(delay * 2, retry.maximumDelay)
                attempt += 1
            }
        }
    }

    private func once(
        _ method: HTTPMethod, _ url: String, operation: String, body: Data?, contentType: String?, accept: Set<Int>,
        headers extraHeaders: [(String, String)], timeout: TimeAmount
    ) async throws(GoogleCloudError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        let token: String?
        do {
            token = try await credentials.accessToken()
        } catch {
            // The token source retried already: retrying it again here would nest the two schedules.
            throw error.final
        }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.headers.add(name: "User-Agent", value: "ghstats")
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(ByteBuffer(data: body))
        } else if method == .POST || method == .PUT {
            request.body = .bytes(ByteBuffer())
        }
        let status: Int
        let data: Data
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            status = Int(response.status.code)
            var buffer = try await response.body.collect(upTo: 512 * 1024 * 1024)
            data = buffer.readData(length: buffer.readableBytes) ?? Data()
        } catch {
            if Task.isCancelled { throw GoogleCloudError.cancelled(service: service, operation: operation) }
            throw GoogleCloudError(kind: .transport, service: service, operation: operation, message: "\(error)")
        }
        guard accept.contains(status) else {
            throw GoogleCloudError(
                kind: status == 401 || status == 403 ? .authentication : .http, service: service, operation: operation,
                status: status, message: Self.errorMessage(data))
        }
        return Response(status: status, body: data)
    }

    /// The `error.message` of a Google API error body, or the start of the body.
    static func errorMessage(_ body: Data) -> String {
        struct Envelope: Decodable {
            struct Inner: Decodable { let message: String? }
            let error: Inner?
        }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: body), let message = envelope.error?.message {
            return message
        }
        return String(decoding: body.prefix(300), as: UTF8.self)
    }

    /// Waits `delay`; a cancelled task stops at once with a `cancelled` error.
    static func sleep(for delay: Duration, service: String, operation: String) async throws(GoogleCloudError) {
        do {
            try await Task.sleep(for: delay)
        } catch {
            throw GoogleCloudError.cancelled(service: service, operation: operation)
        }
    }

    /// Decodes a JSON answer, naming the operation when it does not fit.
    func decode<T: Decodable>(_ type: T.Type, _ response: Response, operation: String) throws(GoogleCloudError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            throw GoogleCloudError(
                kind: .malformedResponse, service: service, operation: operation, status: response.status,
                message: "unexpected answer: \(error)")
        }
    }
}

extension String {
    /// Percent-encoded for one path segment of a Google API URL (`/` encoded too, as object names need).
    var pathSegmentEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
