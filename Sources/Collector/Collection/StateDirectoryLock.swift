import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `lock` in a state directory, held until the process exits, so two processes
/// never consume the same embedded log and ledger. Taking it again in the same process is a no-op.
public enum StateDirectoryLock {
    private static let held = Mutex<[String: Int32]>([:])

    /// Takes the lock on `directory` (created if missing), or throws naming the process holding it.
    public static func acquire(directory: String) throws {
        let key = URL(fileURLWithPath: directory).standardizedFileURL.path
        try held.withLock { held in
            guard held[key] == nil else { return }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = directory + "/lock"
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw PipelineError(
                    code: .stateDirectoryInUse,
                    context: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let holder =
                    (try? String(contentsOfFile: path, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                close(fd)
                throw PipelineError(
                    code: .stateDirectoryInUse,
                    context: "the state directory \(directory) is in use by process \(holder.isEmpty ? "?" : holder) "
                        + "(another ghstats collect, backfill, scheduled or role); wait for it to finish or stop it, "
                        + "or give this run its own --state-dir")
            }
            let pid = Array("\(getpid())\n".utf8)
            _ = ftruncate(fd, 0)
            _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            held[key] = fd
        }
    }
}
