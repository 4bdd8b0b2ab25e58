import Foundation

/// How far a collection has come and when it should end, from the pending-message counts it reports. Fetching
/// discovers work as it goes (a listing brings its pull requests' tasks), so the total is not known up front: the
/// share done is what has drained against what has drained plus what is pending, and is never shown lower than
/// before; the end is an estimated finish time smoothed across readings, so the remaining time counts down and
/// settles instead of swinging with each reading's rate.
struct ProgressEstimate: Sendable {
    /// Messages drained so far (every fall of the pending count).
    private(set) var drained: Int64 = 0
    private(set) var pending: Int64 = 0
    /// Messages drained a second over the last minute.
    private(set) var rate: Double = 0
    /// The share done, 0...1, never lower than an earlier one.
    private(set) var done: Double = 0
    private var finish: Date?
    private var last: (at: Date, pending: Int64)?
    /// Drained counts about a second apart over the last `rateWindow`: the rate is their average, steady where a
    /// reading-to-reading rate swings with each batch.
    private var samples: [(at: Date, drained: Int64)] = []

    /// How much of a new reading moves the smoothed finish time (the rest stays where it was).
    static let finishWeight = 0.2
    /// How far back the rate looks.
    static let rateWindow: TimeInterval = 60
    /// Below this many messages a second nothing is draining: no estimate.
    static let minimumRate = 0.01

    mutating func observe(pending: Int64, at now: Date) {
        if let last, pending < last.pending { drained += last.pending - pending }
        last = (now, pending)
        self.pending = pending
        let total = drained + pending
        done = max(done, total > 0 ? Double(drained) / Double(total) : 1)
        if pending == 0 { done = 1 }
        if samples.last.map({ now.timeIntervalSince($0.at) >= 1 }) ?? true { samples.append((now, drained)) }
        samples.removeAll { now.timeIntervalSince($0.at) > Self.rateWindow }
        if let first = samples.first, now.timeIntervalSince(first.at) >= 1 {
            rate = Double(drained - first.drained) / now.timeIntervalSince(first.at)
        }
        guard pending > 0, rate >= Self.minimumRate else {
            if pending == 0 { finish = now }
            return
        }
        let candidate = now.addingTimeInterval(Double(pending) / rate)
        guard let previous = finish, previous > now else {
            finish = candidate
            return
        }
        finish = previous.addingTimeInterval(Self.finishWeight * candidate.timeIntervalSince(previous))
    }

    /// Seconds left by the smoothed finish time; nil while nothing drains.
    func remaining(at now: Date) -> Double? {
        guard pending > 0, rate >= Self.minimumRate, let finish else { return pending == 0 ? 0 : nil }
        return max(0, finish.timeIntervalSince(now))
    }
}
