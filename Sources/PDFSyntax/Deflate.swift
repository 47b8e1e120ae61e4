import Foundation
import CSystemZlib

/// zlib's deflate, for the streams saraban writes (page content, fonts, images, maps).
public enum Deflate {
    /// Level 3: measured on the example, zlib's default (6) took about a quarter of a batch's time for files only
    /// 5–8% smaller.
    public static let level: Int32 = 3

    public static func deflate(_ input: [UInt8], level: Int32 = Deflate.level) throws -> [UInt8] {
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { target in
            input.withUnsafeBufferPointer { source in compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), level) }
        }
        guard status == Z_OK else { throw PDFFileError("zlib could not compress") }
        output.removeSubrange(Int(length)...)
        return output
    }
}
