import Foundation

/// What a PNG file's first 24 bytes say: its signature and its size in pixels (the IHDR chunk). Read before
/// the image is decoded, so an image too large to hold in memory is refused rather than decoded.
public struct PNGHeader: Sendable {
    public let width: Int
    public let height: Int
    public var aspect: Double { Double(width) / Double(height) }

    /// An emblem or a signature needs far less; a 20,000 × 20,000 image would take 1.6 GB to decode.
    public static let maxPixels = 50_000_000

    public enum Problem: Error, Equatable {
        case notPNG
        case noSize
        case tooLarge(width: Int, height: Int)
    }

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Reads the header of the regular file at `url` (it must have been checked to be one).
    public static func read(_ url: URL) throws -> PNGHeader {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw Problem.notPNG }
        defer { try? handle.close() }
        return try parse(Array(handle.readData(ofLength: 24)))
    }

    public static func parse(_ bytes: [UInt8]) throws -> PNGHeader {
        guard bytes.count >= 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw Problem.notPNG
        }
        func be32(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = be32(16), height = be32(20)
        guard width > 0, height > 0 else { throw Problem.noSize }
        // Each side is up to 2³² − 1, so the product is computed where it cannot overflow.
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels else { throw Problem.tooLarge(width: width, height: height) }
        return PNGHeader(width: width, height: height)
    }
}
