import GitHubAPI
import Settings
import Testing

@testable import ghstats

/// The pacing settings default to GitHub's secondary limits with a margin, and a bad value names its key.
@Suite struct PacingSettingsTests {
    @Test func pacingDefaultsStayUnderGitHubsSecondaryLimits() throws {
        let settings = try GhstatsSettings(source: SettingsSource(values: [:]))
        #expect(
            settings.pacing == PacingConfiguration(restPoints: 800, graphQLPoints: 1_800, maxConcurrentRequests: 50))
        #expect(settings.pacing.window == .seconds(60))
    }

    @Test func pacingSettingsAreReadFromTheirKeys() throws {
        let settings = try GhstatsSettings(
            source: SettingsSource(values: [
                "GITHUB_REST_POINTS_PER_MINUTE": "0", "GITHUB_GRAPHQL_POINTS_PER_MINUTE": "1000",
                "GITHUB_MAX_CONCURRENT_REQUESTS": "10",
            ]))
        #expect(settings.pacing == PacingConfiguration(restPoints: 0, graphQLPoints: 1_000, maxConcurrentRequests: 10))
    }

    @Test(arguments: [
        ("GITHUB_REST_POINTS_PER_MINUTE", "fast"), ("GITHUB_GRAPHQL_POINTS_PER_MINUTE", "-1"),
        ("GITHUB_MAX_CONCURRENT_REQUESTS", "0"), ("GITHUB_MAX_CONCURRENT_REQUESTS", "101"),
    ])
    func aBadPacingValueNamesItsKey(key: String, value: String) {
        #expect {
            try GhstatsSettings(source: SettingsSource(values: [key: value]))
        } throws: { error in
            (error as? ConfigurationError)?.key == key
        }
    }
}
