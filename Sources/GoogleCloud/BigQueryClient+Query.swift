import Foundation

extension BigQueryClient {
    /// Runs a GoogleSQL statement and waits for its result. `maximumBytesBilled` makes BigQuery refuse a query
    /// that would bill more; `dryRun` only estimates (`totalBytesProcessed`).
    public func query(
        _ sql: String, dryRun: Bool = false, maximumBytesBilled: Int64? = nil, defaultDataset: String? = nil
    ) async throws(GoogleCloudError) -> BigQueryQueryResult {
        var request: [String: Any] = [
            "query": sql, "useLegacySql": false, "dryRun": dryRun, "location": location, "timeoutMs": 60_000,
        ]
        if let maximumBytesBilled { request["maximumBytesBilled"] = String(maximumBytesBilled) }
        if let defaultDataset { request["defaultDataset"] = ["projectId": project, "datasetId": defaultDataset] }
        let operation = "query" + (dryRun ? " (dry run)" : "")
        var page = try await queryPage(
            try await transport.send(
                .POST, "\(projectURL)/queries", operation: operation,
                body: try? JSONSerialization.data(withJSONObject: request), contentType: "application/json"),
            operation: operation)
        var result = page.result
        // Not finished within the call's timeout, or more rows than one page: ask again by job id.
        while !dryRun, let jobID = page.jobID, !page.complete || page.pageToken != nil {
            var url =
                "\(projectURL)/queries/\(jobID.pathSegmentEncoded)?location=\(location.pathSegmentEncoded)&timeoutMs=60000"
            if page.complete, let token = page.pageToken { url += "&pageToken=\(token.pathSegmentEncoded)" }
            let wasComplete = page.complete
            page = try await queryPage(try await transport.send(.GET, url, operation: operation), operation: operation)
            if wasComplete { result.rows += page.result.rows } else { result = page.result }
        }
        return result
    }

    private struct QueryPage {
        var result: BigQueryQueryResult
        var complete: Bool
        var jobID: String?
        var pageToken: String?
    }

    private func queryPage(_ response: CloudTransport.Response, operation: String) throws(GoogleCloudError) -> QueryPage
    {
        guard let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
            throw GoogleCloudError(
                kind: .malformedResponse, service: "bigquery", operation: operation, status: response.status,
                message: "the answer is not a JSON object")
        }
        if let errors = object["errors"] as? [[String: Any]], let first = errors.first,
            (object["jobComplete"] as? Bool) == true, object["rows"] == nil, object["totalRows"] == nil
        {
            throw GoogleCloudError(
                kind: .jobFailed, service: "bigquery", operation: operation,
                message: first["message"] as? String ?? "failed")
        }
        let schema = ((object["schema"] as? [String: Any])?["fields"] as? [[String: Any]]) ?? []
        let rows = ((object["rows"] as? [[String: Any]]) ?? []).map { row in
            ((row["f"] as? [[String: Any]]) ?? []).map { Self.cellText($0["v"]) }
        }
        let result = BigQueryQueryResult(
            columns: schema.compactMap { $0["name"] as? String }, rows: rows,
            totalBytesBilled: Self.int64(object["totalBytesBilled"]) ?? 0,
            totalBytesProcessed: Self.int64(object["totalBytesProcessed"]) ?? 0,
            affectedRows: Self.int64(object["numDmlAffectedRows"]))
        return QueryPage(
            result: result, complete: (object["jobComplete"] as? Bool) ?? true,
            jobID: (object["jobReference"] as? [String: Any])?["jobId"] as? String,
            pageToken: object["pageToken"] as? String)
    }

    static func cellText(_ value: Any?) -> String? {
        switch value {
        case nil, is NSNull: return nil
        case let text as String: return text
        case let other?:
            guard JSONSerialization.isValidJSONObject(other),
                let data = try? JSONSerialization.data(withJSONObject: other)
            else { return "\(other)" }
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func int64(_ value: Any?) -> Int64? {
        switch value {
        case let text as String: return Int64(text)
        case let number as NSNumber: return number.int64Value
        default: return nil
        }
    }
}
