import Secrets
import Settings

/// Where a process serves `/metrics` (and, for `ghstats serve`, the dashboard).
public struct MonitoringConfiguration: Sendable, Equatable {
    /// Interface to listen on. Default `127.0.0.1`: nothing is exposed beyond the machine unless asked.
    public var host: String = "127.0.0.1"
    /// Port; 0 picks a free one (logged). Default 9464 (Prometheus' conventional exporter range).
    public var port: Int = 9464
    /// Off: serve nothing.
    public var enabled: Bool = true
    /// When set, requests must carry `Authorization: Bearer TOKEN` (or `?token=` for the dashboard page).
    public var accessToken: Secret?

    public init() {}

    /// From `METRICS_ADDRESS` (`host:port`, `:port`, or `off`) and `GHSTATS_ACCESS_TOKEN`; errors name the key.
    public init(address: String?, accessToken: String?, key: String = "METRICS_ADDRESS") throws(ConfigurationError) {
        self.accessToken = Secret(nonEmpty: accessToken)
        guard let address, !address.isEmpty else { return }
        if address == "off" {
            enabled = false
            return
        }
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65_535).contains(port)
        else {
            throw ConfigurationError(key: key, reason: "'\(address)' is not host:port, :port or off")
        }
        let host = String(address[..<colon])
        if !host.isEmpty { self.host = host }
        self.port = port
    }
}
