import Foundation
import GitHubAPI
import Settings
import TestSupport
import Testing

@testable import ghstats

@Suite struct ConfigurationTests {
    @Test func environmentOverridesTheDotEnvFileAndDefaultsApply() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path(".env")
        try """
        # comment
        export GITHUB_ORG="acme, globex"
        MAX_WORKERS=4
        BATCH_SIZE='250'
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let source = try SettingsSource.load(envFile: file, environment: ["MAX_WORKERS": "6"])
        let settings = try GhstatsSettings(source: source)
        #expect(settings.organizations == ["acme", "globex"])
        #expect(settings.maxWorkers == 6)
        #expect(settings.batchSize == 250)
        #expect(settings.defaultLookbackDays == 180)
        #expect(settings.apiURL == "https://api.github.com")
        #expect(settings.token == nil)
    }

    @Test(arguments: [
        ("MAX_WORKERS", "lots"), ("MAX_WORKERS", "0"), ("BATCH_SIZE", "-5"), ("DEFAULT_LOOKBACK_DAYS", "1.5"),
        ("GITHUB_API_URL", "ftp://example.com"), ("GITHUB_API_URL", "not a url"), ("GHSTATS_TOPIC_PREFIX", "my topics"),
        ("GHSTATS_TASK_PARTITIONS", "0"), ("KAFKA_PROPERTIES", "=x"), ("KAFKA_TRANSACTIONS", "maybe"),
        ("KAFKA_TRANSACTIONAL_ID", "two words"), ("KAFKA_UNCHANGED_TTL", "a while"), ("KAFKA_UNCHANGED_TTL", "500ms"),
    ])
    func aBadValueIsRejectedNamingItsKey(key: String, value: String) throws {
        #expect {
            try GhstatsSettings(source: SettingsSource(values: [key: value]))
        } throws: { error in
            (error as? ConfigurationError)?.key == key
        }
    }

    @Test func recordsFetchedAgainUnchangedAreLeftOutOnKafkaForADayUnlessTurnedOff() throws {
        #expect(try GhstatsSettings(source: SettingsSource(values: [:])).kafkaUnchangedTTL == .seconds(86_400))
        for (value, expected) in [("6h", Duration.seconds(21_600)), ("12", .seconds(43_200))] {
            let settings = try GhstatsSettings(source: SettingsSource(values: ["KAFKA_UNCHANGED_TTL": value]))
            #expect(settings.kafkaUnchangedTTL == expected)
        }
        for value in ["off", "0"] {
            #expect(
                try GhstatsSettings(source: SettingsSource(values: ["KAFKA_UNCHANGED_TTL": value])).kafkaUnchangedTTL
                    == nil)
        }
    }

    @Test func tokensAreReadFromATokensFileSkippingCommentsAndAnEmptyOneIsNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path("tokens")
        try "# team tokens\nghp_first\n\n  ghp_second  \n".write(toFile: file, atomically: true, encoding: .utf8)
        let settings = try GhstatsSettings(source: SettingsSource(values: ["GITHUB_TOKENS_FILE": file]))
        #expect(settings.tokens.map(\.secret) == ["ghp_first", "ghp_second"])
        let empty = directory.path("empty")
        try "# nothing yet\n".write(toFile: empty, atomically: true, encoding: .utf8)
        for path in [empty, directory.path("missing")] {
            #expect {
                try GhstatsSettings(source: SettingsSource(values: ["GITHUB_TOKENS_FILE": path]))
            } throws: { error in
                (error as? ConfigurationError)?.key == "GITHUB_TOKENS_FILE"
            }
        }
    }

    @Test func anAccessTokenIsReadFromTheSecretFileItsFileKeyNamesAndAnUnreadableOneIsNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try "s3cret-from-file\n".write(toFile: directory.path("token"), atomically: true, encoding: .utf8)
        let fromFile = SettingsSource(values: ["GHSTATS_ACCESS_TOKEN_FILE": directory.path("token")])
        #expect(try fromFile.secret("GHSTATS_ACCESS_TOKEN") == "s3cret-from-file")
        let both = SettingsSource(
            values: ["GHSTATS_ACCESS_TOKEN": "direct", "GHSTATS_ACCESS_TOKEN_FILE": directory.path("token")])
        #expect(try both.secret("GHSTATS_ACCESS_TOKEN") == "direct", "the value itself wins")
        #expect(try SettingsSource(values: [:]).secret("GHSTATS_ACCESS_TOKEN") == nil)

        try "\n".write(toFile: directory.path("empty"), atomically: true, encoding: .utf8)
        for file in [directory.path("missing"), directory.path("empty")] {
            let error = #expect(throws: ConfigurationError.self) {
                try SettingsSource(values: ["GHSTATS_ACCESS_TOKEN_FILE": file]).secret("GHSTATS_ACCESS_TOKEN")
            }
            #expect(error?.key == "GHSTATS_ACCESS_TOKEN_FILE")
        }
        // The whole command's settings take it: serve and /metrics are guarded by the file's token.
        let options = try PipelineOptions.parse([]).flags
        #expect(try options.monitoring(fromFile).accessToken?.value == "s3cret-from-file")
    }

    @Test func aBadTokenIsRejectedWithoutShowingIt() throws {
        let secret = "ghp_abc def"
        #expect {
            try GhstatsSettings(source: SettingsSource(values: ["GITHUB_TOKEN": secret]))
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == "GITHUB_TOKEN" && !"\(error)".contains("abc")
        }
    }

    @Test func aTokenPrintsRedacted() {
        let token = GitHubTokenProbe.make("ghp_secret")
        #expect(!"\(token)".contains("secret"))
        #expect(!String(reflecting: token).contains("secret"))
    }

    @Test func aMalformedDotEnvLineIsNamedByFileAndLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path(".env")
        try "GITHUB_ORG=acme\nthis line is wrong\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            try SettingsSource.load(envFile: file, environment: [:])
        } throws: { error in
            (error as? ConfigurationError)?.key == "\(file):2"
        }
    }

    @Test func aBareRepositoryNameTakesTheOneOrganisationGitHubOrgNames() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func options(_ settings: String) throws -> BucketOptions {
            let file = directory.path(".env-\(settings.hashValue)")
            try settings.write(toFile: file, atomically: true, encoding: .utf8)
            return try BucketOptions.parse(["--env-file", file])
        }
        let acme = try options("GITHUB_ORG=acme\n")
        #expect(try acme.repository("frontend") == "acme/frontend")
        #expect(try acme.repository("globex/api") == "globex/api")
        let notOwnerName = #expect(throws: ConfigurationError.self) { try acme.repository("a/b/c") }
        #expect(notOwnerName?.key == "--repo")
        let two = #expect(throws: ConfigurationError.self) { try options("GITHUB_ORG=acme,globex\n").repository("api") }
        #expect(two.map { "\($0)" }?.contains("acme, globex") == true, "\(String(describing: two))")
        let none = #expect(throws: ConfigurationError.self) { try options("MAX_WORKERS=2\n").repository("api") }
        #expect(none.map { "\($0)" }?.contains("GITHUB_ORG") == true, "\(String(describing: none))")
    }
}

enum GitHubTokenProbe {
    static func make(_ secret: String) -> GitHubToken { GitHubToken(secret) }
}
