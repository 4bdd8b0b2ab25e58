import Hummingbird
import NIOCore

/// The request context of the simulator: Hummingbird's core context plus the channel, so a fault can
/// reset the connection.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
