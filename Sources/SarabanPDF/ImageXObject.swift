import Foundation
import CPangoCairo
import PDFSyntax

/// A PNG image as a PDF image XObject: decoded by Cairo (every PNG colour type and depth, interlaced or not, comes
/// out as 8-bit premultiplied ARGB), written as 8-bit RGB, with its alpha as a soft mask (`/SMask`) only where some
/// pixel is not opaque.
enum ImageXObject {
    static func write(_ image: OpaquePointer, into file: inout PDFFileBuilder) throws -> Int {
        cairo_surface_flush(image)
        let width = Int(cairo_image_surface_get_width(image)), height = Int(cairo_image_surface_get_height(image))
        let stride = Int(cairo_image_surface_get_stride(image))
        let format = cairo_image_surface_get_format(image)
        guard let pixels = cairo_image_surface_get_data(image), width > 0, height > 0,
              format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24 else {
            throw PDFError(message: "an image could not be read as colour pixels")
        }
        var colour = [UInt8](repeating: 0, count: width * height * 3)
        var alpha = [UInt8](repeating: 255, count: width * height)
        var translucent = false
        for row in 0..<height {
            let line = UnsafeRawPointer(pixels + row * stride).assumingMemoryBound(to: UInt32.self)
            for column in 0..<width {
                let pixel = line[column]
                let a = format == CAIRO_FORMAT_ARGB32 ? UInt32(pixel >> 24) : 255
                let index = row * width + column
                alpha[index] = UInt8(a)
                if a != 255 { translucent = true }
                for (channel, shift) in [(0, 16), (1, 8), (2, 0)] as [(Int, UInt32)] {
                    let premultiplied = (pixel >> shift) & 0xFF
                    // Cairo stores colour multiplied by alpha; the PDF takes it straight, with the mask apart.
                    let straight = a == 0 ? 0 : min(255, (premultiplied * 255 + a / 2) / a)
                    colour[index * 3 + channel] = UInt8(straight)
                }
            }
        }
        var header = imageHeader(width: width, height: height, colourSpace: "DeviceRGB")
        if translucent {
            header["SMask"] = .reference(try file.addStream(imageHeader(width: width, height: height, colourSpace: "DeviceGray"), data: alpha), 0)
        }
        return try file.addStream(header, data: colour)
    }

    static func imageHeader(width: Int, height: Int, colourSpace: String) -> PDFDictionary {
        var header = PDFDictionary()
        header["Type"] = .name("XObject")
        header["Subtype"] = .name("Image")
        header["Width"] = .integer(width)
        header["Height"] = .integer(height)
        header["ColorSpace"] = .name(colourSpace)
        header["BitsPerComponent"] = .integer(8)
        return header
    }
}
