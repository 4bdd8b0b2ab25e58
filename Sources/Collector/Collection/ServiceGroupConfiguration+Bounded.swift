import ServiceLifecycle

extension ServiceGroupConfiguration {
    /// How long a graceful shutdown may take before the services are cancelled.
    public static let maximumGracefulShutdown = Duration.seconds(8)
    /// How long cancellation may take after that before the process is ended.
    public static let maximumCancellation = Duration.seconds(1)

    /// Bounds a shutdown so that no process outlives SIGTERM by more than about 9 s, even if a service hangs.
    public mutating func bounded() {
        maximumGracefulShutdownDuration = Self.maximumGracefulShutdown
        maximumCancellationDuration = Self.maximumCancellation
    }
}
