import ArgumentParser
import Foundation
import GitHubSimulator
import Logging

/// Serves a simulated GitHub organisation over HTTP until interrupted.
@main
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ghstats-simulator", abstract: "A GitHub REST simulator over a seeded organisation.")

    @Option(help: "Port (0 picks one).") var port: Int = 8088
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Seed.") var seed: UInt64 = 42
    @Option(name: .customLong("org"), help: "Organisation (repeatable).") var organizations: [String] = ["demo-org"]
    @Option(help: "Repositories per organisation.") var repos: Int = 20
    @Option(help: "Pull requests per repository.") var prsPerRepo: Int = 100

    func run() async throws {
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.host = host
        configuration.seed = seed
        configuration.organizations = organizations
        configuration.repositoriesPerOrganization = repos
        configuration.pullRequestsPerRepository = prsPerRepo
        let simulator = GitHubSimulator(configuration: configuration)
        let logger = Logger(label: "ghstats-simulator")
        let host = configuration.host
        try await simulator.run(logger: logger) { port in
            print("ghstats-simulator listening on http://\(host):\(port)")
        }
    }
}

