import Foundation
import SarabanBlocks

/// A second typesetter, on a thread of its own, setting a document's paragraphs from its last block backwards
/// while the layout sets them from the first block forwards: a fresh process rendering one document otherwise
/// breaks every line on one core while the other waits.
///
/// The helper only fills a table of lines (paragraph and settings → lines), which the layout takes over when it
/// reaches the blocks the helper has done; it decides nothing. Breaking a paragraph depends only on its text, its
/// settings and the font, so a line set by either typesetter is the same line, and the PDF embeds a font file once
/// whichever typesetter's Pango font drew it (`FontHandle.fileIdentity`). Whatever the helper has not set, or
/// could not set (an error is the layout's to report), the layout sets itself.
///
/// The two never touch the same object at once: the helper's lines, and the fonts they hold, are read only after
/// its thread has stopped (`takeOver`). Each typesetter has its own Pango font map, as Pango asks.
///
///     layout:  block 0 → 1 → 2 → 3 ─┐ takes the table over and uses it for 4…7
///     helper:  block 7 → 6 → 5 → 4 ─┘ stops when the layout reaches the block it would set next
public final class LinesFromTheEnd: @unchecked Sendable {
    private let state = NSCondition()
    private var blocks: [Block]?
    /// The block the layout is setting; the helper stops before any block at or before it.
    private var frontier = -1
    /// The block the helper is setting (`Int.max` for none), and the first of those it has set, to the end.
    private var current = Int.max
    private var doneFrom = Int.max
    /// Told to stop; and whether its thread still runs (and may touch its typesetter).
    private var stopped = false
    private var running = true
    private var lines: [Typesetter.LinesKey: [TextLine]] = [:]
    private var engine: LayoutEngine?
    private var makeEngine: (() throws -> LayoutEngine)?

    /// Starts the helper's thread, which makes its typesetter at once (fonts and Pango take a few milliseconds, spent
    /// while the data is read) and then waits for the document's blocks.
    public init(makeEngine: @escaping () throws -> LayoutEngine) {
        self.makeEngine = makeEngine
        let thread = Thread { [self] in run() }
        // The layout file and fonts are read on this thread: the main thread's stack size, not a thread's 512 KB.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The document the layout is about to set, handed to the helper.
    func begin(_ document: [Block]) {
        state.lock()
        if blocks == nil, !stopped { blocks = document }
        state.broadcast()
        state.unlock()
    }

    /// The layout has reached block `index`: where the helper has set everything from here on, or is setting a block
    /// the layout has now reached, the helper is stopped and its lines go to `typesetter`.
    func reached(_ index: Int, by typesetter: Typesetter) {
        state.lock()
        frontier = index
        let overtaken = !stopped && index >= min(current, doneFrom)
        state.unlock()
        if overtaken { takeOver(into: typesetter) }
    }

    /// Stops the helper and waits for its thread to let go; its lines then go to `typesetter` (once).
    func takeOver(into typesetter: Typesetter) {
        let table = stopAndCollect()
        if typesetter.borrowed == nil, !table.isEmpty, let engine { typesetter.borrowed = (table, engine) }
    }

    /// Tells the helper to stop, at its next paragraph, without waiting for it: its lines are not wanted, and a
    /// short document may be laid out before the helper has even made its typesetter.
    public func stop() {
        state.lock()
        stopped = true
        state.broadcast()
        state.unlock()
    }

    /// Stops the helper and waits for its thread to let go: the lines it has set.
    private func stopAndCollect() -> [Typesetter.LinesKey: [TextLine]] {
        state.lock()
        defer { state.unlock() }
        stopped = true
        state.broadcast()
        while running { state.wait() }
        let table = lines
        lines = [:]
        return table
    }

    /// Waits until the helper has set what it will (every block, unless stopped): for tests, which would otherwise
    /// depend on how the threads happen to run.
    func waitUntilIdle() {
        state.lock()
        while running { state.wait() }
        state.unlock()
    }

    // MARK: The helper's thread

    private func run() {
        let made = try? makeEngine?()
        makeEngine = nil
        state.lock()
        engine = made
        while blocks == nil, !stopped, made != nil { state.wait() }
        let document = blocks ?? []
        state.unlock()
        if let made, !document.isEmpty { setFromTheEnd(document, with: made) }
        state.lock()
        running = false
        state.broadcast()
        state.unlock()
    }

    private func setFromTheEnd(_ document: [Block], with engine: LayoutEngine) {
        engine.typesetter.lending = LinesLending(lend: { [self] key, set in
            state.lock()
            lines[key] = set
            state.unlock()
        }, shouldStop: { [self] in
            state.lock()
            defer { state.unlock() }
            return stopped
        })
        defer { engine.typesetter.lending = nil }
        let layout = BlockLayout(design: engine.design, typesetter: engine.typesetter)
        for index in document.indices.reversed() {
            state.lock()
            let go = !stopped && index > frontier
            if go { current = index }
            state.unlock()
            guard go else { return }
            // An error (a character the font lacks, a word too wide) is the layout's to find and report.
            let finished = (try? layout.items(for: [document[index]])) != nil
            state.lock()
            current = Int.max
            if finished { doneFrom = index }
            state.unlock()
            guard finished else { return }
        }
    }
}

/// What a typesetter lending its lines is told and asked (see LinesFromTheEnd).
struct LinesLending {
    /// Each paragraph it has set, as it sets it.
    let lend: (Typesetter.LinesKey, [TextLine]) -> Void
    /// Asked before each paragraph: whether the layout has taken over.
    let shouldStop: () -> Bool

    struct Stopped: Error {}
}
