import Foundation

/// Decoding of the fields every kind of document has — a signatory, an image, a date — each mistake located.
public struct FieldDecoder {
    /// The data file's folder: image and attachment paths are relative to it.
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    public func signatory(_ value: YAMLValue) throws -> Signatory {
        let f = try value.fields(["role", "name", "positions", "signature"])
        let positions = try f.required("positions", "the signatory's position, one line or a list of lines").texts()
        return .init(role: try f["role"]?.text(),
                     name: try f.required("name", "the full name with title, such as นายเสกฐวุฒิ กลิ่นหอม").text(),
                     positions: positions, signature: try f["signature"].map(image))
    }

    public func date(_ value: YAMLValue) throws -> DateComponents {
        let text = try value.string()
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]), parts[0] > 1900 else {
            throw value.error("expected a date as YYYY-MM-DD (C.E.), found \"\(text)\"")
        }
        return DateComponents(year: parts[0] > 2400 ? parts[0] - 543 : parts[0], month: parts[1], day: parts[2])
    }

    /// A PNG image path, relative to the data file: a regular file, a PNG, at most `PNGHeader.maxPixels`.
    public func image(_ value: YAMLValue) throws -> ImageReference {
        let path = try value.string()
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        do {
            try InputFile.checkRegular(url, what: "a PNG image", limit: InputFile.imageLimit)
            _ = try PNGHeader.read(url)
        } catch let problem as InputFileError {
            throw value.error(problem.code == "file-not-found" ? "image not found: \(url.path)" : "image \(problem.description)", code: problem.code == "file-not-found" ? "image-not-found" : "invalid-value",
                              thai: problem.code == "file-not-found" ? "ไม่พบไฟล์ภาพ \(url.path)" : "ใช้ไฟล์ภาพ \(url.path) ไม่ได้: \(problem.reason)")
        } catch PNGHeader.Problem.tooLarge(let width, let height) {
            throw value.error("the image \(url.lastPathComponent) is \(width) × \(height) pixels; at most \(PNGHeader.maxPixels / 1_000_000) megapixels are accepted",
                              code: "image-too-large",
                              thai: "ภาพ \(url.lastPathComponent) มีขนาด \(width) × \(height) พิกเซล เกิน \(PNGHeader.maxPixels / 1_000_000) ล้านพิกเซล ให้ย่อภาพก่อน")
        } catch {
            throw value.error("expected a PNG image, but \(url.lastPathComponent) is not a PNG file", code: "image-not-png",
                              thai: "ไฟล์ภาพต้องเป็น PNG แต่ \(url.lastPathComponent) ไม่ใช่ไฟล์ PNG")
        }
        return ImageReference(url: url, location: value.location)
    }
}
