/// A message that could not be handled, kept in the store with why.
public struct DeadLetter: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var collectionID: String?
    /// What failed: a task summary (`pull_request_detail org/repo#7`) or a record key.
    public var subject: String
    /// A short code: `not_found`, `malformed_body`, `retries_exhausted`, `invalid_record` ...
    public var reason: String
    /// The error, readable, without secrets.
    public var error: String
    public var attempts: Int?
    /// The original message value.
    public var payload: String

    public init(
        topic: String, partition: Int32, offset: Int64, collectionID: String?, subject: String, reason: String,
        error: String, attempts: Int?, payload: String
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.collectionID = collectionID
        self.subject = subject
        self.reason = reason
        self.error = error
        self.attempts = attempts
        self.payload = payload
    }
}
