import Foundation

/// Entity tags of simulated responses: a hash of the body, so an unchanged page keeps its tag.
enum SimulatorETag {
    /// FNV-1a 64 of `bytes`, in hex.
    static func hash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Whether an `If-None-Match` value names `etag` (weak comparison, lists and `*` allowed).
    static func matches(_ ifNoneMatch: String, _ etag: String) -> Bool {
        func opaque(_ tag: Substring) -> Substring {
            let trimmed = tag.drop { $0 == " " }
            return trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
        }
        let target = opaque(Substring(etag))
        return ifNoneMatch.split(separator: ",").contains { candidate in
            let candidate = opaque(candidate).trimmingCharacters(in: .whitespaces)
            return candidate == "*" || candidate == target
        }
    }
}
