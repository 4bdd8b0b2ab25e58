import Foundation
import GHRecords

/// What the webhook is told when a collection fails: it stopped before it was complete, it threw, or tasks were
/// dead-lettered (data is missing). A JSON object; never holds a token or a record's content.
public struct CollectionAlert: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// The run threw before it could finish.
        case failed = "collection_failed"
        /// It finished, but tasks were dead-lettered: their data is missing.
        case incomplete = "collection_incomplete"
    }

    public var kind: Kind
    public var collectionId: String?
    public var organizations: [String]
    /// One line saying what went wrong.
    public var reason: String
    public var deadLetters: Int
    /// Dead letters per reason (`notFound`, `retries_exhausted_serverError`, ...).
    public var deadLetterReasons: [String: Int]
    public var at: String

    enum CodingKeys: String, CodingKey {
        case kind = "event"
        case collectionId = "collection_id"
        case organizations
        case reason
        case deadLetters = "dead_letters"
        case deadLetterReasons = "dead_letter_reasons"
        case at
    }

    /// The alert a finished run calls for; nil when it completed with nothing dead-lettered.
    public static func after(_ summary: CollectionSummary, at date: Date = Date()) -> CollectionAlert? {
        guard !summary.completed || !summary.deadLetters.isEmpty else { return nil }
        let reasons = Dictionary(grouping: summary.deadLetters, by: \.reason).mapValues(\.count)
        return CollectionAlert(
            kind: summary.completed ? .incomplete : .failed, collectionId: summary.collection.id,
            organizations: summary.collection.organizations,
            reason: summary.completed
                ? "\(summary.deadLetters.count) tasks dead-lettered; their data is missing"
                : "stopped before it was complete",
            deadLetters: summary.deadLetters.count, deadLetterReasons: reasons, at: ISO8601Timestamp.format(date))
    }

    /// The alert for a run that threw.
    public static func failure(_ error: any Error, organizations: [String], at date: Date = Date()) -> CollectionAlert {
        CollectionAlert(
            kind: .failed, collectionId: nil, organizations: organizations, reason: "\(error)", deadLetters: 0,
            deadLetterReasons: [:], at: ISO8601Timestamp.format(date))
    }
}
