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

    /// A date as YYYY-MM-DD, the year C.E. or B.E. (2567-01-31 is 2024-01-31), in ASCII or Thai digits. A date
    /// typed day first, as Thai forms write it ("31/01/2567"), is refused with the same date written the right way.
    public func date(_ value: YAMLValue) throws -> DateComponents {
        let text = try value.string().trimmingSpaces().withArabicDigits()
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2], year > 1900 else {
            let dayFirst = text.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).compactMap { Int($0) }
            if dayFirst.count == 3, dayFirst[2] > 1900, (1...12).contains(dayFirst[1]), (1...31).contains(dayFirst[0]) {
                func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
                let written = "\(dayFirst[2])-\(twoDigits(dayFirst[1]))-\(twoDigits(dayFirst[0]))"
                throw value.error("expected a date as YYYY-MM-DD, year first; write \(written)",
                                  thai: "วันที่ต้องเขียนแบบ ปี-เดือน-วัน เช่น \(written)")
            }
            throw value.error("expected a date as YYYY-MM-DD (C.E. or B.E.), found \"\(text)\"",
                              thai: "วันที่ต้องเขียนแบบ ปี-เดือน-วัน เช่น 2567-01-31 แต่พบ \"\(text)\"")
        }
        // A date that exists in the calendar (2024-02-30 does not).
        let components = DateComponents(year: year > 2400 ? year - 543 : year, month: month, day: day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == components else {
            throw value.error("the date \(text) does not exist", code: "invalid-date", thai: "ไม่มีวันที่ \(text) ในปฏิทิน")
        }
        return components
    }

    /// A PNG image path, relative to the data file: a regular file, a PNG, at most `PNGHeader.maxPixels`.
    public func image(_ value: YAMLValue) throws -> ImageReference {
        let path = try value.string()
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        do {
            try InputFile.checkRegular(url, what: "a PNG image", limit: InputFile.imageLimit)
            _ = try PNGHeader.read(url)
        } catch let problem as InputFileError {
            throw value.error(problem.code == "file-not-found" ? "image not found: \(url.path)" : "image \(problem.description)", code: problem.code == "file-not-found" ? "image-not-found" : problem.code,
                              thai: problem.code == "file-not-found" ? "ไม่พบไฟล์ภาพ \(url.path)" : "ใช้ไฟล์ภาพ \(url.path) ไม่ได้: \(problem.thai)")
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
