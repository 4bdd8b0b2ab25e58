import Foundation

/// Where a Google Cloud client gets its OAuth 2 access tokens.
public protocol AccessTokenSource: Sendable {
    /// A bearer token valid for at least a minute, or nil when requests go unauthenticated (emulators).
    func accessToken() async throws(GoogleCloudError) -> String?
}

/// No credentials: requests to an emulator (`STORAGE_EMULATOR_HOST`, `BIGQUERY_EMULATOR_HOST`).
public struct NoCredentials: AccessTokenSource {
    public init() {}
    public func accessToken() async throws(GoogleCloudError) -> String? { nil }
}

/// A token and when it stops being valid.
struct ExpiringToken: Sendable {
    let value: String
    let expiresAt: Date

    /// Still usable for a minute at least.
    var isFresh: Bool { expiresAt.timeIntervalSinceNow > 60 }
}

/// One token at a time, fetched again shortly before it expires; concurrent callers share one refresh.
actor TokenCache {
    private var current: ExpiringToken?
    private var refreshing: Task<ExpiringToken, any Error>?

    func token(fetch: @escaping @Sendable () async throws -> ExpiringToken) async throws(GoogleCloudError) -> String {
        if let current, current.isFresh { return current.value }
        let task = refreshing ?? Task { try await fetch() }
        refreshing = task
        defer { refreshing = nil }
        do {
            let token = try await task.value
            current = token
            return token.value
        } catch let error as GoogleCloudError {
            throw error
        } catch {
            throw GoogleCloudError(kind: .authentication, service: "oauth2", operation: "token", message: "\(error)")
        }
    }
}

/// The OAuth 2 token endpoint's answer (the service-account exchange and the metadata server share it).
// swift-format-ignore: AlwaysUseLowerCamelCase
struct TokenResponse: Decodable {
    let access_token: String
    let expires_in: Int?
}
