import Foundation
import SarabanData

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
    ].map { ($0, $0.count) }.sorted { $0.1 > $1.1 }.map(\.0)  // each name's letters counted once, not at every comparison

    /// An educational service-area office: primary or secondary, its province, its area number.
    struct Office: Equatable {
        var level: String
        var province: String
        var area: Int?
    }

    /// An agency named in a text: the words as written, and what they name.
    struct Mention {
        enum Kind: Equatable { case office(Office), province(String), school(String), department(String) }
        var text: String
        var kind: Kind
    }

    static let officeWord = Array("สำนักงานเขตพื้นที่การศึกษา".unicodeScalars)
    static let levels = ["ประถมศึกษา", "มัธยมศึกษา"].map { Array($0.unicodeScalars) }
    static let shortForms = [("สพป.", "ประถมศึกษา"), ("สพม.", "มัธยมศึกษา")].map { (Array($0.0.unicodeScalars), $0.1) }
    static let provinceWord = Array("จังหวัด".unicodeScalars)
    static let schoolWord = Array("โรงเรียน".unicodeScalars)
    static let departmentWord = Array("กรม".unicodeScalars)
    static let areaWord = Array("เขต".unicodeScalars)
    static let provinceScalars = provinces.map { ($0, Array($0.unicodeScalars)) }
    /// What may follow โรงเรียน without naming a school.
    static let genericAfterSchool = ["ใน", "ทุก", "ที่", "และ", "ของ", "ต่าง", "สังกัด", "เอกชน", "ขนาด", "ใด", "นั้น", "นี้", "แต่ละ",
                                     "คุณธรรม", "สุจริต", "วิถี", "ปลอด", "ประจำ", "รัฐ", "เป็น", "จะ", "ได้", "ให้", "มี", "ก็"]
        .map { Array($0.unicodeScalars) }

    static func isThaiLetter(_ s: Unicode.Scalar) -> Bool { ("\u{0E01}"..."\u{0E5B}").contains(s) }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) || ("\u{0E50}"..."\u{0E59}").contains(s) }

    /// Every agency named in `text`, found by a direct scan.
    static func mentions(in text: String) -> [Mention] {
        let s = Array(text.unicodeScalars)
        func at(_ word: [Unicode.Scalar], _ index: Int) -> Bool {
            // The first letter alone rules out nearly every position, and cheaply.
            index >= 0 && index + word.count <= s.count && (word.isEmpty || s[index] == word[0])
                && s[index..<index + word.count].elementsEqual(word)
        }
        func string(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(s[range])) }
        func province(at index: Int) -> (String, Int)? {
            provinceScalars.first { at($0.1, index) }.map { ($0.0, index + $0.1.count) }
        }
        /// " เขต ๒" (spaces optional) after an office name: the area number and where it ends.
        func area(at index: Int) -> (Int, Int)? {
            var cursor = index
            if cursor < s.count, s[cursor] == " " { cursor += 1 }
            guard at(areaWord, cursor) else { return nil }
            cursor += areaWord.count
            if cursor < s.count, s[cursor] == " " { cursor += 1 }
            let digits = cursor
            while cursor < s.count, isDigit(s[cursor]) { cursor += 1 }
            guard cursor > digits, let number = Int(string(digits..<cursor).withArabicDigits()) else { return nil }
            return (number, cursor)
        }
        func letters(from index: Int) -> Int {
            var cursor = index
            while cursor < s.count, isThaiLetter(s[cursor]) { cursor += 1 }
            return cursor
        }
        var found: [Mention] = []
        func office(start: Int, level: String, after index: Int) {
            var cursor = index
            if cursor < s.count, s[cursor] == " " { cursor += 1 }
            guard let (name, end) = province(at: cursor) else { return }
            let (number, finish) = area(at: end).map { ($0.0 as Int?, $0.1) } ?? (nil, end)
            found.append(Mention(text: string(start..<finish), kind: .office(Office(level: level, province: name, area: number))))
        }
        for index in s.indices {
            if at(officeWord, index) {
                for level in levels where at(level, index + officeWord.count) {
                    office(start: index, level: String(String.UnicodeScalarView(level)), after: index + officeWord.count + level.count)
                }
            }
            for (form, level) in shortForms where at(form, index) { office(start: index, level: level, after: index + form.count) }
            if at(provinceWord, index) {
                var cursor = index + provinceWord.count
                while cursor < s.count, s[cursor] == " " { cursor += 1 }
                if let (name, _) = province(at: cursor) { found.append(Mention(text: "จังหวัด" + name, kind: .province(name))) }
            }
            if at(schoolWord, index) {
                let after = index + schoolWord.count
                let end = letters(from: after)
                if end > after, !genericAfterSchool.contains(where: { at($0, after) }) {
                    let name = string(index..<end)
                    found.append(Mention(text: name, kind: .school(name)))
                }
            }
            if at(departmentWord, index), index == 0 || !isThaiLetter(s[index - 1]) {
                let end = letters(from: index + departmentWord.count)
                if end > index + departmentWord.count {
                    let name = string(index..<end)
                    found.append(Mention(text: name, kind: .department(name)))
                }
            }
        }
        return found
    }

    // MARK: The document's own agency

    let ownName: String
    let ownOffice: Office?
    let ownProvince: String?
    /// Agencies the document names on purpose (a letter's recipient, a partner office), with their provinces.
    let namedOnPurpose: [Mention.Kind]

    init(name: String, abbreviation: String, namedOnPurpose names: [String] = []) {
        ownName = name
        namedOnPurpose = names.flatMap(Self.mentions).flatMap { mention -> [Mention.Kind] in
            if case .office(let office) = mention.kind { return [mention.kind, .province(office.province)] }
            return [mention.kind]
        }
        let own = Self.mentions(in: name) + Self.mentions(in: abbreviation)
        ownOffice = own.lazy.compactMap { if case .office(let office) = $0.kind { return office } else { return nil } }.first
        ownProvince = ownOffice?.province
            ?? own.lazy.compactMap { if case .province(let name) = $0.kind { return name } else { return nil } }.first
            ?? Self.provinces.first { name.contains($0) }
    }

    /// Whether a mention names an agency other than the document's own.
    func isForeign(_ mention: Mention) -> Bool {
        if namedOnPurpose.contains(mention.kind) { return false }
        if case .office(let office) = mention.kind, office.area == nil,
           namedOnPurpose.contains(where: { if case .office(let named) = $0 { named.level == office.level && named.province == office.province } else { false } }) {
            return false  // "สพป.เชียงใหม่" for the office named in full with its area
        }
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

/// The province an agency is in, by its name and short name as the checks read them ("สพป.ตาก เขต 2" → ตาก); nil
/// when neither names one.
public enum AgencyProvince {
    public static func of(name: String, abbreviation: String) -> String? {
        AgencyNames(name: name, abbreviation: abbreviation).ownProvince
    }
}
