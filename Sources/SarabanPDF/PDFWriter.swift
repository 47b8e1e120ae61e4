import Foundation
import CPangoCairo
import CDeflateLevel
import SarabanBlocks
import SarabanLayout
import SarabanITA

public struct PDFError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Draws laid-out pages with Cairo's PDF surface: fonts embedded and subset by Cairo, the document's
/// metadata, and an outline of its headings. The file is written beside the target under a temporary
/// name and renamed into place only when complete, so a failed render leaves no PDF behind.
public struct PDFWriter {
    /// Tagged PDF (see `ContentMarker`): on unless a test compares a file without it.
    public var tagged: Bool

    public init(tagged: Bool = true) {
        self.tagged = tagged
    }

    public func write(_ document: LaidOutDocument, info: DocumentInfo, to url: URL) throws {
        try AtomicFile.write(try pdf(document, info: info), to: url)
    }

    /// Collects what Cairo writes.
    final class Sink {
        var data = Data()
    }

    /// The document as PDF bytes, in memory.
    public func pdf(_ document: LaidOutDocument, info: DocumentInfo) throws -> Data {
        let sink = Sink()
        sink.data.reserveCapacity(256 * 1024)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        let sequences = try withExtendedLifetime(sink) {
            try draw(document, info: info, surface: cairo_pdf_surface_create_for_stream(write, context, document.pageWidth, document.pageHeight))
        }
        var rewrite = try ObjectRewrite(sink.data)
        try ToUnicodeRepair(replacements: privateUseReplacements(document)).apply(to: &rewrite)
        if tagged {
            try StructureWriter(structure: document.structure, sequences: sequences, language: info.language).apply(to: &rewrite)
        }
        try rewrite.compressStoredStreams()
        return rewrite.output()
    }

