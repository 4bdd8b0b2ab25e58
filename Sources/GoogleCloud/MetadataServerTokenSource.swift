import AsyncHTTPClient
import Foundation

/// Access tokens of the VM's or pod's service account from the GCE metadata server
/// (`GCE_METADATA_HOST`, default `metadata.google.internal`).
public struct MetadataServerTokenSource: AccessTokenSource {
    let host: String
    let httpClient: HTTPClient
    private let cache = TokenCache()

    public init(host: String = "metadata.google.internal", httpClient: HTTPClient = .shared) {
        self.host = host
        self.httpClient = httpClient
    }

    public func accessToken() async throws(GoogleCloudError) -> String? {
        let url =
            (host.contains("://") ? host : "http://" + host)
            + "/computeMetadata/v1/instance/service-accounts/default/token"
        let httpClient = self.httpClient
        return try await cache.token {
            let transport = CloudTransport(
                service: "metadata", httpClient: httpClient, credentials: NoCredentials(), retry: .tokenEndpoint,
                logger: .init(label: "ghstats.metadata"))
            let response = try await transport.send(
                .GET, url, operation: "default service account token", headers: [("Metadata-Flavor", "Google")],
                timeout: .seconds(10))
            let token = try transport.decode(TokenResponse.self, response, operation: "default service account token")
            return ExpiringToken(
                value: token.access_token, expiresAt: Date().addingTimeInterval(TimeInterval(token.expires_in ?? 300)))
        }
    }
}
