/// An error reading GH Archive: what failed and where.
public struct GHArchiveError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The file is not a valid gzip stream (or was cut short).
        public static let corruptGzip = Code(name: "corrupt_gzip")
        /// The hour's file does not exist at the source (GH Archive has missing hours).
        public static let missingHour = Code(name: "missing_hour")
        /// The source answered with an error or could not be reached.
        public static let source = Code(name: "source_unavailable")
        public var description: String { name }
    }

    public let code: Code
    public let context: String

    public init(code: Code, context: String) {
        self.code = code
        self.context = context
    }

    public var description: String { "GH Archive \(code): \(context)" }
}
