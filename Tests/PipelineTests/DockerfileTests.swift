import Foundation
import TestSupport
import Testing

/// The image's build stage, checked without Docker: the package it copies must load as SwiftPM loads it.
struct DockerfileTests {
    /// `COPY SOURCE DESTINATION` lines of the first stage (the build), `--from` copies left out.
    static func buildStageCopies(_ dockerfile: String) -> [(source: String, destination: String)] {
        var copies: [(String, String)] = []
        var stages = 0
        for line in dockerfile.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let words = line.split(separator: " ").map(String.init)
            guard let instruction = words.first?.uppercased() else { continue }
            if instruction == "FROM" { stages += 1 }
            guard stages == 1, instruction == "COPY", words.count == 3, !words[1].hasPrefix("--") else { continue }
            copies.append((words[1], words[2]))
        }
        return copies
    }

    @Test func thePackageLoadsFromExactlyWhatTheDockerfileCopies() throws {
        let root = ProjectPaths.root
        let dockerfile = try String(contentsOf: root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let copies = Self.buildStageCopies(dockerfile)
        #expect(copies.contains { $0.source == "Package.swift" }, "\(copies)")
        let directory = try TemporaryDirectory("ghstats-docker-context")
        defer { directory.remove() }
        for (source, destination) in copies {
            let target = directory.url.appendingPathComponent(
                destination.hasSuffix("/") ? destination + source : destination)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: root.appendingPathComponent(source), to: target)
        }
        guard let swift = ExternalPart.onPath("swift") else {
            Issue.record("swift is not on PATH")
            return
        }
        let process = Process()
        process.executableURL = swift
        process.arguments = ["package", "--scratch-path", directory.path(".build"), "describe"]
        process.currentDirectoryURL = directory.url
        let output = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = output
        try process.run()
        let errors = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the image's package does not load: \(errors)")
    }
}
