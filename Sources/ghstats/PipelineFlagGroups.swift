import ArgumentParser

/// A group of pipeline flags: a command shows in its help only the groups it takes.
protocol PipelineFlagGroup: ParsableArguments {
    func apply(to flags: inout PipelineFlags)
}

/// `--env-file`, `--log-level`: every pipeline command.
struct SettingsFlags: PipelineFlagGroup {
    @Option(help: "Settings file read under the environment.")
    var envFile: String = ".env"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. Default: LOG_LEVEL or info.")
    var logLevel: String?

    func apply(to flags: inout PipelineFlags) {
        flags.envFile = envFile
        flags.logLevel = logLevel
    }
}

/// `--org`: the commands that work on organisations.
struct OrganizationFlags: PipelineFlagGroup {
    @Option(name: .customLong("org"), help: "Organisation (repeatable). Default: GITHUB_ORG.")
    var organizations: [String] = []

    func apply(to flags: inout PipelineFlags) { flags.organizations = organizations }
}

/// `--api-url`: the commands that call GitHub.
struct APIFlags: PipelineFlagGroup {
    @Option(
        help:
            "GitHub REST root: GitHub Enterprise (https://HOST/api/v3) or a simulator. Default: GITHUB_API_URL or https://api.github.com."
    )
    var apiURL: String?

    func apply(to flags: inout PipelineFlags) { flags.apiURL = apiURL }
}

/// `--db`: the commands that read or write the SQLite store.
struct DatabaseFlags: PipelineFlagGroup {
    @Option(help: "SQLite store. Default: GHSTATS_DB or ghstats.db.")
    var db: String?

    func apply(to flags: inout PipelineFlags) { flags.db = db }
}

/// `--state-dir`: the commands that use the embedded log or the collection ledger.
struct StateFlags: PipelineFlagGroup {
    @Option(help: "Folder of the embedded log and the collection ledger. Default: GHSTATS_STATE_DIR or .ghstats.")
    var stateDir: String?

    func apply(to flags: inout PipelineFlags) { flags.stateDir = stateDir }
}

/// How fetching is done: the commands that fetch.
struct FetchFlags: PipelineFlagGroup {
    @Option(help: "Concurrent fetch consumers (1-64). Default: MAX_WORKERS or 10.")
    var maxWorkers: Int?

    @Option(
        help:
            "Where pull requests come from: graphql (50 with details and reviews per query), rest, or auto (GraphQL with a token). Default: GHSTATS_PULL_REQUEST_SOURCE or auto."
    )
    var pullRequestSource: String?

    @Flag(
        help:
            "Fetch each commit's lines added and deleted (one request per commit). Default: GHSTATS_COMMIT_STATS or off."
    )
    var commitStats = false

    @Flag(help: "Read every window whole: no conditional requests, no watermarks from earlier passes.")
    var full = false

    func apply(to flags: inout PipelineFlags) {
        flags.maxWorkers = maxWorkers
        flags.pullRequestSource = pullRequestSource
        flags.commitStats = commitStats
        flags.full = full
    }
}

/// `--to-gcs`, `--to-bigquery`: the commands whose work covers the cloud stores.
struct CloudFlags: PipelineFlagGroup {
    @OptionGroup var gcs: GCSFlags
    @OptionGroup var bigQuery: BigQueryFlags

    func apply(to flags: inout PipelineFlags) {
        gcs.apply(to: &flags)
        bigQuery.apply(to: &flags)
    }
}

/// `--to-gcs`.
struct GCSFlags: PipelineFlagGroup {
    @Flag(help: "Also GCS chunk files (group ghstats-gcs). Default: PERSIST_TO_GCS or off.")
    var toGcs = false

    func apply(to flags: inout PipelineFlags) { flags.toGcs = toGcs }
}

/// `--to-bigquery`: also the one cloud flag of `metrics`.
struct BigQueryFlags: PipelineFlagGroup {
    @Flag(help: "Also BigQuery (group ghstats-bigquery). Default: PERSIST_TO_BIGQUERY or off.")
    var toBigquery = false

    func apply(to flags: inout PipelineFlags) { flags.toBigquery = toBigquery }
}

/// `--metrics-address`: the commands that serve `/metrics` while they run.
struct MetricsFlags: PipelineFlagGroup {
    @Option(
        help:
            "Where /metrics is served: host:port, :port (0 picks a free port) or off. Default: METRICS_ADDRESS or 127.0.0.1:9464."
    )
    var metricsAddress: String?

    func apply(to flags: inout PipelineFlags) { flags.metricsAddress = metricsAddress }
}
