import Foundation

/// Validates JSON against the subset of JSON Schema 2020-12 that `schemas/` uses: `type` (one or a list),
/// `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `minimum`, `minLength`,
/// `pattern` and `format: date-time`. An unsupported keyword in the schema is an error, so nothing is
/// silently skipped.
public struct JSONSchemaValidator: Sendable {
    let schema: JSONValue

    static let supported: Set<String> = [
        "$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties",
        "items", "enum", "minimum", "minLength", "pattern", "format",
    ]

    public init(schemaData: Data) throws {
        let schema = try JSONValue.parse(schemaData)
        try Self.checkKeywords(schema)
        self.schema = schema
    }

    public init(schemaFile: URL) throws {
        try self.init(schemaData: try Data(contentsOf: schemaFile))
    }

    public struct ValidatorError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The violations of `data`, each with its JSON path (empty when valid).
    public func violations(of data: Data) throws -> [String] {
        var problems: [String] = []
        Self.validate(try JSONValue.parse(data), against: schema, path: "$", problems: &problems)
        return problems
    }

    private static func checkKeywords(_ schema: JSONValue) throws {
        guard case .object(let object) = schema else { throw ValidatorError(message: "a schema must be an object") }
        for key in object.keys where !supported.contains(key) {
            throw ValidatorError(message: "schema keyword '\(key)' is not supported by this validator")
        }
        if case .object(let properties)? = object["properties"] {
            for property in properties.values { try checkKeywords(property) }
        }
        if let items = object["items"] { try checkKeywords(items) }
    }

    private static func validate(_ value: JSONValue, against schema: JSONValue, path: String, problems: inout [String])
    {
        if let type = schema["type"] {
            let allowed: [String]
            switch type {
            case .string(let name): allowed = [name]
            case .array(let names): allowed = names.compactMap(\.stringValue)
            default: allowed = []
            }
            let actual = value.typeName
            guard allowed.contains(actual) || (actual == "integer" && allowed.contains("number")) else {
                problems.append("\(path): expected \(allowed.joined(separator: " or ")), found \(actual)")
                return
            }
        }
        if case .array(let choices)? = schema["enum"], !choices.contains(value) {
            problems.append("\(path): \(value) is not one of the allowed values")
        }
        if let minimum = schema["minimum"]?.doubleValue, let number = value.doubleValue, number < minimum {
            problems.append("\(path): \(number) is below the minimum \(minimum)")
        }
        if case .string(let string) = value {
            if let minLength = schema["minLength"]?.doubleValue, Double(string.count) < minLength {
                problems.append("\(path): shorter than \(Int(minLength))")
            }
            if let pattern = schema["pattern"]?.stringValue,
                string.range(of: pattern, options: .regularExpression) == nil
            {
                problems.append("\(path): '\(string)' does not match \(pattern)")
            }
            if schema["format"]?.stringValue == "date-time", (try? Date(string, strategy: .iso8601)) == nil {
                problems.append("\(path): '\(string)' is not an RFC 3339 date-time")
            }
        }
        if case .object(let object) = value {
            var properties: [String: JSONValue] = [:]
            if case .object(let declared)? = schema["properties"] { properties = declared }
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where object[name] == nil {
                    problems.append("\(path): required property '\(name)' is missing")
                }
            }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                if let childSchema = properties[key] {
                    validate(child, against: childSchema, path: "\(path).\(key)", problems: &problems)
                } else if schema["additionalProperties"] == .bool(false) {
                    problems.append("\(path): property '\(key)' is not in the schema")
                }
            }
        }
        if case .array(let array) = value, let items = schema["items"] {
            for (index, item) in array.enumerated() {
                validate(item, against: items, path: "\(path)[\(index)]", problems: &problems)
            }
        }
    }
}
