import EventLog
import Pipeline

enum EmbeddedLogFactory {
    static func open(_ configuration: PipelineConfiguration) throws -> EmbeddedLog {
        try EmbeddedLog(configuration: EmbeddedLogConfiguration(path: configuration.logPath))
    }
}