    /// Draws every page; returns which node each marked sequence of each page belongs to.
    func draw(_ document: LaidOutDocument, info: DocumentInfo, surface: OpaquePointer?) throws -> [[Int]] {
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw PDFError(message: "Cairo could not start a PDF")
        }
        defer { cairo_surface_destroy(surface) }
        setMetadata(surface, info)
        guard let cr = cairo_create(surface) else { throw PDFError(message: "Cairo could not start drawing") }
        defer { cairo_destroy(cr) }
        var images = ImageCache()
        defer { images.release() }
        var marker = ContentMarker(structure: tagged ? document.structure : [])
        // Page content is written stored and compressed once after the rewrite (`ObjectRewrite.compressStoredStreams`).
        saraban_set_thread_deflate_level(0)
        defer { saraban_set_thread_deflate_level(-1) }
        for page in document.pages {
            marker.startPage()
            // Black ink for text and rules, set once: Cairo closes its text object at each change of source.
            cairo_set_source_rgb(cr, 0, 0, 0)
            for element in Self.mergingRuns(page.elements) {
                marker.enter(element.node, cr: cr)
                try draw(element, cr: cr, images: &images)
            }
            marker.close(cr)
            markSignatureBoxes(page, pageHeight: document.pageHeight, cr: cr)
            cairo_show_page(cr)
        }
        saraban_set_thread_deflate_level(-1)
        addOutline(surface, document.outline)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PDFError(message: "Cairo could not write the PDF: \(String(cString: cairo_status_to_string(status)))")
        }
        return marker.sequences
    }

    func draw(_ element: PageElement, cr: OpaquePointer, images: inout ImageCache) throws {
        switch element {
        case let .text(run, x, baseline):
            if let color = run.color {
                cairo_set_source_rgb(cr, color.red, color.green, color.blue)
                drawRun(run, x: x, baseline: baseline, cr: cr)
                cairo_set_source_rgb(cr, 0, 0, 0)
            } else {
                drawRun(run, x: x, baseline: baseline, cr: cr)
            }
        case let .leader(x0, x1, y, pitch, radius):
            var x = x0 + radius
            while x <= x1 - radius {
                cairo_new_sub_path(cr)
                cairo_arc(cr, x, y - radius, radius, 0, 2 * Double.pi)
                x += pitch
            }
            cairo_fill(cr)
        case let .rule(x0, y0, x1, y1, width):
            cairo_set_line_width(cr, width)
            cairo_move_to(cr, x0, y0)
            cairo_line_to(cr, x1, y1)
            cairo_stroke(cr)
        case let .debug(x0, y0, x1, y1, mark):
            let colour: (Double, Double, Double) = switch mark {
            case .box: (0.2, 0.5, 1)
            case .baseline: (1, 0.3, 0.3)
            case .breakPoint: (0.1, 0.7, 0.2)
            }
            cairo_save(cr)
            cairo_set_source_rgb(cr, colour.0, colour.1, colour.2)
            cairo_set_line_width(cr, mark == .breakPoint ? 1 : 0.3)
            cairo_move_to(cr, x0, y0)
            cairo_line_to(cr, x1, y1)
            cairo_stroke(cr)
            cairo_restore(cr)
        case let .image(url, x, y, width, height, _):
            let image = try images.surface(for: url)
            let imageWidth = Double(cairo_image_surface_get_width(image))
            let imageHeight = Double(cairo_image_surface_get_height(image))
            cairo_save(cr)
            cairo_translate(cr, x, y)
            cairo_scale(cr, width / imageWidth, height / imageHeight)
            cairo_set_source_surface(cr, image, 0, 0)
            // A filled rectangle, not cairo_paint: Cairo 1.16 fails a structure tag around an unbounded paint.
            cairo_rectangle(cr, 0, 0, imageWidth, imageHeight)
            cairo_fill(cr)
            cairo_restore(cr)
        }
    }

    /// Neighbouring runs of one line in one font become one run: fewer, longer /ActualText spans, and far
    /// less work for Cairo, which writes each span's text character by character.
    static func mergingRuns(_ elements: [PageElement]) -> [PageElement] {
        var merged: [PageElement] = []
        merged.reserveCapacity(elements.count)
        for element in elements {
            if case let .text(run, x, baseline) = element, case let .text(previous, px, pb)? = merged.last,
               pb == baseline, previous.font.pointer == run.font.pointer, previous.color == run.color, previous.node == run.node,
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

    /// One run, one text cluster: Cairo then writes the run's exact text as `/ActualText`, so copying
    /// and searching give back the data's characters, in order, with no spaces added, whatever the
    /// glyphs' positions after justification.
    func drawRun(_ run: GlyphRun, x: Double, baseline: Double, cr: OpaquePointer) {
        let emptyGlyph: UInt32 = 0x0FFF_FFFF
        let glyphs = run.glyphs.filter { $0.id != emptyGlyph }.map {
            cairo_glyph_t(index: UInt($0.id), x: x + $0.x, y: baseline + $0.y)
        }
        guard !glyphs.isEmpty, let font = run.font.scaledFont else { return }
        if cairo_get_scaled_font(cr) != font { cairo_set_scaled_font(cr, font) }
        let bytes = Array(run.text.utf8)
        var cluster = cairo_text_cluster_t(num_bytes: Int32(bytes.count), num_glyphs: Int32(glyphs.count))
        bytes.withUnsafeBufferPointer { text in
            text.withMemoryRebound(to: CChar.self) { chars in
                glyphs.withUnsafeBufferPointer { glyphBuffer in
                    cairo_show_text_glyphs(cr, chars.baseAddress, Int32(bytes.count), glyphBuffer.baseAddress, Int32(glyphs.count),
                                           &cluster, 1, cairo_text_cluster_flags_t(rawValue: 0))
                }
            }
        }
    }

    /// Private-use code points of the document's glyphs, each with the character the glyph stands for
    /// in the text (see `ToUnicodeRepair`).
    func privateUseReplacements(_ document: LaidOutDocument) -> [UInt32: String] {
        var replacements: [UInt32: String] = [:]
        for page in document.pages {
            for case let .text(run, _, _) in page.elements {
                let codes = run.font.privateUseCodes
                guard !codes.isEmpty else { continue }
                for glyph in run.glyphs {
                    guard let character = glyph.character, let points = codes[glyph.id] else { continue }
                    for point in points { replacements[point] = String(character) }
                }
            }
        }
        return replacements
    }

    /// Each signature block as a named destination whose name also holds its box in PDF points, so that
    /// `saraban sign --visible` can put a signature over it later without the data file.
    func markSignatureBoxes(_ page: LaidOutPage, pageHeight: Double, cr: OpaquePointer) {
        for box in page.signatureBoxes {
            let name = "saraban-signature-\(box.signatory) " + String(format: "%.2f %.2f %.2f %.2f", box.x, pageHeight - box.y - box.height, box.width, box.height)
            let attributes = "name='\(name)' x=\(Int(box.x)) y=\(Int(box.y))"
            cairo_tag_begin(cr, CAIRO_TAG_DEST, attributes)
            cairo_tag_end(cr, CAIRO_TAG_DEST)
        }
    }

    func setMetadata(_ surface: OpaquePointer, _ info: DocumentInfo) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, info.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, info.author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, info.subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, info.keywords.joined(separator: ", "))
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "saraban")
        if let date = info.creationDate ?? Self.sourceDateEpoch() {
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
        }
    }

    /// `SOURCE_DATE_EPOCH`, the reproducible-builds convention, as an ISO 8601 date in UTC.
    static func sourceDateEpoch() -> String? {
        guard let value = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Double(value) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    func addOutline(_ surface: OpaquePointer, _ outline: [OutlineEntry]) {
        var parents: [(level: Int, id: Int32)] = []
        for entry in outline {
            while let last = parents.last, last.level >= entry.level { parents.removeLast() }
            let parent = parents.last?.id ?? 0
            let link = "page=\(entry.page) pos=[0 \(Int(entry.y))]"
            let flags = entry.level <= 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : cairo_pdf_outline_flags_t(rawValue: 0)
            let id = cairo_pdf_surface_add_outline(surface, parent, entry.title, link, flags)
            parents.append((entry.level, id))
        }
    }
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
