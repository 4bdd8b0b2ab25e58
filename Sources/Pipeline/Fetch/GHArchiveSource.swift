import AsyncHTTPClient
import Foundation
import GHArchive
import NIOCore

/// Where GH Archive hours are read from: `https://data.gharchive.org` (default), any http(s) mirror, or a
/// `file://` folder of `YYYY-MM-DD-H.json.gz` files. Bodies are streamed in chunks, never held whole.
public struct GHArchiveSource: Sendable {
    public let baseURL: String

    public init(baseURL: String = "https://data.gharchive.org") {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Whether the source has the hour's file (`HEAD` over http(s)).
    package func exists(_ hour: Date) async throws -> Bool {
        let name = GHArchiveHours.fileName(hour)
        if baseURL.hasPrefix("file://") {
            return FileManager.default.fileExists(atPath: String(baseURL.dropFirst("file://".count)) + "/" + name)
        }
        var request = HTTPClientRequest(url: "\(baseURL)/\(name)")
        request.method = .HEAD
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        } catch {
            throw GHArchiveError(code: .source, context: "HEAD \(baseURL)/\(name): \(error)")
        }
        switch response.status.code {
        case 200: return true
        case 404: return false
        default:
            throw GHArchiveError(code: .source, context: "HEAD \(baseURL)/\(name) answered \(response.status.code)")
        }
    }

    /// Calls `body` with each chunk of the hour's compressed file.
    func forEachChunk(of hour: Date, _ body: ([UInt8]) async throws -> Void) async throws {
        let name = GHArchiveHours.fileName(hour)
        if baseURL.hasPrefix("file://") {
            let path = String(baseURL.dropFirst("file://".count)) + "/" + name
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw GHArchiveError(code: .missingHour, context: "\(name) is not in \(baseURL)")
            }
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 256 * 1024), !data.isEmpty {
                try await body(Array(data))
            }
            return
        }
        let url = "\(baseURL)/\(name)"
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(300))
        } catch {
            throw GHArchiveError(code: .source, context: "GET \(url): \(error)")
        }
        switch response.status.code {
        case 200: break
        case 404:
            throw GHArchiveError(code: .missingHour, context: "\(url) answered 404 (GH Archive has missing hours)")
        default: throw GHArchiveError(code: .source, context: "GET \(url) answered \(response.status.code)")
        }
        do {
            for try await buffer in response.body {
                try await body(Array(buffer.readableBytesView))
            }
        } catch let error as GHArchiveError {
            throw error
        } catch {
            throw GHArchiveError(code: .source, context: "reading \(url): \(error)")
        }
    }
}
