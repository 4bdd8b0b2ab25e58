import EventLog
import GHRecords

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
        collection.organizations.map { org in
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
