import Foundation
import PDFSyntax
import SarabanITA
import SarabanCheck
import SarabanSign

/// What the fuzzer (`make fuzz`, Sources/saraban-fuzz) feeds its mutated inputs to, and what the regression
/// test replays its saved findings through. Each target takes any bytes and must return: an error is the
/// right answer to a bad input; a trap, a hang or an unbounded allocation is the bug the fuzzer looks for.
public enum FuzzTargets {
    /// A data file: parsed, decoded and checked, as `saraban check` does.
    public static func data(_ bytes: [UInt8], scratch: URL) {
        let url = scratch.appendingPathComponent("fuzz-input.yaml")
        guard (try? Data(bytes).write(to: url)) != nil else { return }
        // By its kind, as `saraban check` reads it: a memo, letter, order or announcement decodes and checks its own way.
        _ = RenderPipeline().check(url)
    }

    /// A PDF: its structure, pages and named destinations read, and every signature verified.
    public static func pdf(_ bytes: [UInt8]) {
        guard let structure = try? PDFStructure(bytes, file: "fuzz.pdf") else { return }
        _ = try? structure.pages()
        _ = try? structure.destinations()
        _ = try? structure.catalog()
        let finished = DispatchSemaphore(value: 0)
        Task {
            _ = try? await SignatureVerifier(trustRoots: []).verify(Data(bytes), file: "fuzz.pdf")
            finished.signal()
        }
        finished.wait()
    }
}
