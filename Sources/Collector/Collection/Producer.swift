import CloudStore
import EventLog
import Foundation
import GHArchive
import GHRecords
import Pipeline

/// The producer: turns a collection into its root fetch tasks (one per organisation's repository listing).
public struct Producer: Sendable {
    let log: any EventLog
    let messages: MessageFactory

    public init(log: any EventLog, topics: TopicNames = .init()) {
        self.log = log
        self.messages = MessageFactory(topics: topics)
    }

    /// The root tasks of `collection`.
    public static func rootTasks(of collection: CollectionRecord) -> [FetchTask] {
        if collection.source == .gharchive {
            // One task per GH Archive hour, carrying the owner filter (`*`: every owner).
            let filter = collection.organizations.joined(separator: ",")
            return GHArchiveHours.hours(from: collection.window.since, until: collection.window.until).map { hour in
                FetchTask(
                    collectionId: collection.id, kind: .gharchiveHour, org: filter.isEmpty ? "*" : filter, since: hour,
                    until: hour.addingTimeInterval(3_600))
            }
        }
        if collection.source == .bigquery {
            // One task per UTC day of the window (clipped to it), each one query of that day's table.
            let filter = collection.organizations.joined(separator: ",")
            return GHArchiveQuery.days(from: collection.window.since, until: collection.window.until).map { day in
                FetchTask(
                    collectionId: collection.id, kind: .gharchiveBigQuery, org: filter.isEmpty ? "*" : filter,
                    since: day.start, until: day.end)
            }
        }
        return collection.organizations.map { org in
            FetchTask(
                collectionId: collection.id, kind: .repositories, org: org, since: collection.window.since,
                until: collection.window.until)
        }
    }

    /// Publishes the root tasks of `collection`.
    public func seed(_ collection: CollectionRecord) async throws {
        try await log.publish(Self.rootTasks(of: collection).map(messages.task))
    }
}
