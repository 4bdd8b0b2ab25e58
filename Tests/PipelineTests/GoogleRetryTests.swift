import Foundation
import Testing
import _CryptoExtras

@testable import GoogleCloud

/// Google calls retried within one bounded schedule: a token failure is not retried again by the storage call,
/// and a cancelled task stops waiting at once.
@Suite struct GoogleRetryTests {
    @Test func aCancelledGoogleCallStopsRetryingAtOnce() async throws {
        let transport = CloudTransport(
            service: "storage", httpClient: .shared, credentials: NoCredentials(),
            retry: .init(attempts: 1_000, firstDelay: .seconds(5), budget: .seconds(3_600)),
            logger: .init(label: "test"))
        let call = Task { () -> GoogleCloudError? in
            do throws(GoogleCloudError) {
                _ = try await transport.send(.GET, "http://127.0.0.1:1/storage/v1/b/x", operation: "get bucket x")
                return nil
            } catch {
                return error
            }
        }
        try await Task.sleep(for: .milliseconds(500))
        let cancelled = ContinuousClock.now
        call.cancel()
        let error = await call.value
        #expect(ContinuousClock.now - cancelled < .seconds(3), "the retry loop went on after cancellation")
        #expect(error?.kind == .cancelled, "\(String(describing: error))")
    }

    @Test func aTokenEndpointFailureIsNotRetriedAgainByTheStorageCall() async throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let json = try JSONSerialization.data(withJSONObject: [
            "type": "service_account", "private_key": key.pemRepresentation,
            "client_email": "ghstats@test-project.iam.gserviceaccount.com", "token_uri": "http://127.0.0.1:1/token",
        ])
        let storage = GCSClient(
            baseURL: "http://127.0.0.1:1",
            credentials: ServiceAccountTokenSource(key: try ServiceAccountKey(json: json, origin: "test")),
            logger: .init(label: "test"))
        let started = ContinuousClock.now
        let error = await #expect(throws: GoogleCloudError.self) { try await storage.list(bucket: "b") }
        // One token schedule (10 s an attempt, 10 s in all); nested in the storage call's, it took minutes.
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(error?.service == "oauth2", "\(String(describing: error))")
        #expect(error?.isTransient == false)
    }
}
