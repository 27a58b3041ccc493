import CompressNIO
import Foundation
import NIOCore

/// Decompression with a ceiling: a stream that would expand past `limit` bytes is refused
/// (decompression bombs), and damaged streams throw instead of trapping.
enum Inflate {
    enum Format { case gzip, rawDeflate }

    static func decompress(_ data: Data, format: Format, limit: Int) throws -> Data {
        var buffer = ByteBuffer(bytes: data)
        let algorithm: CompressionAlgorithm = format == .gzip ? .gzip() : .deflate()
        do {
            let output = try buffer.decompress(with: algorithm, maxSize: max(1, limit))
            return Data(output.readableBytesView)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw FileDecodeError(.tooLarge, "the compressed data expands past \(limit) bytes")
        } catch {
            throw FileDecodeError(.corrupt, "the compressed data is damaged (\(error))")
        }
    }
}

/// Compression for what we store (samples, original files).
public enum Deflate {
    public static func compress(_ data: Data) throws -> Data {
        var buffer = ByteBuffer(bytes: data)
        let output = try buffer.compress(with: .deflate())
        return Data(output.readableBytesView)
    }

    public static func gzip(_ data: Data) throws -> Data {
        var buffer = ByteBuffer(bytes: data)
        let output = try buffer.compress(with: .gzip())
        return Data(output.readableBytesView)
    }

    public static func gunzip(_ data: Data, limit: Int = 1 << 30) throws -> Data {
        try Inflate.decompress(data, format: .gzip, limit: limit)
    }
}
