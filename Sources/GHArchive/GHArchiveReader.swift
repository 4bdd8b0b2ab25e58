import GHRecords

/// Reads one GH Archive file from compressed chunks as they arrive: decompresses, splits lines and parses
/// each, handing out events and rejected lines; holds at most one chunk and one line.
public struct GHArchiveReader: ~Copyable {
    private var inflater: GzipInflater
    private var lines = LineSplitter()
    private let parser: GHArchiveEventParser
    /// Events kept, outside the filter, and rejected so far.
    public private(set) var kept = 0
    public private(set) var filteredOut = 0
    public private(set) var rejected = 0

    public init(parser: GHArchiveEventParser) throws(GHArchiveError) {
        inflater = try GzipInflater()
        self.parser = parser
    }

    public var compressedBytes: Int { inflater.compressedBytes }
    public var uncompressedBytes: Int { inflater.uncompressedBytes }
    public var lineCount: Int { lines.lineNumber }

    /// Feeds compressed bytes; `event` and `rejection` are called for each complete line.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, event: (GitHubEvent) throws -> Void,
        rejection: (GHArchiveEventParser.Rejection, String) throws -> Void
    ) throws {
        var lines = self.lines
        var counts = (kept, filteredOut, rejected)
        let parser = self.parser
        try inflater.feed(chunk) { bytes in
            try lines.feed(bytes) { number, line in
                try Self.handle(line, number, parser, &counts, event, rejection)
            }
        }
        self.lines = lines
        (kept, filteredOut, rejected) = counts
    }

    /// Ends the file: the last line without a newline, and a check that the gzip stream was complete.
    public mutating func finish(
        event: (GitHubEvent) throws -> Void, rejection: (GHArchiveEventParser.Rejection, String) throws -> Void
    ) throws {
        try inflater.finish()
        var counts = (kept, filteredOut, rejected)
        let parser = self.parser
        try lines.finish { number, line in try Self.handle(line, number, parser, &counts, event, rejection) }
        (kept, filteredOut, rejected) = counts
    }

    private static func handle(
        _ line: UnsafeBufferPointer<UInt8>, _ number: Int, _ parser: GHArchiveEventParser,
        _ counts: inout (Int, Int, Int), _ event: (GitHubEvent) throws -> Void,
        _ rejection: (GHArchiveEventParser.Rejection, String) throws -> Void
    ) throws {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { return }
        switch parser.parse(line, line: number) {
        case .event(let parsed):
            counts.0 += 1
            try event(parsed)
        case .filteredOut:
            counts.1 += 1
        case .rejected(let reason):
            counts.2 += 1
            try rejection(reason, String(decoding: line, as: UTF8.self))
        }
    }
}
