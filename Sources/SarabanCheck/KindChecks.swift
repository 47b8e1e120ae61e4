import Foundation
import SarabanITA
import SarabanKinds
import SarabanData

/// The checks of the kinds other than the measures report, on what decoding leaves to judge: another agency's
/// name pasted into the text (an education office of another province or area), and a document number not in
/// the usual form (a warning: agencies number their own way). Decoding has already refused missing fields,
/// dates that do not exist and urgency or secrecy words outside the regulation's set.
public enum KindChecks {
    /// `own`: the sending agency as the data writes it; `texts`: every text the document prints; `namedOnPurpose`:
    /// texts that name other agencies by nature (a letter's recipient, references and copies), whose agencies the
    /// body may name too ("ตามหนังสือที่อ้างถึง สำนักงานเขตพื้นที่การศึกษา… ขอให้…").
    public static func findings(own: String, texts: [LocatedText], namedOnPurpose: [LocatedText] = [], number: LocatedText?,
                                numberForm: NumberForm, file: String) -> [Finding] {
        let source = SourceText(url: URL(fileURLWithPath: file))
        let names = AgencyNames(name: own, abbreviation: "", namedOnPurpose: namedOnPurpose.map(\.value))
        var findings: [Finding] = []
        for text in texts {
            for mention in AgencyNames.mentions(in: text.value) where names.isForeign(mention) {
                if case .department = mention.kind { continue }
                findings.append(Finding("other-agency", .error, at: source.locate(mention.text, from: text.location), field: text.field,
                                        en: "the text names another agency, \"\(mention.text)\", in a document of \(own); check it was not pasted from another office's file",
                                        th: "ข้อความระบุชื่อหน่วยงานอื่น \"\(mention.text)\" ในเอกสารของ\(own) ตรวจสอบว่าไม่ได้คัดลอกมาจากไฟล์ของหน่วยงานอื่น"))
            }
        }
        if let number, !numberForm.matches(number.value) {
            findings.append(Finding("document-number", .warning, at: number.location, field: number.field,
                                    en: "the number \"\(number.value)\" is not in the usual form \(numberForm.example)",
                                    th: "เลขที่ \"\(number.value)\" ไม่อยู่ในรูปแบบที่ใช้ทั่วไป เช่น \(numberForm.example)"))
        }
        return findings.sorted { ($0.severity, $0.location.line, $0.location.column) < ($1.severity, $1.location.line, $1.location.column) }
    }

    /// The form of a document number: a letter or memo's "ศธ 04145/1234" (the agency's letters and code, then the
    /// running number), or an order's "15/2567" (the running number and the year).
    public enum NumberForm: Sendable {
        case correspondence, order

        var example: String { self == .order ? "๑๕/๒๕๖๗" : "ศธ ๐๔๑๔๕/๑๒๓๔" }

        func matches(_ text: String) -> Bool {
            let digits = text.withArabicDigits().trimmingSpaces()
            let parts = digits.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) else { return false }
            switch self {
            case .order:
                return !parts[0].isEmpty && parts[0].allSatisfy(\.isNumber) && parts[1].count == 4
            case .correspondence:
                let head = parts[0].split(separator: " ")
                return head.count == 2 && head[0].unicodeScalars.allSatisfy { ("\u{0E01}"..."\u{0E2E}").contains($0) || $0 == "." }
                    && head[1].allSatisfy { $0.isNumber || $0 == "." }
            }
        }
    }
}
