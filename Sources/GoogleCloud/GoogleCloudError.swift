/// A failed Google Cloud call: which service and operation, the HTTP status and the service's own message.
/// Never carries a credential: request headers are not kept, and token endpoint bodies are not quoted.
public struct GoogleCloudError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The service answered with an error status.
        case http
        /// The service could not be reached (connection refused, timeout).
        case transport
        /// Credentials are missing, unreadable or were refused.
        case authentication
        /// The service's answer is not what its API documents.
        case malformedResponse
        /// A job (load, query) finished with an error.
        case jobFailed
        /// A query's dry run estimated more bytes than allowed.
        case overBudget
        /// The task was cancelled (shutdown) while waiting or calling.
        case cancelled
    }

    public var kind: Kind
    /// `storage` or `bigquery` (or `oauth2`).
    public var service: String
    /// What was being done: `upload gs://bucket/name`, `insertAll dataset.table`.
    public var operation: String
    /// The HTTP status, when there was an answer.
    public var status: Int?
    /// The service's error message (`error.message` of its JSON body).
    public var message: String
    /// Retried already as far as its schedule allows: not to be retried again by an outer loop.
    public var isFinal = false

    public init(kind: Kind, service: String, operation: String, status: Int? = nil, message: String) {
        self.kind = kind
        self.service = service
        self.operation = operation
        self.status = status
        self.message = message
    }

    /// Worth retrying: 429, 5xx, transport failures.
    public var isTransient: Bool {
        if isFinal { return false }
        switch kind {
        case .transport: return true
        case .http: return status == 429 || status == 408 || (status ?? 0) >= 500
        default: return false
        }
    }

    /// This error marked as retried to the end.
    public var final: GoogleCloudError {
        var copy = self
        copy.isFinal = true
        return copy
    }

    static func cancelled(service: String, operation: String) -> GoogleCloudError {
        GoogleCloudError(kind: .cancelled, service: service, operation: operation, message: "cancelled")
    }

    public var description: String {
        "\(service) \(operation) failed (\(kind.rawValue)\(status.map { ", HTTP \($0)" } ?? "")): \(message)"
    }
}
