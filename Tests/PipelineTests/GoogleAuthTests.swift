import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing
import _CryptoExtras

@testable import CloudStore
@testable import GoogleCloud
@testable import Settings

/// Credentials over real HTTP: a token endpoint that checks the JWT's RS256 signature with the account's public
/// key, a metadata server, and a storage endpoint that demands the bearer token.
@Suite struct GoogleAuthTests {
    /// A Google-like OAuth endpoint and storage listing on 127.0.0.1.
    final class FakeGoogle: Sendable {
        let publicKey: _RSA.Signing.PublicKey
        let issued = Atomic<Int>(0)
        let refuse: Bool
        static let accessToken = "ya29.secret-access-token"

        init(publicKey: _RSA.Signing.PublicKey, refuse: Bool = false) {
            self.publicKey = publicKey
            self.refuse = refuse
        }

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.post("/token") { request, _ -> Response in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
                let form = Dictionary(
                    body.split(separator: "&").map { pair -> (String, String) in
                        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                        return (parts[0], (parts.count > 1 ? parts[1] : "").removingPercentEncoding ?? "")
                    }, uniquingKeysWith: { $1 })
                guard !self.refuse, form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    let assertion = form["assertion"], self.verify(assertion)
                else {
                    return Response(
                        status: .badRequest, headers: [.contentType: "application/json"],
                        body: .init(
                            byteBuffer: ByteBuffer(
                                string: #"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#)))
                }
                self.issued.add(1, ordering: .relaxed)
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(
                        byteBuffer: ByteBuffer(
                            string: #"{"access_token":"\#(Self.accessToken)","expires_in":3599,"token_type":"Bearer"}"#)
                    ))
            }
            router.get("/computeMetadata/v1/instance/service-accounts/default/token") { request, _ -> Response in
                guard request.headers.first(where: { $0.name.canonicalName == "metadata-flavor" })?.value == "Google"
                else { return Response(status: .forbidden) }
                self.issued.add(1, ordering: .relaxed)
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(
                        byteBuffer: ByteBuffer(string: #"{"access_token":"\#(Self.accessToken)","expires_in":3599}"#)))
            }
            router.get("/storage/v1/b/{bucket}/o") { request, _ -> Response in
                guard request.headers[.authorization] == "Bearer \(Self.accessToken)" else {
                    return Response(
                        status: .unauthorized,
                        body: .init(
                            byteBuffer: ByteBuffer(string: #"{"error":{"code":401,"message":"Invalid Credentials"}}"#)))
                }
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"items":[{"name":"a/b/c.json","size":"3"}]}"#)))
            }
            return router
        }

        /// RS256 over `header.claims` with the account's public key, and the claims Google checks.
        func verify(_ jwt: String) -> Bool {
            let parts = jwt.split(separator: ".")
            guard parts.count == 3, let signature = Base64URL.decode(parts[2]),
                let claimsData = Base64URL.decode(parts[1]),
                let claims = try? JSONSerialization.jsonObject(with: claimsData) as? [String: Any]
            else { return false }
            let valid = publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: Data("\(parts[0]).\(parts[1])".utf8),
                padding: .insecurePKCS1v1_5)
            return valid && claims["iss"] as? String == "ghstats@test-project.iam.gserviceaccount.com"
                && (claims["aud"] as? String)?.hasSuffix("/token") == true
                && claims["scope"] as? String == GoogleScopes.cloudPlatform
        }

        func withRunning<T: Sendable>(_ body: @escaping @Sendable (String) async throws -> T) async throws -> T {
            try await TestHTTPServer.withRunning(router(), body)
        }
    }

    static func keyFile(
        in directory: TemporaryDirectory, tokenURI: String
    ) throws -> (path: String, key: _RSA.Signing.PrivateKey) {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let json: [String: String] = [
            "type": "service_account", "project_id": "test-project", "private_key_id": "k1",
            "private_key": key.pemRepresentation, "client_email": "ghstats@test-project.iam.gserviceaccount.com",
            "token_uri": tokenURI,
        ]
        let path = directory.path("key.json")
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        return (path, key)
    }

    @Test func aServiceAccountKeyIsExchangedForATokenOnceAndSentAsBearer() async throws {
        let directory = try TemporaryDirectory("ghstats-auth")
        defer { directory.remove() }
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let google = FakeGoogle(publicKey: key.publicKey)
        try await google.withRunning { base in
            let json = try JSONSerialization.data(withJSONObject: [
                "type": "service_account", "private_key": key.pemRepresentation, "private_key_id": "k1",
                "client_email": "ghstats@test-project.iam.gserviceaccount.com", "token_uri": base + "/token",
            ])
            let account = try ServiceAccountKey(json: json, origin: "test")
            let storage = GCSClient(baseURL: base, credentials: ServiceAccountTokenSource(key: account), logger: .quiet)
            for _ in 0..<3 {
                #expect(try await storage.list(bucket: "b").map(\.name) == ["a/b/c.json"])
            }
            #expect(google.issued.load(ordering: .relaxed) == 1, "the token is cached until shortly before it expires")
            #expect(!"\(account)".contains("PRIVATE"), "a key describes itself by its account only")
        }
    }

    @Test func aRefusedKeyFailsWithAnErrorThatHoldsNoSecret() async throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let google = FakeGoogle(publicKey: key.publicKey, refuse: true)
        try await google.withRunning { base in
            let json = try JSONSerialization.data(withJSONObject: [
                "type": "service_account", "private_key": key.pemRepresentation,
                "client_email": "ghstats@test-project.iam.gserviceaccount.com", "token_uri": base + "/token",
            ])
            let storage = GCSClient(
                baseURL: base,
                credentials: ServiceAccountTokenSource(key: try ServiceAccountKey(json: json, origin: "test")),
                logger: .quiet)
            let error = await #expect(throws: GoogleCloudError.self) { try await storage.list(bucket: "b") }
            let text = "\(error.map { "\($0)" } ?? "")"
            #expect(text.contains("Invalid JWT Signature") || text.contains("invalid_grant"), "\(text)")
            let pemBody = key.pemRepresentation.split(separator: "\n").dropFirst().first.map(String.init) ?? "?"
            #expect(!text.contains(pemBody) && !text.contains("assertion") && !text.contains("eyJ"), "\(text)")
        }
    }

    @Test func theMetadataServerGivesTheVMsTokenWithItsHeader() async throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let google = FakeGoogle(publicKey: key.publicKey)
        try await google.withRunning { base in
            let storage = GCSClient(baseURL: base, credentials: MetadataServerTokenSource(host: base), logger: .quiet)
            let listed = try await storage.list(bucket: "b")
            #expect(listed.count == 1)
            let anonymous = GCSClient(baseURL: base, credentials: NoCredentials(), logger: .quiet)
            let error = await #expect(throws: GoogleCloudError.self) { try await anonymous.list(bucket: "b") }
            #expect(error?.kind == .authentication && error?.status == 401)
        }
    }

    @Test func badCloudSettingsNameTheirKeyAndABrokenKeyFileIsNotQuoted() throws {
        func error(_ values: [String: String]) -> ConfigurationError? {
            do {
                _ = try CloudSettings(source: SettingsSource(values: values))
                return nil
            } catch let error as ConfigurationError {
                return error
            } catch {
                return nil
            }
        }
        #expect(error(["GCS_BUCKET_NAME": "Bad Bucket"])?.key == "GCS_BUCKET_NAME")
        #expect(error(["GCS_CHUNK_SIZE": "0"])?.key == "GCS_CHUNK_SIZE")
        #expect(error(["BIGQUERY_DATASET_ID": "a-b"])?.key == "BIGQUERY_DATASET_ID")
        #expect(error(["BIGQUERY_WRITE_MODE": "fast"])?.key == "BIGQUERY_WRITE_MODE")
        #expect(error(["STORAGE_EMULATOR_HOST": "ftp://x"])?.key == "STORAGE_EMULATOR_HOST")
        let directory = try TemporaryDirectory("ghstats-badkey")
        defer { directory.remove() }
        let path = directory.path("key.json")
        try Data(
            #"{"type":"service_account","client_email":"a@b","private_key":"-----BEGIN PRIVATE KEY-----\nTOPSECRET\n-----END PRIVATE KEY-----"}"#
                .utf8
        )
        .write(to: URL(fileURLWithPath: path))
        let settings = try CloudSettings(
            source: SettingsSource(values: ["GOOGLE_APPLICATION_CREDENTIALS": path, "BIGQUERY_PROJECT_ID": "p"]))
        #expect(throws: Never.self) { _ = try settings.makeStorage(logger: .quiet) }
        let signing = #expect(throws: GoogleCloudError.self) {
            _ = try ServiceAccountTokenSource.signedAssertion(
                key: try ServiceAccountKey(path: path), scopes: [], now: Date())
        }
        #expect(signing.map { !"\($0)".contains("TOPSECRET") } == true)
        let noProject = try CloudSettings(
            source: SettingsSource(values: ["BIGQUERY_EMULATOR_HOST": "http://127.0.0.1:1"]))
        #expect(throws: ConfigurationError.self) { _ = try noProject.makeBigQuery(logger: .quiet) }
    }
}
