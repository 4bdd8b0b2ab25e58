import Foundation

extension BigQueryClient {
    /// How a load job treats the destination table.
    public enum WriteDisposition: String, Sendable {
        case append = "WRITE_APPEND"
        case truncate = "WRITE_TRUNCATE"
        case empty = "WRITE_EMPTY"
    }

    /// What a finished load job did.
    public struct LoadStatistics: Sendable {
        public var outputRows: Int64
        public var badRecords: Int64
        public var inputBytes: Int64
    }

    /// Loads newline-delimited JSON objects from `gs://` URIs into a table (created from `schema` if missing),
    /// as job `jobID` (retrying with the same id never loads twice), and waits for it.
    public func load(
        from sourceURIs: [String], into table: String, dataset: String, schema: BigQueryTable? = nil,
        writeDisposition: WriteDisposition = .append, jobID: String = UUID().uuidString
    ) async throws(GoogleCloudError) -> LoadStatistics {
        var load = loadConfiguration(table: table, dataset: dataset, schema: schema, writeDisposition: writeDisposition)
        load["sourceUris"] = sourceURIs
        let job = jobResource(id: jobID, load: load)
        let response = try await transport.send(
            .POST, "\(projectURL)/jobs", operation: "load \(dataset).\(table)",
            body: try? JSONSerialization.data(withJSONObject: job), contentType: "application/json", accept: [200, 409])
        return try await waitForLoad(
            jobID: jobID, first: response.status == 200 ? response : nil, table: "\(dataset).\(table)")
    }

    /// Loads newline-delimited JSON sent in the request itself (a multipart media upload).
    public func load(
        data: Data, into table: String, dataset: String, schema: BigQueryTable? = nil,
        writeDisposition: WriteDisposition = .append, jobID: String = UUID().uuidString
    ) async throws(GoogleCloudError) -> LoadStatistics {
        let load = loadConfiguration(table: table, dataset: dataset, schema: schema, writeDisposition: writeDisposition)
        let metadata = (try? JSONSerialization.data(withJSONObject: jobResource(id: jobID, load: load))) ?? Data()
        let boundary = "ghstats-" + UUID().uuidString
        var body = Data("--\(boundary)\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n".utf8)
        body.append(metadata)
        body.append(Data("\r\n--\(boundary)\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let response = try await transport.send(
            .POST, "\(baseURL)/upload/bigquery/v2/projects/\(project.pathSegmentEncoded)/jobs?uploadType=multipart",
            operation: "load \(dataset).\(table)", body: body, contentType: "multipart/related; boundary=\(boundary)",
            accept: [200, 409])
        return try await waitForLoad(
            jobID: jobID, first: response.status == 200 ? response : nil, table: "\(dataset).\(table)")
    }

    private func loadConfiguration(
        table: String, dataset: String, schema: BigQueryTable?, writeDisposition: WriteDisposition
    ) -> [String: Any] {
        var load: [String: Any] = [
            "destinationTable": ["projectId": project, "datasetId": dataset, "tableId": table],
            "sourceFormat": "NEWLINE_DELIMITED_JSON", "writeDisposition": writeDisposition.rawValue,
            "createDisposition": schema == nil ? "CREATE_NEVER" : "CREATE_IF_NEEDED", "ignoreUnknownValues": false,
            "maxBadRecords": 0,
        ]
        if let schema, let data = try? JSONEncoder().encode(schema.schema),
            let fields = try? JSONSerialization.jsonObject(with: data)
        {
            load["schema"] = fields
        }
        return load
    }

    private func jobResource(id: String, load: [String: Any]) -> [String: Any] {
        ["jobReference": ["projectId": project, "jobId": id, "location": location], "configuration": ["load": load]]
    }

    /// Polls a job until it is done; a job that ended with `errorResult` throws with BigQuery's messages.
    private func waitForLoad(
        jobID: String, first: CloudTransport.Response?, table: String
    ) async throws(GoogleCloudError)
        -> LoadStatistics
    {
        let operation = "load \(table) (job \(jobID))"
        var response = first
        var delay: Duration = .milliseconds(100)
        while true {
            if let response {
                guard let job = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
                    throw GoogleCloudError(
                        kind: .malformedResponse, service: "bigquery", operation: operation,
                        message: "the job is not JSON")
                }
                let status = job["status"] as? [String: Any] ?? [:]
                if (status["state"] as? String) == "DONE" {
                    if let failure = status["errorResult"] as? [String: Any] {
                        let details = (status["errors"] as? [[String: Any]] ?? []).compactMap {
                            $0["message"] as? String
                        }
                        let message = ([failure["message"] as? String ?? "failed"] + details.prefix(5)).joined(
                            separator: "; ")
                        throw GoogleCloudError(
                            kind: .jobFailed, service: "bigquery", operation: operation, message: message)
                    }
                    let statistics = ((job["statistics"] as? [String: Any])?["load"] as? [String: Any]) ?? [:]
                    return LoadStatistics(
                        outputRows: Self.int64(statistics["outputRows"]) ?? 0,
                        badRecords: Self.int64(statistics["badRecords"]) ?? 0,
                        inputBytes: Self.int64(statistics["inputFileBytes"]) ?? 0)
                }
                try await CloudTransport.sleep(for: delay, service: "bigquery", operation: operation)
                delay = min(delay * 2, .seconds(5))
            }
            response = try await transport.send(
                .GET, "\(projectURL)/jobs/\(jobID.pathSegmentEncoded)?location=\(location.pathSegmentEncoded)",
                operation: operation)
        }
    }
}
