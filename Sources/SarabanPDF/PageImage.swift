import Foundation
import CPangoCairo
import SarabanBlocks
import SarabanLayout

/// One laid-out page as a PNG image, drawn by Cairo on an image surface from the same laid-out pages as the PDF:
/// what the web page shows as a preview is what the PDF will show. White paper, `scale` pixels per point (96/72 for a
/// screen at 96 dpi).
public enum PageImage {
    public static func png(_ document: LaidOutDocument, page number: Int, scale: Double) throws -> Data {
        guard document.pages.indices.contains(number - 1) else {
            throw PDFError(message: "the document has \(document.pages.count) page\(document.pages.count == 1 ? "" : "s"); there is no page \(number)")
        }
        let width = Int32((document.pageWidth * scale).rounded(.up)), height = Int32((document.pageHeight * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw PDFError(message: "Cairo could not make a \(width) × \(height) image")
        }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw PDFError(message: "Cairo could not start drawing") }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        cairo_set_source_rgb(cr, 0, 0, 0)
        var images = ImageCache()
        defer { images.release() }
        for element in PDFWriter.mergingRuns(document.pages[number - 1].elements) {
            try draw(element, cr: cr, images: &images)
        }
        cairo_surface_flush(surface)
        return try encode(surface)
    }

    static func draw(_ element: PageElement, cr: OpaquePointer, images: inout ImageCache) throws {
        switch element {
        case let .text(run, x, baseline):
            let glyphs = run.glyphs.filter { $0.id <= 0xFFFF }.map { cairo_glyph_t(index: UInt($0.id), x: x + $0.x, y: baseline + $0.y) }
            guard !glyphs.isEmpty, let font = run.font.scaledFont else { return }
            cairo_set_scaled_font(cr, font)
            if let color = run.color { cairo_set_source_rgb(cr, color.red, color.green, color.blue) }
            cairo_show_glyphs(cr, glyphs, Int32(glyphs.count))
            if run.color != nil { cairo_set_source_rgb(cr, 0, 0, 0) }
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
        case .debug:
            break
        case let .image(url, x, y, width, height, _):
            let image = try images.surface(for: url)
            cairo_save(cr)
            cairo_translate(cr, x, y)
            cairo_scale(cr, width / Double(cairo_image_surface_get_width(image)), height / Double(cairo_image_surface_get_height(image)))
            cairo_set_source_surface(cr, image, 0, 0)
            cairo_paint(cr)
            cairo_restore(cr)
        }
    }

    /// Collects what Cairo writes.
    final class Sink {
        var data = Data()
    }

    static func encode(_ surface: OpaquePointer) throws -> Data {
        let sink = Sink()
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, write, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else { throw PDFError(message: "Cairo could not write the PNG image") }
        return sink.data
    }
}
