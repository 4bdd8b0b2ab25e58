import AsyncHTTPClient
import DurationConversion
import Foundation
import GHRecords
import Logging
import NIOHTTP1

/// A BigQuery REST (v2) client: datasets, tables, streaming inserts, queries with a cost guard, load jobs.
public struct BigQueryClient: Sendable {
    /// `https://bigquery.googleapis.com`, or an emulator's root.
    public let baseURL: String
    public let project: String
    /// Where datasets are created and jobs run. Default `US`.
    public let location: String
    let transport: CloudTransport

    public init(
        baseURL: String = "https://bigquery.googleapis.com", project: String, location: String = "US",
        credentials: any AccessTokenSource, httpClient: HTTPClient = .shared, logger: Logger
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.project = project
        self.location = location
        self.transport = CloudTransport(
            service: "bigquery", httpClient: httpClient, credentials: credentials, retry: .init(), logger: logger)
    }

    var projectURL: String { "\(baseURL)/bigquery/v2/projects/\(project.pathSegmentEncoded)" }

    // MARK: datasets and tables

    /// Creates `dataset` in this client's location; an existing dataset is fine.
    public func createDataset(_ dataset: String) async throws(GoogleCloudError) {
        let body: [String: Any] = [
            "datasetReference": ["projectId": project, "datasetId": dataset], "location": location,
        ]
        _ = try await transport.send(
            .POST, "\(projectURL)/datasets", operation: "create dataset \(dataset)",
            body: try? JSONSerialization.data(withJSONObject: body), contentType: "application/json",
            accept: [200, 409])
    }

    /// Creates `table` in `dataset` (deleted by BigQuery `expiresAfter` from now, if given). Returns false when it existed already (left as it is).
    @discardableResult
    public func createTable(
        _ table: BigQueryTable, dataset: String, expiresAfter: Duration? = nil
    ) async throws(GoogleCloudError) -> Bool {
        struct Resource: Encodable {
            struct Reference: Encodable { let projectId, datasetId, tableId: String }
            let tableReference: Reference
            let table: BigQueryTable
            let expirationTime: String?
            func encode(to encoder: any Encoder) throws {
                try table.encode(to: encoder)
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(tableReference, forKey: .tableReference)
                try container.encodeIfPresent(expirationTime, forKey: .expirationTime)
            }
            enum Key: String, CodingKey { case tableReference, expirationTime }
        }
        let expiration = expiresAfter.map { duration in
            String(Int64((Date().timeIntervalSince1970 + duration.inSeconds) * 1_000))
        }
        let resource = Resource(
            tableReference: .init(projectId: project, datasetId: dataset, tableId: table.tableId), table: table,
            expirationTime: expiration)
        let response = try await transport.send(
            .POST, "\(projectURL)/datasets/\(dataset.pathSegmentEncoded)/tables",
            operation: "create table \(dataset).\(table.tableId)", body: try? JSONEncoder().encode(resource),
            contentType: "application/json", accept: [200, 409])
        return response.status == 200
    }

    /// A table's definition as BigQuery holds it, or nil when there is no such table.
    public func table(_ tableId: String, dataset: String) async throws(GoogleCloudError) -> BigQueryTable? {
        struct Resource: Decodable {
            let schema: BigQueryTable.Schema?
            let timePartitioning: BigQueryTable.TimePartitioning?
            let clustering: BigQueryTable.Clustering?
        }
        let operation = "get table \(dataset).\(tableId)"
        let response = try await transport.send(
            .GET, "\(projectURL)/datasets/\(dataset.pathSegmentEncoded)/tables/\(tableId.pathSegmentEncoded)",
            operation: operation, accept: [200, 404])
        guard response.status == 200 else { return nil }
        let resource = try transport.decode(Resource.self, response, operation: operation)
        var table = BigQueryTable(
            tableId, fields: resource.schema?.fields ?? [], partitionedByDay: nil, clusteredBy: [])
        table.timePartitioning = resource.timePartitioning
        table.clustering = resource.clustering
        return table
    }

    /// Deletes a table; one already gone is fine.
    public func deleteTable(_ tableId: String, dataset: String) async throws(GoogleCloudError) {
        _ = try await transport.send(
            .DELETE, "\(projectURL)/datasets/\(dataset.pathSegmentEncoded)/tables/\(tableId.pathSegmentEncoded)",
            operation: "delete table \(dataset).\(tableId)", accept: [200, 204, 404])
    }

    // MARK: streaming inserts

    /// A row `insertAll` refused, by its index in the request, with BigQuery's reasons.
    public struct RowError: Sendable, Equatable {
        public let index: Int
        public let message: String
    }

    /// Streams `rows` (each a JSON object's bytes, with the `insertId` BigQuery de-duplicates on) into a table.
    /// Invalid rows are skipped and returned; the others land.
    public func insertAll(
        dataset: String, table: String, rows: [(insertID: String, json: Data)]
    ) async throws(GoogleCloudError) -> [RowError] {
        struct Answer: Decodable {
            struct Failure: Decodable {
                struct Reason: Decodable {
                    let reason: String?
                    let location: String?
                    let message: String?
                }
                let index: Int
                let errors: [Reason]?
            }
            let insertErrors: [Failure]?
        }
        guard !rows.isEmpty else { return [] }
        let body = Self.insertAllBody(rows)
        let operation = "insertAll \(dataset).\(table)"
        let response = try await transport.send(
            .POST, "\(projectURL)/datasets/\(dataset.pathSegmentEncoded)/tables/\(table.pathSegmentEncoded)/insertAll",
            operation: operation, body: body, contentType: "application/json")
        let answer = try transport.decode(Answer.self, response, operation: operation)
        // A row that failed only because another row was invalid ("stopped") did not land either with
        // skipInvalidRows=false; with skipInvalidRows=true BigQuery reports only the invalid rows.
        return (answer.insertErrors ?? []).map { failure in
            let reasons = (failure.errors ?? []).filter { $0.reason != "stopped" }.map { reason in
                [reason.location.map { "\($0): " } ?? "", reason.message ?? reason.reason ?? "invalid"].joined()
            }
            return RowError(
                index: failure.index, message: reasons.isEmpty ? "rejected" : reasons.joined(separator: "; "))
        }
    }

    /// The `insertAll` request: each row's JSON passed on as it is, its `insertId` escaped by the package's one
    /// JSON escaper.
    static func insertAllBody(_ rows: [(insertID: String, json: Data)]) -> Data {
        var body = Array(#"{"skipInvalidRows":true,"ignoreUnknownValues":false,"rows":["#.utf8)
        for (position, row) in rows.enumerated() {
            if position > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: #"{"insertId":"#.utf8)
            JSONEscaping.appendQuoted(row.insertID, to: &body)
            body.append(contentsOf: #","json":"#.utf8)
            body.append(contentsOf: row.json)
            body.append(UInt8(ascii: "}"))
        }
        body.append(contentsOf: "]}".utf8)
        return Data(body)
    }
}
