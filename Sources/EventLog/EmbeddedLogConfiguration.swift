/// Settings of the embedded durable log.
public struct EmbeddedLogConfiguration: Sendable, Hashable {
    /// The SQLite file that holds topics, messages and group offsets. Default `.ghstats/log.db`.
    public var path: String
    /// How long a poll sleeps between looks for new messages when it found none. Default 10 ms.
    public var idlePollInterval: Duration
    /// How long to wait for another process's lock on the file. Default 10 s.
    public var lockTimeout: Duration
    /// Bytes of the newest appended messages kept in memory, so that consumers in this process read them
    /// without going back to the file. Default 32 MiB; 0 turns it off.
    public var recentMessagesBytes: Int
    /// The page size of a new log file, in bytes. Default 64 KiB: messages of a few KB fill small pages badly,
    /// and appends write fewer, larger WAL frames. A file that exists keeps its own.
    public var pageSize: Int

    public init(path: String = ".ghstats/log.db") {
        self.path = path
        self.idlePollInterval = .milliseconds(10)
        self.lockTimeout = .seconds(10)
        self.recentMessagesBytes = 32 << 20
        self.pageSize = 65_536
    }
}
