import Foundation
import PDFSyntax

/// Where saraban's renderer put each signature block: named destinations "saraban-signature-N x y w h"
/// (PDF points, origin bottom left), so that a later `sign --visible` finds the block without the data file.
public enum SignatureBoxes {
    public static let prefix = "saraban-signature-"

    /// The destination name for block `index` (from 1) at `rect`.
    public static func name(index: Int, x: Double, y: Double, width: Double, height: Double) -> String {
        String(format: "\(prefix)%d %.2f %.2f %.2f %.2f", index, x, y, width, height)
    }

    public static func box(for signer: Int, in pdf: Data) throws -> (page: Int, rect: (x: Double, y: Double, width: Double, height: Double))? {
        let structure = try PDFStructure([UInt8](pdf), file: "the PDF")
        let pages = try structure.pages()
        for (name, destination) in try structure.destinations() where name.hasPrefix(prefix) {
            let parts = name.dropFirst(prefix.count).split(separator: " ")
            guard parts.count == 5, Int(parts[0]) == signer else { continue }
            let numbers = parts.dropFirst().compactMap { Double($0) }
            guard numbers.count == 4, let page = destination.first?.reference?.0, let index = pages.firstIndex(of: page) else { continue }
            return (index, (numbers[0], numbers[1], numbers[2], numbers[3]))
        }
        return nil
    }
}
