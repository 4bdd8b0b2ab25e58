/// A BigQuery table's definition: schema, day partitioning and clustering, as `tables.insert` takes it
/// and as `schemas/bigquery/*.json` holds it.
public struct BigQueryTable: Sendable, Codable, Equatable {
    public struct Field: Sendable, Codable, Equatable {
        public var name: String
        /// `STRING`, `INTEGER`, `BOOLEAN`, `TIMESTAMP`, `DATE`, `FLOAT`, `JSON`.
        public var type: String
        /// `REQUIRED`, `NULLABLE` or `REPEATED`.
        public var mode: String
        public var description: String?
        /// The sub-fields of a `RECORD`.
        public var fields: [Field]?

        public init(
            _ name: String, _ type: String, _ mode: String = "NULLABLE", description: String? = nil,
            fields: [Field]? = nil
        ) {
            self.name = name
            self.type = type
            self.mode = mode
            self.description = description
            self.fields = fields
        }
    }

    public struct Schema: Sendable, Codable, Equatable {
        public var fields: [Field]
    }

    public struct TimePartitioning: Sendable, Codable, Equatable {
        public var type: String
        public var field: String?
    }

    public struct Clustering: Sendable, Codable, Equatable {
        public var fields: [String]
    }

    public var tableId: String
    public var description: String?
    public var schema: Schema
    public var timePartitioning: TimePartitioning?
    public var clustering: Clustering?

    public init(
        _ tableId: String, description: String? = nil, fields: [Field], partitionedByDay field: String?,
        clusteredBy clustering: [String]
    ) {
        self.tableId = tableId
        self.description = description
        self.schema = Schema(fields: fields)
        self.timePartitioning = field.map { TimePartitioning(type: "DAY", field: $0) }
        self.clustering = clustering.isEmpty ? nil : Clustering(fields: clustering)
    }

    /// The column names, in order.
    public var columnNames: [String] { schema.fields.map(\.name) }
}
