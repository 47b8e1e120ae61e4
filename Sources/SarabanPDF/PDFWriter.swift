import Foundation
import SarabanFiles
import CPangoCairo
import SarabanBlocks
import SarabanITA
import SarabanLayout
import PDFSyntax

public struct PDFError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Writes laid-out pages as a PDF, object by object: each page's content (`PagePainter`), the fonts it uses,
/// subset and embedded (`EmbeddedFont`), images, the document's metadata, an outline of its headings, named
/// destinations for its signature blocks, and its structure tree (`StructureWriter`). The file is written beside
/// the target under a temporary name and renamed into place only when complete, so a failed render leaves no PDF.
///
/// Why not Cairo's PDF surface, which wrote the pages before: its text operators (a glyph's every position formatted
/// through printf, each page's content compressed by Cairo and read back to be tagged) were over half the time of
/// a batch; its structure tags could not mark artifacts or carry across pages rightly; and its ToUnicode maps had
/// to be repaired after. The layout has already placed every glyph: what is left is to write them down.
public struct PDFWriter {
    /// Tagged PDF: on unless a test compares a file without it.
    public var tagged: Bool
    /// Page streams compressed on a thread of their own (`BackgroundDeflate`): off where every core has a worker.
    public var compressesInBackground: Bool

    public init(tagged: Bool = true, compressesInBackground: Bool = true) {
        self.tagged = tagged
        self.compressesInBackground = compressesInBackground
    }

    public func write(_ document: LaidOutDocument, info: DocumentInfo, to url: URL) throws {
        try AtomicFile.write(try pdf(document, info: info), to: url)
    }

    /// The document as PDF bytes, in memory: each page's content first (which fonts and images it uses, which
    /// structure nodes it marks), then what the content named, then the pages and the catalog that lead to it.
    public func pdf(_ document: LaidOutDocument, info: DocumentInfo) throws -> Data {
        var writing = DocumentWriting(document: document, tagged: tagged, compressesInBackground: compressesInBackground)
        defer { writing.images.release() }
        for page in document.pages { try writing.writeContent(of: page) }
        // Every glyph is known now: each font is subset once, while the pages' streams are still being compressed.
        for font in writing.fonts.fonts { try font.write(into: &writing.file) }
        try writing.setContents()
        writing.file.set(writing.resources, .dictionary(resourceDictionary(fonts: writing.fonts, images: writing.imageObjects)))
        let structureRoot = tagged ? StructureWriter(structure: document.structure, sequences: writing.sequences)
            .write(into: &writing.file, pages: writing.pageNumbers) : nil
        writing.writePages(tagged: structureRoot != nil)
        var root = PDFDictionary()
        root["Type"] = .name("Catalog")
        root["Pages"] = .reference(writing.pageTree, 0)
        if let outline = DocumentOutline.write(document.outline, pages: writing.pageNumbers, pageHeight: document.pageHeight, into: &writing.file) {
            root["Outlines"] = .reference(outline, 0)
        }
        if let names = signatureDestinations(document, pages: writing.pageNumbers) { root["Names"] = .dictionary(names) }
        if let structureRoot {
            root["StructTreeRoot"] = .reference(structureRoot, 0)
            root["MarkInfo"] = .dictionary({ var mark = PDFDictionary(); mark["Marked"] = .bool(true); return mark }())
        }
        root["Lang"] = PDFObject.text(info.language)
        root["ViewerPreferences"] = .dictionary({ var preferences = PDFDictionary(); preferences["DisplayDocTitle"] = .bool(true); return preferences }())
        writing.file.set(writing.catalog, .dictionary(root))
        let infoNumber = writing.file.add(.dictionary(infoDictionary(info)))
        return writing.file.output(root: writing.catalog, info: infoNumber)
    }

    /// One resource dictionary for every page: the document's fonts and images.
    func resourceDictionary(fonts: FontTable, images: [URL: (name: String, number: Int)]) -> PDFDictionary {
        var fontEntries = PDFDictionary()
        for font in fonts.fonts { fontEntries[font.resourceName] = .reference(font.number, 0) }
        var resources = PDFDictionary()
        resources["Font"] = .dictionary(fontEntries)
        if !images.isEmpty {
            var imageEntries = PDFDictionary()
            for (name, number) in images.values.sorted(by: { $0.number < $1.number }) { imageEntries[name] = .reference(number, 0) }
            resources["XObject"] = .dictionary(imageEntries)
        }
        return resources
    }

