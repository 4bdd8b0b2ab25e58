import Collector
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

    /// Chromium's picture of the page, as PNG bytes (also kept in `GHSTATS_SCREENSHOTS` when set, to look at).
    static func screenshot(_ url: String, name: String, in directory: TemporaryDirectory) async throws -> Data {
        let path = directory.path("\(name).png")
        let browser = try ChildProcess(
            executable: try chromium(),
            arguments: [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=\(directory.path("chromium"))", "--virtual-time-budget=15000",
                "--window-size=1400,2400", "--hide-scrollbars", "--screenshot=\(path)", url,
            ],
            directory: directory.url, name: "chromium-shot-\(UUID().uuidString.prefix(6))")
        let status = await browser.waitForExit(timeout: .seconds(90))
        #expect(status == 0, "chromium: \(browser.output.suffix(2_000))")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if let keep = ProcessInfo.processInfo.environment["GHSTATS_SCREENSHOTS"] {
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: keep).appendingPathComponent("\(name).png"))
        }
        return data
    }

    /// The text of the element with `id`, tags removed.
    static func text(ofElementWithID id: String, in dom: String) -> String {
        guard let start = dom.range(of: "id=\"\(id)\"") else { return "" }
        let rest = dom[start.upperBound...]
        let end = rest.range(of: "</section>") ?? rest.range(of: "</table>") ?? (rest.endIndex..<rest.endIndex)
        var text = ""
        var inTag = false
        for character in rest[..<end.lowerBound] {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        return text
    }

    @Test(.requires(.chromium)) func theDashboardAnswersALeadsQuestionsWithDataInEveryPanelInChromium() async throws {
        let harness = try PipelineHarness(repositories: 3, pullRequestsPerRepository: 60, seed: 51)
        defer { harness.remove() }
        let summary = try await harness.simulator.withRunning(logger: .quiet) { url in
            // GraphQL, as with a token: pull requests come with their first commit (the coding stage).
            var configuration = harness.pipelineConfiguration(baseURL: url)
            configuration.github.token = .init("dashboard-token")
            configuration.fetcher.pullRequestSource = .graphQL
            return try await CollectionRunner(configuration: configuration, logger: .quiet)
                .collect(organizations: ["sim-org"], window: PipelineHarness.everything)
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

        // What the panels should show, asked of the record tables directly.
        let since = try ReportPeriod.firstDay("90d")
        let human = "(author_type IS NULL OR author_type <> 'Bot')"
        let merged =
            try await store.query(
                "SELECT COUNT(*) FROM pull_requests WHERE substr(merged_at, 1, 10) >= ? AND \(human)", [.text(since)]
            ).first?.int(0) ?? 0
        let open =
            try await store.query(
                "SELECT COUNT(*) FROM pull_requests WHERE state = 'open' AND draft = 0 AND \(human)"
            ).first?.int(0) ?? 0
        #expect(merged > 10 && open > 0)

        var monitoring = MonitoringConfiguration()
        monitoring.accessToken = Secret("dash-s3cret")
        let routes: @Sendable (Router<BasicRequestContext>) -> Void = { DashboardRoutes.add(to: $0, data: data) }
        let auth = [("Authorization", "Bearer dash-s3cret")]
        let (overview, dom, narrowed, refused, picture) = try await MonitoringTests.withServer(
            monitoring, extraRoutes: routes
        ) { base in
            #expect(try await MonitoringTests.get(base + "/api/overview").status == 401, "the token guards the data")
            let overview = try await MonitoringTests.get(base + "/api/overview?since=90d", headers: auth)
            return (
                overview,
                try await Self.renderedDOM(base + "/?token=dash-s3cret", in: harness.directory),
                try await Self.renderedDOM(base + "/?token=dash-s3cret&repo=repo-02&since=30d", in: harness.directory),
                try await Self.renderedDOM(base + "/?token=dash-s3cret&since=yesterday", in: harness.directory),
                try await Self.screenshot(base + "/?token=dash-s3cret", name: "dashboard", in: harness.directory)
            )
        }
        try await log.close()

        // The overview agrees with the record tables.
        #expect(overview.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(overview.body.utf8)) as? [String: Any])
        let current = (json["current"] as? [String: Any])?["values"] as? [String: Any]
        #expect(current?["prs_merged"] as? Int == merged, "merged in the period: \(merged)")
        let sizes = (json["sizes"] as? [[String: Any]] ?? []).compactMap { $0["pull_requests"] as? Int }
        #expect(sizes.reduce(0, +) == merged, "every merged pull request in one size bucket")
        let stages = json["cycle_time"] as? [[String: Any]] ?? []
        #expect(stages.map { $0["name"] as? String } == ["coding", "pickup", "review", "merge"])
        #expect(stages.allSatisfy { ($0["pull_requests"] as? Int ?? 0) > 0 }, "every stage measured: \(stages)")
        let weeks = json["weeks"] as? [[String: Any]] ?? []
        #expect((13...15).contains(weeks.count), "90 days in weeks: \(weeks.count)")
        let mondays = weeks.compactMap { $0["week"] as? String }
        #expect(mondays == mondays.sorted() && Set(mondays).count == mondays.count)
        #expect(
            zip(mondays, mondays.dropFirst()).allSatisfy { ReportPeriod.day($0, adding: 7) == $1 },
            "one point a week, none missing: a real date axis")

        // Every panel is drawn with data.
        #expect(dom.contains("data-loaded=\"true\""), "the page's script ran")
        #expect(!dom.contains("data-error"), "no error: \(Self.text(ofElementWithID: "error", in: dom))")
        #expect(
            Self.attributes("data-points", ofTagsWith: "id=\"summary\"", in: dom) == ["7"], "every card has a value")
        #expect(Self.attributes("data-points", ofTagsWith: "id=\"week-merged\"", in: dom) == ["\(weeks.count)"])
        for panel in ["week-times", "week-reviews", "sizes", "repositories", "reviewers", "open", "cycle-table"] {
            let points = Self.attributes("data-points", ofTagsWith: "id=\"\(panel)\"", in: dom)
            #expect(points.count == 1 && (Int(points[0]) ?? 0) > 0, "\(panel): \(points)")
        }
        #expect(Self.attributes("data-points", ofTagsWith: "id=\"cycle\"", in: dom) == ["4"], "four stages drawn")
        #expect(Self.attributes("data-points", ofTagsWith: "id=\"repositories\"", in: dom) == ["3"])
        #expect(Self.attributes("data-points", ofTagsWith: "id=\"open\"", in: dom) == ["\(min(open, 10))"])
        #expect(Self.text(ofElementWithID: "summary", in: dom).contains("vs "), "changes against the previous period")
        // Health: both groups caught up, the collection listed as completed.
        #expect(dom.contains("<td>ghstats-fetch</td><td class=\"ok n\">0</td>"))
        #expect(dom.contains(summary.collection.id))

        // Filters come from the URL, and the page keeps them there to share.
        #expect(Self.text(ofElementWithID: "scope", in: narrowed).hasPrefix("sim-org / repo-02"))
        let openRows = narrowed.components(separatedBy: "<td>repo-").dropFirst().map { $0.prefix(3) }
            .filter { $0.hasSuffix("#") }
        #expect(!openRows.isEmpty && openRows.allSatisfy { $0 == "02#" }, "\(openRows)")
        #expect(
            Self.attributes("href", ofTagsWith: "id=\"share\"", in: narrowed).first?.contains("repo=repo-02") == true)
        #expect(
            Self.attributes("href", ofTagsWith: "id=\"share\"", in: narrowed).first?.contains("token") == false,
            "a shared link carries no token")

        // A bad filter is said, not ignored.
        #expect(refused.contains("data-error=\"true\""))
        #expect(Self.text(ofElementWithID: "error", in: refused).contains("'yesterday' is neither YYYY-MM-DD"))

        // The same velocity as Prometheus gauges (what Grafana's velocity panels chart), accepted by promtool.
        PrometheusExporter.bootstrap()
        #expect(try await VelocityGauges(store: store, logger: .quiet).refresh() == 1)
        let text = PrometheusExporter.render()
        let samples = MonitoringTests.samples(text)
        let since30 = try ReportPeriod.firstDay("30d")
        let merged30 =
            try await store.query(
                "SELECT COUNT(*) FROM pull_requests WHERE substr(merged_at, 1, 10) >= ? AND \(human)",
                [.text(since30)]
            ).first?.int(0) ?? 0
        #expect(samples[#"ghstats_velocity_pull_requests_merged{org="sim-org",period="30d"}"#] == Double(merged30))
        #expect(samples[#"ghstats_velocity_pull_requests_merged{org="sim-org",period="7d"}"#] != nil)
        #expect(samples[#"ghstats_velocity_open_pull_requests{org="sim-org"}"#] == Double(open))
        let toMerge = current?["time_to_merge_p50_hours"] as? Double
        #expect(toMerge != nil)
        #expect(samples[#"ghstats_velocity_oldest_open_pull_request_age_seconds{org="sim-org"}"#] ?? 0 > 86_400)
        try MonitoringTests.promtoolAcceptsMetrics(text)

        // A picture of the page, for people to look at (GHSTATS_SCREENSHOTS keeps it).
        #expect(picture.starts(with: [0x89, 0x50, 0x4E, 0x47]) && picture.count > 50_000, "\(picture.count) bytes")
    }

    /// The panels a lead reads first, each of which must show data.
    static let panels = [
        "summary", "week-merged", "week-times", "week-reviews", "cycle", "cycle-table", "sizes", "repositories",
        "reviewers", "open",
    ]

    @Test(.requires(.chromium)) func theDemoOrgsDashboardServedByTheCommandsShowsEveryPanelWithData() async throws {
        let directory = try TemporaryDirectory("ghstats-dashboard-demo")
        defer { directory.remove() }
        let ghstats = try ProjectPaths.executable("ghstats")
        let store = ["--db", directory.path("ghstats.db"), "--state-dir", directory.path("state")]
        let demo = try ChildProcess(
            executable: ghstats, arguments: ["demo"] + store, directory: directory.url, name: "demo")
        #expect(await demo.waitForExit(timeout: .seconds(300)) == 0, "\(demo.output.suffix(2_000))")
        let serve = try ChildProcess(
            executable: ghstats, arguments: ["serve", "--address", "127.0.0.1:0"] + store, directory: directory.url,
            name: "serve")
        defer { serve.terminate() }
        let deadline = ContinuousClock.now + .seconds(60)
        var base: String?
        while base == nil, ContinuousClock.now < deadline, serve.isRunning {
            base = serve.output.firstMatch(of: /dashboard at (http:\/\/127\.0\.0\.1:\d+)\//).map { String($0.output.1) }
            try await Task.sleep(for: .milliseconds(100))
        }
        let url = try #require(base, "\(serve.output)") + "/?since=90d"
        let dom = try await Self.renderedDOM(url, in: directory)
        let picture = try await Self.screenshot(url, name: "dashboard-demo-org", in: directory)
        #expect(Self.text(ofElementWithID: "scope", in: dom).hasPrefix("demo-org"))
        #expect(!dom.contains("data-error"), "\(Self.text(ofElementWithID: "error", in: dom))")
        for panel in Self.panels {
            let points = Self.attributes("data-points", ofTagsWith: "id=\"\(panel)\"", in: dom)
            #expect(points.count == 1 && (Int(points[0]) ?? 0) > 0, "\(panel) shows data: \(points)")
        }
        #expect(Self.attributes("data-points", ofTagsWith: "id=\"summary\"", in: dom) == ["7"])
        #expect(Self.attributes("data-points", ofTagsWith: "id=\"cycle\"", in: dom) == ["4"], "every stage")
        #expect(picture.count > 50_000)
        serve.terminate()
        #expect(await serve.waitForExit(timeout: .seconds(10)) == 0)
    }
}
