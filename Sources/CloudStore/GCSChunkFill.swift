/// How full a bucket's chunks are: records per object against the chunk size, and the fewest objects the folders'
/// sizes allow (a folder of 30 records needs one chunk of 100, not more).
public struct GCSChunkFill: Sendable, Equatable {
    public let objects: Int
    public let records: Int
    /// Objects needed if every folder's chunks were full but its last.
    public let fewestObjects: Int
    public let chunkSize: Int

    public init(_ lines: [GCSInventory.Line], chunkSize: Int) {
        let size = max(1, chunkSize)
        objects = lines.reduce(0) { $0 + $1.objects }
        records = lines.reduce(0) { $0 + $1.records }
        fewestObjects = lines.reduce(0) { $0 + ($1.records + size - 1) / size }
        self.chunkSize = size
    }

    /// Records per object on average.
    public var recordsPerObject: Double { objects == 0 ? 0 : Double(records) / Double(objects) }

    /// One line for people: `fill: 4.2 records per object (GCS_CHUNK_SIZE 100); 5,378 records in 1,280 objects,
    /// the folders allow 1,100 at fewest`.
    public var summary: String {
        let average = (recordsPerObject * 10).rounded() / 10
        return "fill: \(average) records per object (GCS_CHUNK_SIZE \(chunkSize)); \(records) records in \(objects) "
            + "objects, the folders allow \(fewestObjects) at fewest"
    }
}
