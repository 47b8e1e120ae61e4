import Foundation
import PDFSyntax

/// Page content streams compressed on a thread of their own while the next pages are painted and the fonts are
/// subset. A page's stream depends on nothing but its own bytes, and deflating the pages was a third of the PDF
/// stage, all on the one thread a single render waits for. The bytes are those of compressing each in turn.
///
/// Where every core has a worker already (a batch), the thread only takes turns with the workers, and each worker
/// waits for its own streams at the end: there the streams are compressed in place, as they are given.
final class BackgroundDeflate: @unchecked Sendable {
    /// nil where the streams are compressed in place.
    private let queue: DispatchQueue?
    /// Touched on `queue` only, where there is one: a serial queue keeps them in the order they were given.
    private var outputs: [Result<[UInt8], Error>] = []

    init(onItsOwnThread: Bool) {
        queue = onItsOwnThread ? DispatchQueue(label: "saraban.deflate") : nil
    }

    func deflate(_ bytes: [UInt8]) {
        guard let queue else { return outputs.append(Result { try Deflate.deflate(bytes) }) }
        queue.async { [self] in outputs.append(Result { try Deflate.deflate(bytes) }) }
    }

    /// Every stream compressed, in the order given, once the last is done; the first failure if one failed.
    func finished() throws -> [[UInt8]] {
        guard let queue else { return try outputs.map { try $0.get() } }
        return try queue.sync { try outputs.map { try $0.get() } }
    }
}
