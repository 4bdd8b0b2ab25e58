import NIOCore
import NIOHTTP1

/// A quick check, before work starts, that the service answers and accepts the credentials.
extension BigQueryClient {
    /// Whether `dataset` exists; throws when BigQuery cannot be reached or refuses the credentials (two tries, ~10 s).
    public func datasetExists(_ dataset: String) async throws(GoogleCloudError) -> Bool {
        let response = try await transport.retrying(.probe).send(
            .GET, "\(projectURL)/datasets/\(dataset.pathSegmentEncoded)", operation: "get dataset \(dataset)",
            accept: [200, 404], timeout: .seconds(10))
        return response.status == 200
    }
}
