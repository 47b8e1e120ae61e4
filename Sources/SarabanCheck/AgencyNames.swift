import Foundation

/// Names of agencies in Thai text, to catch another agency's name pasted into a document: an educational
/// service-area office (full or abbreviated), a province, a school, a department.
struct AgencyNames {
    /// The 77 provinces (Bangkok included), longest first so "นครศรีธรรมราช" wins over "นคร…" prefixes.
    static let provinces: [String] = [
        "กรุงเทพมหานคร", "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี", "ฉะเชิงเทรา", "ชลบุรี",
        "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด", "ตาก", "นครนายก", "นครปฐม", "นครพนม",
        "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี", "นราธิวาส", "น่าน", "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี",
        "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี", "พระนครศรีอยุธยา", "พะเยา", "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก",
        "เพชรบุรี", "เพชรบูรณ์", "แพร่", "ภูเก็ต", "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา", "ร้อยเอ็ด",
        "ระนอง", "ระยอง", "ราชบุรี", "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล",
        "สมุทรปราการ", "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย", "สุพรรณบุรี",
        "สุราษฎร์ธานี", "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ", "อุดรธานี", "อุตรดิตถ์",
        "อุทัยธานี", "อุบลราชธานี",
    ].sorted { $0.count > $1.count }

    /// An educational service-area office: primary or secondary, its province, its area number.
    struct Office: Equatable {
        var level: String
        var province: String
        var area: Int?
    }

    /// An agency named in a text: the words as written, and what they name.
    struct Mention {
        enum Kind { case office(Office), province(String), school(String), department(String) }
        var text: String
        var kind: Kind
    }

    static let fullOffice = try! NSRegularExpression(pattern: #"สำนักงานเขตพื้นที่การศึกษา(ประถมศึกษา|มัธยมศึกษา)"#)
    static let shortOffice = try! NSRegularExpression(pattern: #"(สพป|สพม)\.\s?"#)
    static let area = try! NSRegularExpression(pattern: #"^\s?เขต\s?([0-9๐-๙]+)"#)
    static let province = try! NSRegularExpression(pattern: #"จังหวัด"#)
    static let school = try! NSRegularExpression(pattern: #"โรงเรียน(?!ใน|ทุก|ที่|และ|ของ|ต่าง|สังกัด|เอกชน|ขนาด|ใด|นั้น|นี้|แต่ละ|คุณธรรม|สุจริต|วิถี|ปลอด|ประจำ|รัฐ|เป็น|จะ|ได้|ให้|มี|ก็|[\s.,)]|$)([ก-๛]+)"#)
    static let department = try! NSRegularExpression(pattern: #"(?<![ก-๛])กรม([ก-๛]+)"#)

    /// Every agency named in `text`.
    static func mentions(in text: String) -> [Mention] {
        var found: [Mention] = []
        let whole = NSRange(text.startIndex..., in: text)
        for (pattern, isFull) in [(fullOffice, true), (shortOffice, false)] {
            for match in pattern.matches(in: text, range: whole) {
                guard let range = Range(match.range, in: text) else { continue }
                let level: String
                if isFull {
                    level = Range(match.range(at: 1), in: text).map { String(text[$0]) } ?? ""
                } else {
                    level = text[range].hasPrefix("สพป") ? "ประถมศึกษา" : "มัธยมศึกษา"
                }
                let rest = text[range.upperBound...]
                guard let name = provinces.first(where: { rest.hasPrefix($0) }) else { continue }
                var end = rest.index(rest.startIndex, offsetBy: name.count)
                var number: Int?
                let tail = String(text[end...])
                if let areaMatch = area.firstMatch(in: tail, range: NSRange(tail.startIndex..., in: tail)),
                   let all = Range(areaMatch.range, in: tail), let digits = Range(areaMatch.range(at: 1), in: tail) {
                    number = Int(arabicDigits(String(tail[digits])))
                    end = text.index(end, offsetBy: tail.distance(from: tail.startIndex, to: all.upperBound))
                }
                found.append(Mention(text: String(text[range.lowerBound..<end]),
                                     kind: .office(Office(level: level, province: name, area: number))))
            }
        }
        for match in province.matches(in: text, range: whole) {
            guard let range = Range(match.range, in: text) else { continue }
            let rest = text[range.upperBound...].drop { $0 == " " }
            if let name = provinces.first(where: { rest.hasPrefix($0) }) {
                found.append(Mention(text: "จังหวัด" + name, kind: .province(name)))
            }
        }
        for match in school.matches(in: text, range: whole) {
            if let range = Range(match.range, in: text) { found.append(Mention(text: String(text[range]), kind: .school(String(text[range])))) }
        }
        for match in department.matches(in: text, range: whole) {
            if let range = Range(match.range, in: text) { found.append(Mention(text: String(text[range]), kind: .department(String(text[range])))) }
        }
        return found
    }

    static func arabicDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0x0E50...0x0E59).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x0E50 + 0x30)! : scalar
        }))
    }

    // MARK: The document's own agency

    let ownName: String
    let ownOffice: Office?
    let ownProvince: String?

    init(name: String, abbreviation: String) {
        ownName = name
        let own = Self.mentions(in: name) + Self.mentions(in: abbreviation)
        ownOffice = own.lazy.compactMap { if case .office(let office) = $0.kind { return office } else { return nil } }.first
        ownProvince = ownOffice?.province
            ?? own.lazy.compactMap { if case .province(let name) = $0.kind { return name } else { return nil } }.first
            ?? Self.provinces.first { name.contains($0) }
    }

    /// Whether a mention names an agency other than the document's own.
    func isForeign(_ mention: Mention) -> Bool {
        switch mention.kind {
        case .office(let office):
            guard let own = ownOffice else { return true }
            return office.level != own.level || office.province != own.province || (office.area ?? own.area) != own.area
        case .province(let name):
            return ownProvince.map { $0 != name } ?? false
        case .school(let name):
            return !ownName.contains(name)
        case .department(let name):
            // Only a department's own document is checked for other departments: offices cite
            // departments (กรมบัญชีกลาง on procurement) in their own right.
            return ownName.hasPrefix("กรม") && !ownName.hasPrefix(name)
        }
    }
}
