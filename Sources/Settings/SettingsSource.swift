import Foundation

/// Where settings come from: the process environment over a `.env` file (flags are applied on top by the CLI).
public struct SettingsSource: Sendable {
    public let values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    /// The process environment over the `.env` file at `envFile` (missing file: environment only).
    public static func load(
        envFile: String = ".env", environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws -> SettingsSource
    {
        var values: [String: String] = [:]
        if FileManager.default.fileExists(atPath: envFile) {
            let text: String
            do {
                text = try String(contentsOfFile: envFile, encoding: .utf8)
            } catch {
                throw ConfigurationError(
                    key: envFile, reason: "cannot read the .env file: \(error.localizedDescription)")
            }
            values = try parseDotEnv(text, file: envFile)
        }
        values.merge(environment) { _, environment in environment }
        return SettingsSource(values: values)
    }

    /// `KEY=value` lines; `#` comments, `export ` prefixes and quotes allowed.
    static func parseDotEnv(_ text: String, file: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError(key: "\(file):\(index + 1)", reason: "expected KEY=value")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return values
    }

    public func string(_ key: String) -> String? {
        values[key].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A secret: `key`'s value, else the contents of the file `key_FILE` names (a Compose or Kubernetes secret),
    /// trailing white space dropped. An unreadable or empty file is an error naming `key_FILE`, never the contents.
    public func secret(_ key: String) throws -> String? {
        if let value = string(key) { return value }
        guard let file = string(key + "_FILE") else { return nil }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(key: key + "_FILE", reason: "cannot read '\(file)'")
        }
        let value = String(text.reversed().drop(while: \.isWhitespace).reversed())
        guard !value.isEmpty else { throw ConfigurationError(key: key + "_FILE", reason: "'\(file)' is empty") }
        return value
    }

    /// An integer in `range`, or `defaultValue` when unset; a bad value names `key`.
    public func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = string(key) else { return defaultValue }
        guard let value = Int(text) else {
            throw ConfigurationError(key: key, reason: "'\(text)' is not a whole number")
        }
        guard range.contains(value) else {
            throw ConfigurationError(key: key, reason: "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A boolean (`true/false/1/0/yes/no`), or `defaultValue` when unset.
    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let text = string(key)?.lowercased() else { return defaultValue }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(key: key, reason: "'\(text)' is not true or false")
        }
    }

    /// A comma-separated list (empty items dropped).
    public func list(_ key: String) -> [String] {
        (string(key) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Checks that `url` is an absolute http(s) URL with a host.
    public static func validateURL(_ url: String, key: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw ConfigurationError(key: key, reason: "'\(url)' is not an http(s) URL")
        }
    }
}
