/// The structured-log metadata keys ghstats uses, from one place.
public enum LogMetadataKeys {
    public static let collectionID = "gh.collection_id"
    public static let task = "gh.task"
    public static let org = "gh.org"
    public static let repo = "gh.repo"
    public static let stream = "gh.stream"
    public static let attempt = "gh.attempt"
    /// When a deferred task may run again.
    public static let notBefore = "gh.not_before"
    /// What a task waits for (a rate-limit reset, a `Retry-After`).
    public static let waitingFor = "gh.waiting_for"
    /// What the pipeline as a whole waits for and until when, as the progress line says it.
    public static let waiting = "gh.waiting"
    public static let error = "error"
    public static let reason = "gh.dlq.reason"
    public static let topic = "kafka.topic"
    public static let partition = "kafka.partition"
    public static let offset = "kafka.offset"
    public static let group = "kafka.group"
}
