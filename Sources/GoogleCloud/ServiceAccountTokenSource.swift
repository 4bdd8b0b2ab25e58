import AsyncHTTPClient
import Foundation
import _CryptoExtras

/// Access tokens for a service account: a JWT signed with its key (RS256) exchanged at its `token_uri`.
public struct ServiceAccountTokenSource: AccessTokenSource {
    public let key: ServiceAccountKey
    let scopes: [String]
    let httpClient: HTTPClient
    private let cache = TokenCache()

    public init(key: ServiceAccountKey, scopes: [String] = GoogleScopes.default, httpClient: HTTPClient = .shared) {
        self.key = key
        self.scopes = scopes
        self.httpClient = httpClient
    }

    public func accessToken() async throws(GoogleCloudError) -> String? {
        let key = self.key
        let scopes = self.scopes
        let httpClient = self.httpClient
        return try await cache.token {
            let assertion = try Self.signedAssertion(key: key, scopes: scopes, now: Date())
            let form = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=\(assertion)"
            let transport = CloudTransport(
                service: "oauth2", httpClient: httpClient, credentials: NoCredentials(), retry: .tokenEndpoint,
                logger: .init(label: "ghstats.oauth2"))
            let response = try await transport.send(
                .POST, key.tokenURI, operation: "token for \(key.clientEmail)", body: Data(form.utf8),
                contentType: "application/x-www-form-urlencoded", timeout: .seconds(10))
            let token = try transport.decode(TokenResponse.self, response, operation: "token for \(key.clientEmail)")
            return ExpiringToken(
                value: token.access_token, expiresAt: Date().addingTimeInterval(TimeInterval(token.expires_in ?? 3_600))
            )
        }
    }

    /// The JWT bearer assertion (RFC 7523) for `key`, valid one hour from `now`.
    static func signedAssertion(key: ServiceAccountKey, scopes: [String], now: Date) throws(GoogleCloudError) -> String
    {
        var header: [String: String] = ["alg": "RS256", "typ": "JWT"]
        if let id = key.privateKeyID { header["kid"] = id }
        let issued = Int(now.timeIntervalSince1970)
        let claims: [String: any Sendable] = [
            "iss": key.clientEmail, "scope": scopes.joined(separator: " "), "aud": key.tokenURI,
            "iat": issued, "exp": issued + 3_600,
        ]
        do {
            let encodedHeader = Base64URL.encode(
                try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
            let encodedClaims = Base64URL.encode(
                try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys]))
            let signingInput = encodedHeader + "." + encodedClaims
            let privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: key.privateKeyPEM)
            let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
            return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
        } catch {
            // The underlying error could quote key material: say only what failed.
            throw GoogleCloudError(
                kind: .authentication, service: "oauth2", operation: "sign for \(key.clientEmail)",
                message: "the private_key of the key file is not a usable RSA key")
        }
    }
}

/// OAuth 2 scopes ghstats asks for.
public enum GoogleScopes {
    public static let cloudPlatform = "https://www.googleapis.com/auth/cloud-platform"
    public static let `default` = [cloudPlatform]
}

/// Base64 with the URL alphabet and no padding (JWT segments).
enum Base64URL {
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
