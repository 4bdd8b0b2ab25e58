/// A record's fields, read once from its `Codable` declaration: the record struct (its stored properties and
/// `CodingKeys`) is the one place a field is declared. The SQLite table and the BigQuery table are derived from the
/// shape; the fast JSON forms, the SQLite row values, the store's migrations, `schemas/` and the GraphQL mapping are
/// checked against it by `RecordFormsTests`, which names every form a new field is still missing from.
public struct RecordShape: Sendable {
    public let recordType: RecordType
    /// In the order of the record's `CodingKeys` cases (the order of the SQLite and BigQuery columns).
    public let fields: [RecordField]
    /// The natural key's fields: what an upsert or a MERGE matches rows on.
    public let key: [String]
    /// The field whose newer value wins (`updated_at`): a write never replaces a newer version. Nil: the last wins.
    public let version: String?
    /// Fields only some sources fill (a commit's stats): a write without them keeps what is stored.
    public let enrichment: [String]

    /// The shape of `type`, read by running its synthesized `init(from:)` once over made-up values (each `decode` a
    /// required field, each `decodeIfPresent` an optional one). A record whose fields cannot be read stops the
    /// process at once, naming the record: that is a programming error, never a data one.
    public init<R: GHRecord>(reading type: R.Type, key: [String], version: String? = nil, enrichment: [String] = []) {
        let fields: [RecordField]
        do {
            fields = try FieldReadingDecoder.fields(of: type)
        } catch {
            preconditionFailure("the fields of \(R.self) cannot be read from its Codable declaration: \(error)")
        }
        self.recordType = R.recordType
        self.fields = fields
        self.key = key
        self.version = version
        self.enrichment = enrichment
        let names = Set(fields.map(\.name))
        for name in key + enrichment + (version.map { [$0] } ?? []) where !names.contains(name) {
            preconditionFailure("\(R.self)'s shape names '\(name)', which is not one of its fields \(fields)")
        }
    }

    /// The field named `name`.
    public subscript(name: String) -> RecordField? { fields.first { $0.name == name } }

    /// The fields' names, in order.
    public var names: [String] { fields.map(\.name) }
}
