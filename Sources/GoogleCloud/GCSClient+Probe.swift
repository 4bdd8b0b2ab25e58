import NIOCore
import NIOHTTP1

/// A quick check, before work starts, that the service answers and accepts the credentials.
extension GCSClient {
    /// Whether `bucket` exists; throws when storage cannot be reached or refuses the credentials (two tries, ~10 s).
    public func bucketExists(_ bucket: String) async throws(GoogleCloudError) -> Bool {
        let response = try await transport.retrying(.probe).send(
            .GET, "\(baseURL)/storage/v1/b/\(bucket.pathSegmentEncoded)", operation: "get bucket \(bucket)",
            accept: [200, 404], timeout: .seconds(10))
        return response.status == 200
    }
}
