import DurationConversion

/// How often and how long to retry a retriable failure: exponential backoff with full jitter.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included. Default 5.
    public var maxAttempts: Int
    /// Backoff before the second attempt. Default 200 ms.
    public var initialBackoff: Duration
    /// Longest backoff between attempts. Default 30 s.
    public var maxBackoff: Duration
    /// Longest wait a server may ask for (`retry-after`, rate-limit reset) before the task is given up. Default 1 h.
    public var maxServerRequestedWait: Duration

    /// Exponential backoff with full jitter.
    public static func exponentialJitter(
        maxAttempts: Int = 5, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(30)
    ) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: maxAttempts, initialBackoff: initialBackoff, maxBackoff: maxBackoff,
            maxServerRequestedWait: .seconds(3600))
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1), honouring a server's request.
    func delay(afterAttempt attempt: Int, serverRequested: Duration?) -> Duration {
        if let serverRequested { return min(serverRequested, maxServerRequestedWait) }
        let exponent = min(attempt - 1, 20)
        let ceiling = min(initialBackoff * (1 << exponent), maxBackoff)
        return Duration(timeInterval: Double.random(in: 0.5...1.0) * ceiling.inSeconds)
    }
}
