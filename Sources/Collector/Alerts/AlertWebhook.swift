import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Secrets
import Settings
import Telemetry

/// Posts `CollectionAlert`s as JSON to a webhook (`ALERT_WEBHOOK_URL`: Slack-compatible receivers take the
/// `text` field, others the structured fields). Delivery is retried; a webhook that stays down is logged, and never
/// fails the collection it reports on.
public struct AlertWebhook: Sendable {
    /// A Slack-style webhook URL carries its key: redacted in every description.
    public let url: Secret
    let attempts: Int
    let timeout: Duration
    let logger: Logger

    /// Validates `url` (http or https), naming `key` when it is not.
    /// `timeout` bounds each attempt (a refused connection is retried by the client until then).
    public init(
        url: String, key: String = "ALERT_WEBHOOK_URL", attempts: Int = 3, timeout: Duration = .seconds(10),
        logger: Logger
    ) throws(ConfigurationError) {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
            parsed.host != nil
        else {
            throw ConfigurationError(key: key, reason: "not an http(s) URL")
        }
        self.url = Secret(url)
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.logger = logger
    }

    /// The body posted: the alert's fields plus a one-line `text`.
    static func body(_ alert: CollectionAlert) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var object = try JSONSerialization.jsonObject(with: encoder.encode(alert)) as? [String: Any] ?? [:]
        object["text"] =
            "ghstats \(alert.kind.rawValue) (\(alert.organizations.joined(separator: ", "))"
            + (alert.collectionId.map { ", \($0)" } ?? "") + "): \(alert.reason)"
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Posts `alert`; true when the webhook answered 2xx.
    @discardableResult
    public func post(_ alert: CollectionAlert) async -> Bool {
        guard let body = try? Self.body(alert) else { return false }
        for attempt in 1...attempts {
            var request = HTTPClientRequest(url: url.value)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "ghstats")
            request.headers.add(name: "Connection", value: "close")  // one post now and then: keep no idle connection
            request.body = .bytes(ByteBuffer(bytes: body))
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: TimeAmount(timeout))
                if (200..<300).contains(response.status.code) { return true }
                logger.warning("alert webhook answered \(response.status.code)", metadata: ["gh.attempt": "\(attempt)"])
            } catch {
                logger.warning(
                    "alert webhook unreachable", metadata: ["gh.attempt": "\(attempt)", "gh.error": "\(error)"])
            }
            if attempt < attempts { try? await Task.sleep(for: .milliseconds(200 * (1 << attempt))) }
        }
        logger.error("alert not delivered", metadata: [LogMetadataKeys.collectionID: "\(alert.collectionId ?? "-")"])
        return false
    }
}