    /// The Info dictionary: title, author, subject, keywords, saraban as creator and producer, and the dates.
    func infoDictionary(_ info: DocumentInfo) -> PDFDictionary {
        var dictionary = PDFDictionary()
        dictionary["Title"] = PDFObject.text(info.title)
        dictionary["Author"] = PDFObject.text(info.author)
        dictionary["Subject"] = PDFObject.text(info.subject)
        dictionary["Keywords"] = PDFObject.text(info.keywords.joined(separator: ", "))
        dictionary["Creator"] = PDFObject.text("saraban")
        dictionary["Producer"] = PDFObject.text("saraban")
        let date = Self.pdfDate(info.creationDate ?? Self.sourceDateEpoch() ?? Self.now())
        dictionary["CreationDate"] = .string(Array(date.utf8))
        dictionary["ModDate"] = .string(Array(date.utf8))
        return dictionary
    }

    /// An ISO 8601 date ("2023-11-20T09:30:00", with "Z" or "+07:00" or no zone) as a PDF date
    /// ("D:20231120093000", then "Z" or "+07'00'"). A date without a zone is taken as UTC and said so, as the XMP
    /// of a PDF/A file says it: the two must agree.
    static func pdfDate(_ iso: String) -> String {
        let digits = iso.prefix(19).filter(\.isNumber)
        var date = "D:" + digits.prefix(14)
        let zone = iso.dropFirst(19)
        let parts = zone.dropFirst().split(separator: ":")
        if let sign = zone.first, sign == "+" || sign == "-", parts.count == 2 {
            date += "\(sign)\(parts[0])'\(parts[1])'"
        } else {
            date += "Z"
        }
        return date
    }

    static func now() -> String {
        iso8601(secondsSince1970: time(nil)) ?? "1970-01-01T00:00:00Z"
    }

    /// A moment as ISO 8601 in UTC ("2023-11-14T22:13:20Z"), by the C library's calendar. Foundation's
    /// ISO8601DateFormatter gives the same text, but making one costs a fresh process about 1.5 ms (its calendar
    /// and time zone), on the way of every cold render. nil for a moment the calendar cannot place.
    static func iso8601(secondsSince1970 seconds: time_t) -> String? {
        var time = seconds
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil, parts.tm_year + 1900 >= 0, parts.tm_year + 1900 <= 9999 else { return nil }
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(parts.tm_year + 1900, 4))-\(padded(parts.tm_mon + 1, 2))-\(padded(parts.tm_mday, 2))"
            + "T\(padded(parts.tm_hour, 2)):\(padded(parts.tm_min, 2)):\(padded(parts.tm_sec, 2))Z"
    }

    /// Each signature block as a named destination whose name also holds its box in PDF points, so that
    /// `saraban sign --visible` can put a signature over it later without the data file.
    func signatureDestinations(_ document: LaidOutDocument, pages: [Int]) -> PDFDictionary? {
        var names: [(name: String, destination: PDFObject)] = []
        for (index, page) in document.pages.enumerated() {
            for box in page.signatureBoxes {
                let name = "saraban-signature-\(box.signatory) " + String(format: "%.2f %.2f %.2f %.2f", box.x, document.pageHeight - box.y - box.height, box.width, box.height)
                names.append((name, .array([.reference(pages[index], 0), .name("XYZ"), .real(box.x), .real(document.pageHeight - box.y), .integer(0)])))
            }
        }
        guard !names.isEmpty else { return nil }
        // A name tree's keys are sorted by their bytes.
        names.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        var destinations = PDFDictionary()
        destinations["Names"] = .array(names.flatMap { [PDFObject.string(Array($0.name.utf8)), $0.destination] })
        var dictionary = PDFDictionary()
        dictionary["Dests"] = .dictionary(destinations)
        return dictionary
    }

    /// Neighbouring runs of one line in one font become one run: fewer, longer /ActualText spans, and fewer text
    /// objects to write (the PNG preview draws the same merged runs).
    static func mergingRuns(_ elements: [PageElement]) -> [PageElement] {
        var merged: [PageElement] = []
        merged.reserveCapacity(elements.count)
        for element in elements {
            if case let .text(run, x, baseline) = element, case let .text(previous, px, pb)? = merged.last,
               pb == baseline, previous.font.drawsLike(run.font), previous.color == run.color, previous.node == run.node,
               abs(px + previous.width - x) < 0.01 {
                var joined = previous
                joined.text += run.text
                joined.glyphs += run.glyphs.map { glyph in
                    var moved = glyph
                    moved.x += previous.width
                    return moved
                }
                joined.width += run.width
                merged[merged.count - 1] = .text(joined, x: px, baseline: pb)
            } else {
                merged.append(element)
            }
        }
        return merged
    }

    /// `SOURCE_DATE_EPOCH`, the reproducible-builds convention, as an ISO 8601 date in UTC: read once a process (a
    /// batch asks for every document).
    static func sourceDateEpoch() -> String? { sourceDateEpochValue }

    private static let sourceDateEpochValue: String? = {
        guard let value = EnvironmentVariable.value("SOURCE_DATE_EPOCH"), let seconds = Double(value),
              seconds.isFinite, abs(seconds) < 1e15 else { return nil }
        return iso8601(secondsSince1970: time_t(seconds.rounded(.down)))
    }()
}

