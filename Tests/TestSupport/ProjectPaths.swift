import Foundation

/// Paths of the project's checkout and build, for tests that read `schemas/` or run the built executables.
public enum ProjectPaths {
    /// The package root (the folder holding Package.swift).
    public static var root: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }

    /// `Tests/Fixtures/{relative}`: real GitHub and GH Archive data the suite reads (copied from `../shared/fixtures`,
    /// so a clone alone passes).
    public static func fixture(_ relative: String) -> URL {
        root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative)
    }

    /// `schemas/records/{name}.schema.json`.
    public static func recordSchema(_ name: String) -> URL {
        root.appendingPathComponent("schemas/records/\(name).schema.json")
    }

    /// A built executable of this package (`ghstats`, `ghstats-simulator`), next to the running test bundle.
    public static func executable(_ name: String) throws -> URL {
        var candidates: [URL] = []
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        candidates.append(bundle.appendingPathComponent(name))
        for build in [".build/debug", ".build/release"] {
            candidates.append(root.appendingPathComponent(build).appendingPathComponent(name))
        }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw MissingExecutable(name: name, searched: candidates.map(\.path))
    }

    public struct MissingExecutable: Error, CustomStringConvertible {
        public let name: String
        public let searched: [String]
        public var description: String {
            "executable '\(name)' is not built (run `swift build` before `swift test`); looked in \(searched)"
        }
    }
}
