/// Chooses a partition from a message key with murmur2, as Kafka's Java clients and
/// librdkafka's `murmur2` partitioner do, so one key maps to one partition on every transport.
public enum KeyPartitioner {
    public static func partition(forKey key: String, partitions: Int32) -> Int32 {
        precondition(partitions > 0, "a topic has at least one partition")
        let hash = murmur2(Array(key.utf8)) & 0x7fff_ffff
        return Int32(hash % UInt32(partitions))
    }

    /// Kafka's murmur2 (seed 0x9747b28c) over `data`.
    public static func murmur2(_ data: [UInt8]) -> UInt32 {
        let seed: UInt32 = 0x9747_b28c
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = data.count
        var h: UInt32 = seed ^ UInt32(truncatingIfNeeded: length)
        let blocks = length / 4
        for i in 0..<blocks {
            let base = i * 4
            var k =
                UInt32(data[base]) | UInt32(data[base + 1]) << 8 | UInt32(data[base + 2]) << 16
                | UInt32(data[base + 3]) << 24
            k &*= m
            k ^= k >> r
            k &*= m
            h &*= m
            h ^= k
        }
        let tail = blocks * 4
        switch length % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h &*= m
        case 2:
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h &*= m
        case 1:
            h ^= UInt32(data[tail])
            h &*= m
        default: break
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return h
    }
}
