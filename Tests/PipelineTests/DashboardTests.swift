import EventLog
import Foundation
import GHRecords
import Hummingbird
import Logging
import Monitoring
import Pipeline
import Secrets
import ServiceLifecycle
import Store
import TestSupport
import Testing

/// `ghstats serve`: the dashboard page loaded in headless Chromium renders its charts from real data.
@Suite(.serialized) struct DashboardTests {
    /// Chromium from Debian's package (`.ci/run` installs it).
    static func chromium() throws -> URL {
        guard let url = ExternalPart.onPath("chromium", "chromium-browser") else {
            throw ExternalPart.Missing(part: .chromium)
        }
        return url
    }

    /// The page's DOM after its scripts ran, as Chromium saw it.
    static func renderedDOM(_ url: String, in directory: TemporaryDirectory) async throws -> String {
        let browser = try ChildProcess(
            executable: try chromium(),
            arguments: [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=\(directory.path("chromium"))", "--virtual-time-budget=15000",
                "--window-size=1280,2000", "--dump-dom", url,
            ],
            directory: directory.url, name: "chromium-\(UUID().uuidString.prefix(6))")
        let status = await browser.waitForExit(timeout: .seconds(90))
        #expect(status == 0, "chromium: \(browser.output.suffix(2_000))")
        return browser.output
    }

    /// `name="value"` attributes of every element whose opening tag holds `marker`.
    static func attributes(_ name: String, ofTagsWith marker: String, in dom: String) -> [String] {
        dom.components(separatedBy: "<").dropFirst().compactMap { tag -> String? in
            let head = tag.prefix { $0 != ">" }
            guard head.contains(marker), let range = head.range(of: "\(name)=\"") else { return nil }
            return String(head[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    @Test(.requires(.chromium)) func theDashboardRendersHealthAndVelocityChartsWithDataInChromium() async throws {
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 40, seed: 51)
        defer { harness.remove() }
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            try await harness.collect(baseURL: url, logger: .quiet)
        }
        #expect(summary.completed)
        let configuration = harness.pipelineConfiguration(baseURL: "http://127.0.0.1:1")
        let store = try SQLiteStore(path: harness.databasePath)
        let log = try EmbeddedLog(configuration: .init(path: configuration.logPath))
        let topics = configuration.topics
        let sampler = ThroughputSampler(log: log, topics: topics.allRecordTopics, logger: .quiet)
        await sampler.sample()
        let data = DashboardData(
            store: store, ledgerPath: configuration.ledgerPath, log: log,
            groups: [
                (configuration.fetcher.group, [topics.tasks]),
                (configuration.persister.group, SQLitePersister.consumedTopics(topics)),
            ],
            sampler: sampler, github: nil)

        // What the charts should plot: days of the last 90 with activity, and of those the days with a merge time.
        let since = try ReportPeriod.firstDay("90d")
        let days = try await SQLiteMetrics(store: store).rows(org: "sim-org", since: since).filter { $0.author == "*" }
        let activeDays = Set(days.map(\.day)).count
        let mergeDays = Set(days.filter { $0["time_to_merge_p50_hours"] != nil }.map(\.day)).count
        #expect(activeDays > 10 && mergeDays > 3)

        var monitoring = MonitoringConfiguration()
        monitoring.accessToken = Secret("dash-s3cret")
        let routes: @Sendable (Router<BasicRequestContext>) -> Void = { DashboardRoutes.add(to: $0, data: data) }
        let dom = try await MonitoringTests.withServer(monitoring, extraRoutes: routes) { base in
            #expect(try await MonitoringTests.get(base + "/api/health").status == 401, "the token guards the data")
            return try await Self.renderedDOM(base + "/?token=dash-s3cret", in: harness.directory)
        }
        try await log.close()

        #expect(dom.contains("data-loaded=\"true\""), "the page's script ran")
        #expect(!dom.contains("HTTP 401"), "the page passed its token on")
        // Every chart is drawn, each with one mark per day that has a value.
        let charts = Self.attributes("id", ofTagsWith: "class=\"chart\"", in: dom)
        #expect(charts == ["chart-merged", "chart-merge-time", "chart-first-review", "chart-reviews", "chart-commits"])
        #expect(
            Self.attributes("data-rendered", ofTagsWith: "class=\"chart\"", in: dom)
                == Array(repeating: "true", count: 5))
        #expect(Self.attributes("data-velocity-days", ofTagsWith: "body", in: dom) == ["\(activeDays)"])
        #expect(Self.attributes("data-points", ofTagsWith: "id=\"chart-merged\"", in: dom) == ["\(activeDays)"])
        #expect(Self.attributes("data-points", ofTagsWith: "id=\"chart-merge-time\"", in: dom) == ["\(mergeDays)"])
        #expect(
            dom.components(separatedBy: "class=\"point\"").count - 1 >= mergeDays, "dots are drawn on the line charts")
        // Health: both groups caught up, the collection listed as completed.
        #expect(dom.contains("<td>ghstats-fetch</td><td class=\"ok n\">0</td>"))
        #expect(dom.contains(summary.collection.id))
        #expect(dom.contains("<td class=\"ok n\">completed</td>"))
    }
}
