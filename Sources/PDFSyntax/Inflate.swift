import Foundation
import CSystemZlib

/// zlib's inflate, for the compressed streams of a PDF; bounded, since a few kilobytes can inflate to gigabytes.
public enum Inflate {
    /// Structure streams (cross-references, object streams, ToUnicode maps) are far below this.
    public static let maxOutput = 256 << 20

    public static func inflate(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw PDFFileError("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var input = input
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = CSystemZlib.inflate(&stream, Z_NO_FLUSH)
                    output += target[0..<(target.count - Int(stream.avail_out))]
                }
            } while status == Z_OK && output.count <= maxOutput
        }
        guard status == Z_STREAM_END else { throw PDFFileError("a compressed stream of the PDF is damaged or too large") }
        return output
    }
}
