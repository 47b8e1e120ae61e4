import Foundation
import PDFSyntax

/// Page content streams compressed on a thread of their own while the next pages are painted and the fonts are
/// subset. A page's stream depends on nothing but its own bytes, and deflating the pages was a third of the PDF
/// stage, all on the one thread a single render waits for. The bytes are those of compressing each in turn.
final class BackgroundDeflate: @unchecked Sendable {
    private let queue = DispatchQueue(label: "saraban.deflate")
    /// Touched on `queue` only: a serial queue keeps them in the order they were given.
    private var outputs: [Result<[UInt8], Error>] = []

    func deflate(_ bytes: [UInt8]) {
        queue.async { [self] in outputs.append(Result { try Deflate.deflate(bytes) }) }
    }

    /// Every stream compressed, in the order given, once the last is done; the first failure if one failed.
    func finished() throws -> [[UInt8]] {
        try queue.sync { try outputs.map { try $0.get() } }
    }
}
