/// Settings of the embedded durable log.
public struct EmbeddedLogConfiguration: Sendable, Hashable {
    /// The SQLite file that holds topics, messages and group offsets. Default `.ghstats/log.db`.
    public var path: String
    /// How long a poll sleeps between looks for new messages when it found none. Default 10 ms.
    public var idlePollInterval: Duration
    /// How long to wait for another process's lock on the file. Default 10 s.
    public var lockTimeout: Duration

    public init(path: String = ".ghstats/log.db") {
        self.path = path
        self.idlePollInterval = .milliseconds(10)
        self.lockTimeout = .seconds(10)
    }
}
