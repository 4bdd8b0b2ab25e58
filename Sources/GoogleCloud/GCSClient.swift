import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1

/// A Cloud Storage JSON API client: buckets, create-only uploads, listings, downloads, deletes.
public struct GCSClient: Sendable {
    /// `https://storage.googleapis.com`, or an emulator's root.
    public let baseURL: String
    let transport: CloudTransport

    public init(
        baseURL: String = "https://storage.googleapis.com", credentials: any AccessTokenSource,
        httpClient: HTTPClient = .shared, logger: Logger
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = CloudTransport(
            service: "storage", httpClient: httpClient, credentials: credentials, retry: .init(), logger: logger)
    }

    /// An object's listing entry.
    public struct Object: Sendable, Decodable {
        public let name: String
        public let size: String?
        public let generation: String?
        public let timeCreated: String?
        /// Custom metadata (ghstats sets `records` on chunks).
        public let metadata: [String: String]?

        public var byteCount: Int64 { size.flatMap(Int64.init) ?? 0 }
    }

    /// What a create-only upload did.
    public enum UploadOutcome: Sendable, Equatable {
        case created
        /// An object of that name existed already (`ifGenerationMatch=0` refused): nothing was written.
        case alreadyExists
    }

    /// Creates `bucket` in `project`; an existing bucket is fine.
    public func createBucket(_ bucket: String, project: String, location: String? = nil) async throws(GoogleCloudError)
    {
        var body: [String: String] = ["name": bucket]
        if let location { body["location"] = location }
        let data = try? JSONSerialization.data(withJSONObject: body)
        _ = try await transport.send(
            .POST, "\(baseURL)/storage/v1/b?project=\(project.pathSegmentEncoded)",
            operation: "create bucket \(bucket)",
            body: data, contentType: "application/json", accept: [200, 409])
    }

    /// Uploads `data` as `name`, replacing an object of that name.
    public func upload(
        bucket: String, name: String, data: Data, contentType: String = "application/json"
    ) async throws(GoogleCloudError) {
        let url =
            "\(baseURL)/upload/storage/v1/b/\(bucket.pathSegmentEncoded)/o?uploadType=media&name=\(name.pathSegmentEncoded)"
        _ = try await transport.send(
            .POST, url, operation: "upload gs://\(bucket)/\(name)", body: data, contentType: contentType)
    }

    /// Uploads `data` as `name` (with custom `metadata`) only if no object has that name (`ifGenerationMatch=0`), in one multipart request.
    public func uploadIfAbsent(
        bucket: String, name: String, data: Data, contentType: String = "application/x-ndjson",
        metadata: [String: String] = [:]
    ) async throws(GoogleCloudError) -> UploadOutcome {
        let boundary = "ghstats-" + UUID().uuidString
        var resource: [String: Any] = ["name": name, "contentType": contentType]
        if !metadata.isEmpty { resource["metadata"] = metadata }
        let resourceJSON = (try? JSONSerialization.data(withJSONObject: resource)) ?? Data()
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n".utf8))
        body.append(resourceJSON)
        body.append(Data("\r\n--\(boundary)\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let url =
            "\(baseURL)/upload/storage/v1/b/\(bucket.pathSegmentEncoded)/o?uploadType=multipart&ifGenerationMatch=0"
        let response = try await transport.send(
            .POST, url, operation: "upload gs://\(bucket)/\(name)", body: body,
            contentType: "multipart/related; boundary=\(boundary)", accept: [200, 412])
        return response.status == 412 ? .alreadyExists : .created
    }

    /// Every object whose name starts with `prefix`, page by page.
    public func list(bucket: String, prefix: String = "") async throws(GoogleCloudError) -> [Object] {
        struct Page: Decodable {
            let items: [Object]?
            let nextPageToken: String?
        }
        var objects: [Object] = []
        var token: String?
        repeat {
            var url = "\(baseURL)/storage/v1/b/\(bucket.pathSegmentEncoded)/o?maxResults=1000"
            if !prefix.isEmpty { url += "&prefix=\(prefix.pathSegmentEncoded)" }
            if let token { url += "&pageToken=\(token.pathSegmentEncoded)" }
            let operation = "list gs://\(bucket)/\(prefix)"
            let page = try transport.decode(
                Page.self, try await transport.send(.GET, url, operation: operation), operation: operation)
            objects += page.items ?? []
            token = page.nextPageToken
        } while token != nil
        return objects
    }

    /// An object's resource (name, size, custom metadata), or nil when there is no object of that name.
    public func object(bucket: String, name: String) async throws(GoogleCloudError) -> Object? {
        let url = "\(baseURL)/storage/v1/b/\(bucket.pathSegmentEncoded)/o/\(name.pathSegmentEncoded)"
        let operation = "get gs://\(bucket)/\(name)"
        let response = try await transport.send(.GET, url, operation: operation, accept: [200, 404])
        guard response.status != 404 else { return nil }
        return try transport.decode(Object.self, response, operation: operation)
    }

    /// An object's content.
    public func download(bucket: String, name: String) async throws(GoogleCloudError) -> Data {
        let url = "\(baseURL)/storage/v1/b/\(bucket.pathSegmentEncoded)/o/\(name.pathSegmentEncoded)?alt=media"
        return try await transport.send(.GET, url, operation: "download gs://\(bucket)/\(name)").body
    }

    /// Deletes an object; one already gone is fine.
    public func delete(bucket: String, name: String) async throws(GoogleCloudError) {
        let url = "\(baseURL)/storage/v1/b/\(bucket.pathSegmentEncoded)/o/\(name.pathSegmentEncoded)"
        _ = try await transport.send(
            .DELETE, url, operation: "delete gs://\(bucket)/\(name)", accept: [200, 204, 404])
    }
}
