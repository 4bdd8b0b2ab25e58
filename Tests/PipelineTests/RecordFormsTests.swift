import Foundation
import GHRecords
import GitHubAPI
import GitHubSimulator
import GoogleCloud
import SQLiteDB
import TestSupport
import Testing

@testable import CloudStore
@testable import Store

/// Every form of every record against the record's declaration, its `RecordShape`: what is derived (the SQLite
/// table, the BigQuery table and `schemas/bigquery`) is compared with what is on disk, what is hand-written (the fast
/// JSON writer and reader, the SQLite row, the migrations, `schemas/records`, the GraphQL mapping) is exercised with
/// every field set. A field some form lacks fails here, naming the form and the field.
@Suite struct RecordFormsTests {
    /// Every record type.
    static let records: [any CloudRecord.Type] = [
        Repository.self, PullRequest.self, Commit.self, Review.self, ReviewComment.self, IssueComment.self,
        GitHubEvent.self, GHArchiveHourRecord.self,
    ]

    /// One made-up record: the value of each field, and whether it has every optional field.
    struct Sample<R: GHRecord> {
        let record: R
        let values: [String: RecordFieldValue]
        let complete: Bool
    }

    /// A value per field that shows where it went: strings name their field, numbers and instants differ field by
    /// field, lists have two items; `trueField` is the one boolean set. A sparse record leaves optionals out.
    static func value(
        _ field: RecordField, of shape: RecordShape, trueField: String?, sparse: Bool
    )
        -> RecordFieldValue?
    {
        if sparse && field.isOptional { return nil }
        let index = shape.names.firstIndex(of: field.name) ?? 0
        switch field.kind {
        case .string: return .string(field.name)
        case .integer: return .integer(Int64(101 + index))
        case .boolean: return .boolean(field.name == trueField)
        case .timestamp: return .timestamp(Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 3_600))
        case .strings: return .strings(sparse ? [] : [field.name + "-1", field.name + "\"2\""])
        }
    }

    /// Records of `type` with every field set (one per boolean field, that one true, so swapped flags show) and one
    /// with the optional fields left out.
    static func samples<R: GHRecord>(_ type: R.Type) throws -> [Sample<R>] {
        let shape = R.shape
        let booleans = shape.fields.filter { $0.kind == .boolean }.map { Optional($0.name) }
        var samples: [Sample<R>] = []
        var variants: [(trueField: String?, sparse: Bool)] = (booleans.isEmpty ? [nil] : booleans).map { ($0, false) }
        variants.append((nil, true))
        for (trueField, sparse) in variants {
            var values: [String: RecordFieldValue] = [:]
            for field in shape.fields {
                values[field.name] = value(field, of: shape, trueField: trueField, sparse: sparse)
            }
            let record = try RecordShape.make(type) { value($0, of: shape, trueField: trueField, sparse: sparse) }
            samples.append(Sample(record: record, values: values, complete: !sparse))
        }
        return samples
    }

    /// The members of a JSON object.
    static func members(_ bytes: [UInt8]) throws -> [String: JSONValue] {
        guard case .object(let members) = try JSONValue.parse(Data(bytes)) else { return [:] }
        return members
    }

    /// The members where two JSON objects differ, as `name: expected → actual`.
    static func differences(_ expected: [UInt8], _ actual: [UInt8]) throws -> [String] {
        let (expected, actual) = (try members(expected), try members(actual))
        return Set(expected.keys).union(actual.keys).sorted().compactMap { name in
            guard expected[name] != actual[name] else { return nil }
            let (before, after) = (expected[name].map { "\($0)" } ?? "absent", actual[name].map { "\($0)" } ?? "absent")
            return "\(name): \(before) → \(after)"
        }
    }

    @Test func everyCollectedRecordTypeIsChecked() {
        #expect(Self.records.map { $0.recordType } == RecordType.collected)
    }

    // MARK: JSON (Codable and the fast forms)

    /// The shape is what `RecordCoding` writes: a member per field, of the field's JSON type, left out when optional
    /// and nil.
    @Test(arguments: RecordFormsTests.records.map { $0 as any GHRecord.Type })
    func theShapeIsTheRecordsJSON(type: any GHRecord.Type) throws {
        try Self.checkJSON(type)
    }

    static func checkJSON<R: GHRecord>(_ type: R.Type) throws {
        for sample in try samples(type) {
            let members = try Self.members(Array(try RecordCoding.makeEncoder().encode(sample.record)))
            let expected = R.shape.fields.filter { sample.complete || !$0.isOptional }.map(\.name)
            #expect(members.keys.sorted() == expected.sorted(), "\(R.recordType): JSON members vs shape")
            for field in R.shape.fields {
                guard let member = members[field.name] else { continue }
                let json: String =
                    switch field.kind {
                    case .string, .timestamp: "string"
                    case .integer: "integer"
                    case .boolean: "boolean"
                    case .strings: "array"
                    }
                #expect(
                    member.typeName == json, "\(R.recordType).\(field.name) is JSON \(member.typeName), not \(json)")
            }
        }
    }

    /// The hand-written fast writer writes every field as Foundation's encoder does, and the fast reader reads every
    /// field back; a field either misses is named.
    @Test(arguments: RecordFormsTests.records.map { $0 as any GHRecord.Type })
    func theFastJSONWriterAndReaderHandleEveryField(type: any GHRecord.Type) throws {
        try Self.checkFastJSON(type)
    }

    static func checkFastJSON<R: GHRecord>(_ type: R.Type) throws {
        guard let fastType = R.self as? any FastJSONRecord.Type else { return }  // a GH Archive hour, one an hour
        for sample in try samples(type) {
            let foundation = Array(try RecordCoding.makeEncoder().encode(sample.record))
            guard let fast = (sample.record as? any FastJSONRecord)?.fastJSON() else { continue }
            let written = try differences(foundation, fast)
            #expect(written.isEmpty, "\(R.recordType): the fast writer differs from Foundation's in \(written)")
            let read = foundation.withUnsafeBufferPointer { fastType.init(fastJSON: $0) } as? R
            guard let read else {
                Issue.record("\(R.recordType) fast reader refuses \(String(decoding: foundation, as: UTF8.self))")
                continue
            }
            let misread = try differences(foundation, Array(try RecordCoding.makeEncoder().encode(read)))
            #expect(read == sample.record, "\(R.recordType): the fast reader misreads \(misread)")
        }
    }

    /// The natural key depends on the shape's key fields and on nothing else.
    @Test(arguments: RecordFormsTests.records.map { $0 as any GHRecord.Type })
    func theNaturalKeyIsMadeOfTheKeyFields(type: any GHRecord.Type) throws {
        try Self.checkNaturalKey(type)
    }

    static func checkNaturalKey<R: GHRecord>(_ type: R.Type) throws {
        let shape = R.shape
        let base = try RecordShape.make(type) { value($0, of: shape, trueField: nil, sparse: false) }
        for changed in shape.fields {
            let other = try RecordShape.make(type) { field in
                let original = value(field, of: shape, trueField: nil, sparse: false)
                guard field.name == changed.name, let original else { return original }
                switch original {
                case .string(let text): return .string(text + "-other")
                case .integer(let number): return .integer(number + 1_000)
                case .boolean(let flag): return .boolean(!flag)
                case .timestamp(let date): return .timestamp(date.addingTimeInterval(86_400))
                case .strings(let list): return .strings(list + ["other"])
                }
            }
            let inKey = shape.key.contains(changed.name)
            #expect(
                (other.naturalKey != base.naturalKey) == inKey,
                "\(R.recordType).naturalKey \(inKey ? "ignores key" : "depends on non-key") field \(changed.name)")
        }
    }

    // MARK: SQLite

    /// The hand-written row holds each field in its column, as the store keeps it (booleans 0/1, instants as ISO
    /// 8601 text, lists as JSON arrays, NULL for a nil).
    @Test(arguments: RecordFormsTests.records.map { $0 as any StoredRecord.Type })
    func theSQLiteRowHoldsEveryFieldInItsColumn(type: any StoredRecord.Type) throws {
        try Self.checkValues(type)
    }

    static func sqliteValue(_ value: RecordFieldValue?) -> SQLiteValue {
        switch value {
        case nil: return .null
        case .string(let text)?: return .text(text)
        case .integer(let number)?: return .integer(number)
        case .boolean(let flag)?: return .integer(flag ? 1 : 0)
        case .timestamp(let date)?: return .text(ISO8601Timestamp.format(date))
        case .strings(let list)?: return list.jsonText
        }
    }

    static func checkValues<R: StoredRecord>(_ type: R.Type) throws {
        let table = R.storedTable
        for sample in try samples(type) {
            let values = sample.record.values
            #expect(values.count == table.columns.count, "\(table.name): \(values.count) values for \(table.columns)")
            for (index, field) in table.fields.enumerated() where index < values.count {
                let (expected, column) = (sqliteValue(sample.values[field.name]), table.columns[index])
                #expect(
                    values[index] == expected,
                    "\(table.name).\(column) (#\(index)) is \(values[index]); \(field.name) is \(expected)")
            }
        }
    }

    /// A store migrated from nothing: every migration, in order, as `SQLiteStore` applies them.
    static func migratedStore(_ directory: TemporaryDirectory) throws -> SQLiteConnection {
        let db = try SQLiteConnection(path: directory.path("migrated.db"))
        for migration in StoreMigrations.all { try migration.apply(to: db) }
        return db
    }

    static func sqliteType(_ kind: RecordField.Kind) -> String {
        switch kind {
        case .string, .timestamp, .strings: return "TEXT"
        case .integer, .boolean: return "INTEGER"
        }
    }

    /// The migrations (hand-written history) leave each table with a column per field, of the field's type, NULL
    /// allowed where the field is optional, and a unique index on the natural key; a row upserted reads back.
    @Test(arguments: RecordFormsTests.records.map { $0 as any StoredRecord.Type })
    func theMigratedTableHasAColumnPerFieldAndTheNaturalKey(type: any StoredRecord.Type) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.checkMigrated(type, try Self.migratedStore(directory))
    }

    static func checkMigrated<R: StoredRecord>(_ type: R.Type, _ db: SQLiteConnection) throws {
        let table = R.storedTable
        // cid, name, type, notnull, dflt_value, pk
        let info = try db.query("PRAGMA table_info(\(table.name))")
        let declared = Dictionary(uniqueKeysWithValues: info.map { ($0.string(1) ?? "", $0) })
        for (field, column) in zip(table.fields, table.columns) {
            guard let row = declared[column] else {
                Issue.record("no migration adds \(table.name).\(column) (field \(field)): write one")
                continue
            }
            #expect(
                row.string(2)?.uppercased() == sqliteType(field.kind),
                "\(table.name).\(column) is \(row.string(2) ?? "untyped"); field \(field) is \(sqliteType(field.kind))")
            #expect(
                !(field.isOptional && row.int(3) == 1),
                "\(table.name).\(column) is NOT NULL, field \(field) is optional")
        }
        for column in declared.keys where !table.columns.contains(column) {
            Issue.record("\(table.name).\(column) is a column no field of \(R.self) declares")
        }
        var uniqueColumns: [Set<String>] = [Set(info.filter { ($0.int(5) ?? 0) > 0 }.compactMap { $0.string(1) })]
        for index in try db.query("PRAGMA index_list(\(table.name))") where index.int(2) == 1 {
            let name = index.string(1) ?? ""
            uniqueColumns.append(Set(try db.query("PRAGMA index_info(\(name))").compactMap { $0.string(2) }))
        }
        #expect(uniqueColumns.contains(Set(table.keyColumns)), "\(table.name) has no unique key on \(table.keyColumns)")
        // The derived upsert, its values encoded and bound as the store's batches are, runs against the migrated
        // table, and what it wrote reads back column by column.
        let sample = try #require(try samples(type).first)
        let rows = StoredRows([sample.record])
        #expect(rows.tables.map(\.upsertSQL) == [R.upsertSQL])
        try db.prepare(R.upsertSQL).execute(each: rows.tables[0].rows)
        let select = "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name)"
        let stored = try #require(try db.query(select).first)
        #expect(stored.values == sample.record.values, "\(table.name): the upserted row reads back as written")
    }

    // MARK: schemas/

    /// `schemas/records/{name}.schema.json` (the contract for subscribers, with its descriptions and constraints,
    /// kept by hand) has a property per field of the field's JSON type, requires exactly the non-optional fields,
    /// and carries the record type's schema version in its `$id`.
    @Test(arguments: RecordFormsTests.records.map { $0 as any GHRecord.Type })
    func theJSONSchemaFileDeclaresEveryField(type: any GHRecord.Type) throws {
        try Self.checkJSONSchema(type)
    }

    static func checkJSONSchema<R: GHRecord>(_ type: R.Type) throws {
        let file = "schemas/records/\(R.recordType.name).schema.json"
        let schema = try JSONValue.parse(Data(contentsOf: ProjectPaths.recordSchema(R.recordType.name)))
        guard case .object(let properties)? = schema["properties"] else {
            Issue.record("\(file) has no properties")
            return
        }
        for field in R.shape.fields {
            var types: [String] =
                switch field.kind {
                case .string, .timestamp: ["string"]
                case .integer: ["integer"]
                case .boolean: ["boolean"]
                case .strings: ["array"]
                }
            if field.isOptional { types.append("null") }
            let wanted = types.count == 1 ? "\"\(types[0])\"" : "[\(types.map { "\"\($0)\"" }.joined(separator: ", "))]"
            let format = field.kind == .timestamp ? ", \"format\": \"date-time\"" : ""
            let items = field.kind == .strings ? ", \"items\": {\"type\": \"string\"}" : ""
            let snippet = "\"\(field.name)\": {\"type\": \(wanted)\(format)\(items)}"
            guard let property = properties[field.name] else {
                Issue.record("\(file) lacks field \(field): add \(snippet)")
                continue
            }
            let declared: [String] =
                switch property["type"] {
                case .string(let one)?: [one]
                case .array(let many)?: many.compactMap(\.stringValue)
                default: []
                }
            #expect(Set(declared) == Set(types), "\(file): \(field) is typed \(declared); want \(snippet)")
            if field.kind == .timestamp {
                #expect(property["format"]?.stringValue == "date-time", "\(file): \(field) wants \(snippet)")
            }
            if field.kind == .strings {
                #expect(property["items"]?["type"]?.stringValue == "string", "\(file): \(field) wants \(snippet)")
            }
        }
        for name in properties.keys where R.shape[name] == nil {
            Issue.record("\(file) has property '\(name)', which \(R.self) does not declare")
        }
        var required: [String] = []
        if case .array(let names)? = schema["required"] { required = names.compactMap(\.stringValue) }
        let nonOptional = R.shape.fields.filter { !$0.isOptional }.map(\.name)
        #expect(Set(required) == Set(nonOptional), "\(file): required should be \(nonOptional)")
        let version = schema["$id"]?.stringValue?.split(separator: "/").last.map(String.init)
        #expect(version == String(R.recordType.schemaVersion), "\(file): $id vs \(R.recordType.schemaHeader)")
    }

    /// `schemas/bigquery/*.json` is generated from `BigQueryTables` (derived from the shapes, plus `metrics`);
    /// `GHSTATS_WRITE_SCHEMAS=1` rewrites it.
    @Test func theBigQuerySchemaFilesAreTheTablesInitCreates() throws {
        let folder = ProjectPaths.root.appendingPathComponent("schemas/bigquery")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for table in BigQueryTables.all {
            let file = folder.appendingPathComponent("\(table.tableId).json")
            let rendered = try encoder.encode(table) + Data("\n".utf8)
            if ProcessInfo.processInfo.environment["GHSTATS_WRITE_SCHEMAS"] == "1" {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try rendered.write(to: file)
            }
            let onDisk = try Data(contentsOf: file)
            #expect(
                onDisk == rendered, "\(file.path) differs from BigQueryTables (GHSTATS_WRITE_SCHEMAS=1 rewrites it)")
        }
        for type in Self.records {
            let table = try #require(BigQueryTables.table(for: type.recordType), "no BigQuery table for \(type)")
            #expect(table.columnNames == type.shape.names, "\(table.tableId): a column per field")
            #expect(type.mergeKey.allSatisfy(table.columnNames.contains), "\(table.tableId): merged on its columns")
        }
    }

    // MARK: GitHub's GraphQL

    /// The GraphQL query and its mapping fill every field of the pull request and review records on a simulated
    /// page: a field added to a record but not to the query or the mapping stays empty, and is named.
    @Test func theGraphQLPageFillsEveryFieldOfPullRequestsAndReviews() async throws {
        var configuration = SimulatorConfiguration()
        configuration.seed = 11
        configuration.organizations = ["acme"]
        configuration.repositoriesPerOrganization = 1
        configuration.pullRequestsPerRepository = 40
        let simulator = GitHubSimulator(configuration: configuration)
        let (pulls, reviews) = try await simulator.withRunning(logger: .quiet) { url in
            let client = GitHubClient(
                configuration: GitHubClientConfiguration(baseURL: url, token: .init("t")), logger: .quiet)
            let repo = simulator.organizations[0].repositories[0].name
            let page = try await client.graphQL(
                GitHubGraphQLPullRequests.query, variables: ["owner": "acme", "name": repo],
                as: GitHubGraphQLPullRequests.Result.self)
            let nodes = try #require(page.body.repository?.pullRequests.items)
            let pulls = nodes.map { $0.record(org: "acme", repo: repo, allReviews: $0.inlineReviews) }
            let reviews = nodes.flatMap { $0.reviewRecords(org: "acme", repo: repo, allReviews: $0.inlineReviews) }
            return (pulls, reviews)
        }
        #expect(pulls.count == 40)
        try Self.checkFilled(pulls)
        try Self.checkFilled(reviews)
    }

    /// Fields no record of `records` holds a value in (null, absent or an empty list in every one).
    static func checkFilled<R: GHRecord>(_ records: [R]) throws {
        var filled: Set<String> = []
        for record in records {
            for (name, value) in try members(try RecordCoding.encode(record)) {
                if value == .null || value == .array([]) { continue }
                filled.insert(name)
            }
        }
        let empty = R.shape.names.filter { !filled.contains($0) }
        #expect(empty.isEmpty, "GraphQL's \(R.recordType) mapping never fills \(empty) in \(records.count) records")
    }
}
