import Collector
import EventLog
import Pipeline

enum EmbeddedLogFactory {
    /// Opens the embedded log; `exclusive` (every command but the read-only ones) first takes the state dir's lock.
    static func open(_ configuration: PipelineConfiguration, exclusive: Bool = true) throws -> EmbeddedLog {
        if exclusive { try StateDirectoryLock.acquire(directory: configuration.stateDirectory) }
        return try EmbeddedLog(configuration: configuration.embeddedLog)
    }
}
