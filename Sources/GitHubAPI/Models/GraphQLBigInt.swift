/// GitHub's GraphQL `BigInt` (`fullDatabaseId`): a 64-bit integer sent as a JSON string.
public struct GraphQLBigInt: Decodable, Sendable, Hashable {
    public let value: Int64

    public init(_ value: Int64) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // The schema says string; a number is accepted too, as a client should be liberal in what it reads.
        if let number = try? container.decode(Int64.self) {
            value = number
            return
        }
        let text = try container.decode(String.self)
        guard let number = Int64(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "BigInt '\(text)' is not a 64-bit integer")
        }
        value = number
    }
}
