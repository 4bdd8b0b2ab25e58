import Store

/// What a collection run ended with.
public struct CollectionSummary: Sendable {
    public var collection: CollectionRecord
    /// True when every task was handled and every record stored; false when the run was stopped first.
    public var completed: Bool
    /// Rows in the store after the run.
    public var counts: StoreCounts
    /// Tasks of this collection that failed for good, with why.
    public var deadLetters: [DeadLetter]
    /// Velocity metric rows derived after the run, per store (`sqlite`, `bigquery`).
    public var metricsRows: [String: Int] = [:]
}
