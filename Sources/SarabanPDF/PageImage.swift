import Foundation
import CPangoCairo
import SarabanBlocks
import SarabanLayout

/// One laid-out page as a PNG image, drawn by the same code as the PDF's pages on Cairo's image surface: what the
/// web page shows as a preview is what the PDF will show. White paper, `scale` pixels per point (96/72 for a
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
        let writer = PDFWriter(tagged: false)
        for element in PDFWriter.mergingRuns(document.pages[number - 1].elements) {
            try writer.draw(element, cr: cr, images: &images)
        }
        cairo_surface_flush(surface)
        return try encode(surface)
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
