/// An error of the pipeline itself (not of GitHub or a transport), with what was being done.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case unknownCollection, invalidConfiguration, stateDirectoryInUse, startupCheck }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// No collection has that id.
        public static let unknownCollection = Code(.unknownCollection)
        /// A configuration value is invalid.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// Another process holds the state directory's lock.
        public static let stateDirectoryInUse = Code(.stateDirectoryInUse)
        /// A check before any work (GitHub or Google reachable, the organisation known) failed.
        public static let startupCheck = Code(.startupCheck)
        public var description: String { value.rawValue }
    }

    public let code: Code
    public let context: String

    public init(code: Code, context: String) {
        self.code = code
        self.context = context
    }

    public var description: String { context }
}
