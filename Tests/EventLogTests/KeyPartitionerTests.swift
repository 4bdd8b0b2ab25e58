import EventLog
import Testing

@Suite struct KeyPartitionerTests {
    /// Kafka's own vectors (UtilsTest.testMurmur2), so keys land where Java clients and librdkafka's murmur2 put them.
    @Test(arguments: [
        ("21", Int32(-973_932_308)), ("foobar", -790_332_482), ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971), ("abc", 479_470_107),
    ])
    func murmur2MatchesKafkasReferenceVectors(key: String, expected: Int32) {
        #expect(Int32(bitPattern: KeyPartitioner.murmur2(Array(key.utf8))) == expected)
    }

    @Test func partitionIsStableAndInRange() {
        for key in ["a", "acme/api#1", "", "ünïcode"] {
            let partition = KeyPartitioner.partition(forKey: key, partitions: 7)
            #expect((0..<7).contains(partition))
            #expect(KeyPartitioner.partition(forKey: key, partitions: 7) == partition)
        }
    }
}
