import Foundation
import GHArchive
import GHRecords
import TestSupport
import Testing

@Suite struct GHArchiveReaderTests {
    static let hour = GHArchiveReference.hour

    /// Reads `data` in chunks of `chunkSize`, returning per-type counts and rejections.
    static func read(
        _ data: Data, chunkSize: Int = 65_536, parser: GHArchiveEventParser = .init()
    ) throws
        -> (types: [String: Int], rejections: [GHArchiveEventParser.Rejection], events: [GitHubEvent])
    {
        var reader = try GHArchiveReader(parser: parser)
        var types: [String: Int] = [:]
        var rejections: [GHArchiveEventParser.Rejection] = []
        var events: [GitHubEvent] = []
        let onEvent: (GitHubEvent) -> Void = { event in
            types[event.type, default: 0] += 1
            events.append(event)
        }
        let onRejection: (GHArchiveEventParser.Rejection, String) -> Void = { rejection, _ in
            rejections.append(rejection)
        }
        var offset = 0
        while offset < data.count {
            let end = min(offset + chunkSize, data.count)
            try data[offset..<end].withUnsafeBytes { try reader.feed($0, event: onEvent, rejection: onRejection) }
            offset = end
        }
        try reader.finish(event: onEvent, rejection: onRejection)
        return (types, rejections, events)
    }

    static func gzip(_ text: String) throws -> Data {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("lines")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", path]
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: URL(fileURLWithPath: path + ".gz"))
    }

    @Test func theRealHourGivesExactlyThePerTypeCountsTheFileHolds() throws {
        let data = try Data(contentsOf: Self.hour)
        let expected = try GHArchiveReference.typeCounts(Self.hour.path)
        #expect(expected.values.reduce(0, +) == 8_273)
        for chunkSize in [1_000, 65_536] {
            let (types, rejections, events) = try Self.read(data, chunkSize: chunkSize)
            #expect(types == expected)
            #expect(rejections.isEmpty)
            #expect(events.first?.id == "2489582589")
            #expect(events.first?.org == "kevinvanhove" && events.first?.repo == "cssobjects")
            #expect(events.first?.payload == #"{"action":"started"}"#)
        }
    }

    @Test func theOrganisationFilterKeepsOnlyItsRepositories() throws {
        let data = try Data(contentsOf: Self.hour)
        let all = try Self.read(data).events
        let owner = try #require(all.first(where: { $0.orgLogin != nil })?.org)
        let kept = try Self.read(data, parser: GHArchiveEventParser(owners: [owner.uppercased()])).events
        #expect(!kept.isEmpty)
        #expect(kept.count == all.filter { $0.org == owner }.count)
    }

    @Test func aBrokenLineAndATimelineLineAreRejectedByLineAndTheRestIsRead() throws {
        let good =
            #"{"id":"1","type":"PushEvent","actor":{"id":7,"login":"a\u00e9"},"repo":{"id":9,"name":"o/r"},"payload":{"size":1},"public":true,"created_at":"2015-01-01T12:00:00Z"}"#
        let timeline =
            #"{"repository":{"name":"r","owner":"o"},"actor":"a","type":"PushEvent","created_at":"2012-03-10T12:00:00-08:00","payload":{}}"#
        let text =
            [good, #"{"id":"2","type":"#, timeline, good.replacingOccurrences(of: #""id":"1""#, with: #""id":"3""#)]
            .joined(separator: "\n") + "\n"
        let (types, rejections, events) = try Self.read(try Self.gzip(text), chunkSize: 17)
        #expect(types == ["PushEvent": 2])
        #expect(events.map(\.id) == ["1", "3"])
        #expect(events.first?.actorLogin == "aé")
        #expect(rejections.map(\.line) == [2, 3])
        #expect(rejections[0].reason.contains("not a JSON object"))
        #expect(rejections[1].reason.contains("timeline format"))
    }

    @Test func aCorruptOrTruncatedGzipIsAClearError() throws {
        var data = try Data(contentsOf: Self.hour)
        let truncated = data.prefix(data.count / 2)
        #expect { try Self.read(Data(truncated)) } throws: { error in
            (error as? GHArchiveError)?.code == .corruptGzip && "\(error)".contains("truncated")
        }
        for index in stride(from: 40_000, to: 40_400, by: 1) { data[index] ^= 0x5A }
        #expect { try Self.read(data) } throws: { error in
            (error as? GHArchiveError)?.code == .corruptGzip
        }
    }
}

@Suite struct GHArchiveFastJSONTests {
    @Test func everyEventOfTheRealHourRoundTripsThroughTheFastJSONForm() throws {
        let data = try Data(contentsOf: GHArchiveReaderTests.hour)
        let events = try GHArchiveReaderTests.read(data).events
        var failures = 0
        for event in events {
            let bytes = event.fastJSON()
            let read = bytes.withUnsafeBufferPointer { GitHubEvent(fastJSON: $0) }
            if read != event { failures += 1 }
        }
        #expect(failures == 0)
        #expect(events.count == 8_273)
    }
}
