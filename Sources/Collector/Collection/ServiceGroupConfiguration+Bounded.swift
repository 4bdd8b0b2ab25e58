import ServiceLifecycle

extension ServiceGroupConfiguration {
    /// How long a graceful shutdown may take before the services are cancelled.
    public static let maximumGracefulShutdown = Duration.seconds(8)

    /// Bounds a graceful shutdown: after 8 s the services are cancelled. A service that then ignores cancellation
    /// is not left to ServiceLifecycle's bound (a crash): `ShutdownDeadline` ends the CLI's process instead.
    public mutating func bounded() {
        maximumGracefulShutdownDuration = Self.maximumGracefulShutdown
    }
}
