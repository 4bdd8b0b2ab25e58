/// Header names that every message of ghstats carries.
public enum MessageHeaders {
    /// `name/version` of the JSON Schema the value follows.
    public static let schema = "ghstats-schema"
    /// The collection the message belongs to.
    public static let collectionID = "ghstats-collection-id"
    /// When the data was fetched from its source, ISO 8601.
    public static let fetchedAt = "ghstats-fetched-at"
    /// Why a task was dead-lettered (a short code).
    public static let deadLetterReason = "ghstats-dlq-reason"
    /// The error that dead-lettered a task, readable, with no secret in it.
    public static let deadLetterError = "ghstats-dlq-error"
    /// How many attempts were made before the task was dead-lettered.
    public static let deadLetterAttempts = "ghstats-dlq-attempts"
}
