/// A value GitHub always sends, as `null` when there is none (a synthesized `Encodable` omits a nil optional).
struct Nullable<Wrapped: Encodable>: Encodable, ExpressibleByNilLiteral {
    let value: Wrapped?

    init(_ value: Wrapped?) { self.value = value }
    init(nilLiteral: ()) { value = nil }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