/// PNG images loaded once per render, and released after.
struct ImageCache {
    var surfaces: [URL: OpaquePointer] = [:]

    mutating func surface(for url: URL) throws -> OpaquePointer {
        if let cached = surfaces[url] { return cached }
        guard let image = cairo_image_surface_create_from_png(url.path) else {
            throw PDFError(message: "cannot read the PNG image \(url.path)")
        }
        guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(image)
            throw PDFError(message: "cannot read the PNG image \(url.path)")
        }
        surfaces[url] = image
        return image
    }

    func release() { surfaces.values.forEach { cairo_surface_destroy($0) } }
}

/// One document being written: the file so far, and what the pages' content has named (fonts, images, marked
/// sequences) for the objects written after it.
struct DocumentWriting {
    let document: LaidOutDocument
    let tagged: Bool
    var file = PDFFileBuilder()
    let catalog: Int, pageTree: Int, resources: Int
    let pageNumbers: [Int]
    let fonts = FontTable()
    var images = ImageCache()
    var imageObjects: [URL: (name: String, number: Int)] = [:]
    /// For each page, the node of each marked sequence; and its content stream's number.
    var sequences: [[Int]] = []
    var contents: [Int] = []
    /// The pages' content streams, compressed beside the painting of the pages after them.
    let compressing: BackgroundDeflate

    init(document: LaidOutDocument, tagged: Bool, compressesInBackground: Bool) {
        self.document = document
        self.tagged = tagged
        compressing = BackgroundDeflate(onItsOwnThread: compressesInBackground)
        catalog = file.reserve()
        pageTree = file.reserve()
        resources = file.reserve()
        var numbers: [Int] = []
        for _ in document.pages { numbers.append(file.reserve()) }
        pageNumbers = numbers
    }

    /// The page's content stream: each element painted, marked as its structure node's.
    mutating func writeContent(of page: LaidOutPage) throws {
        var painter = PagePainter(pageHeight: document.pageHeight, structure: tagged ? document.structure : nil)
        for element in PDFWriter.mergingRuns(page.elements) {
            painter.enter(element.node)
            switch element {
            case let .text(run, x, baseline):
                guard let font = fonts.font(for: run.font, reserving: { file.reserve() }) else {
                    throw PDFError(message: "the font \(run.font.family) has no face to embed")
                }
                painter.text(run, x: x, baseline: baseline, font: font)
            case let .rule(x0, y0, x1, y1, width):
                painter.rule(x0: x0, y0: y0, x1: x1, y1: y1, width: width)
            case let .leader(x0, x1, y, pitch, radius):
                painter.leader(x0: x0, x1: x1, y: y, pitch: pitch, radius: radius)
            case let .image(url, x, y, width, height, _):
                painter.image(try imageName(url), x: x, y: y, width: width, height: height)
            case let .debug(x0, y0, x1, y1, mark):
                painter.debugLine(x0: x0, y0: y0, x1: x1, y1: y1, mark: mark)
            }
        }
        painter.finish()
        sequences.append(painter.sequences)
        contents.append(file.reserve())
        compressing.deflate(painter.content.bytes)
    }

    /// Each page's content stream, once all are compressed.
    mutating func setContents() throws {
        for (number, deflated) in zip(contents, try compressing.finished()) { file.setStream(number, deflated: deflated) }
    }

    /// An image's name in the resources, its XObject written the first time it is drawn.
    mutating func imageName(_ url: URL) throws -> String {
        if let known = imageObjects[url] { return known.name }
        let name = "Im\(imageObjects.count + 1)"
        imageObjects[url] = (name, try ImageXObject.write(try images.surface(for: url), into: &file))
        return name
    }

    /// The page objects and the page tree; a tagged page names its key in the parent tree.
    mutating func writePages(tagged: Bool) {
        for (index, number) in pageNumbers.enumerated() {
            var page = PDFDictionary()
            page["Type"] = .name("Page")
            page["Parent"] = .reference(pageTree, 0)
            page["MediaBox"] = .array([.integer(0), .integer(0), .real(document.pageWidth), .real(document.pageHeight)])
            page["Resources"] = .reference(resources, 0)
            page["Contents"] = .reference(contents[index], 0)
            if tagged, !sequences[index].isEmpty {
                page["StructParents"] = .integer(index)
                // Tab order follows the structure, as PDF/UA asks of a tagged page.
                page["Tabs"] = .name("S")
            }
            file.set(number, .dictionary(page))
        }
        var tree = PDFDictionary()
        tree["Type"] = .name("Pages")
        tree["Kids"] = .array(pageNumbers.map { .reference($0, 0) })
        tree["Count"] = .integer(pageNumbers.count)
        file.set(pageTree, .dictionary(tree))
    }
}
