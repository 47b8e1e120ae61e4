import Foundation
import SarabanITA
import SarabanBlocks

/// The memo that submits a measures report for approval, written as a data file from the report's own data:
/// the department and signatory from the report, the subject and the results sentence from its computed total
/// and rating (never typed), the report attached so that `render` sets it into the same PDF.
enum CoverMemo {
    static func yaml(for reportURL: URL, memoFolder: URL) throws -> String {
        let report = try MeasuresDocument.load(contentsOf: reportURL)
        let sheet = try report.scoreSheet(framework: RenderPipeline.framework(for: report.year))
        let placeholders = Placeholders(document: report, sheet: sheet)
        let agency = report.agency.name.value
        let signatory = report.signatories.first
        let positions = try signatory?.positions.map { try placeholders.expand($0) } ?? []
        let subject = "ขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. \(report.measuresYear)"
        let results = "ตามที่\(agency) ได้รับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
            + "ประจำปีงบประมาณ พ.ศ. \(report.year) ได้คะแนน \(ScoreFormat.prose(sheet.roundedTotal)) คะแนน อยู่ในระดับ \(sheet.rating) นั้น"
        let work = "บัดนี้ ได้วิเคราะห์ผลการประเมินและจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. "
            + "\(report.measuresYear) เพื่อแก้ไขตัวชี้วัดที่ได้คะแนนน้อยที่สุดและพัฒนาตัวชี้วัดที่ได้คะแนนน้อยรองลงมา รายละเอียดตามสิ่งที่ส่งมาด้วย"
        return """
        # บันทึกข้อความขออนุมัติมาตรการ เขียนจากข้อมูลของ \(reportURL.lastPathComponent) โดย saraban init --kind memo --for
        # คะแนนรวมและระดับผลการประเมินคำนวณจากคะแนนในไฟล์รายงาน ตรวจทานส่วนราชการ ที่ วันที่ และผู้รับ แล้วสั่ง
        #   saraban render <ไฟล์นี้>
        # จะได้ PDF ไฟล์เดียวที่มีบันทึกข้อความตามด้วยรายงานมาตรการ
        kind: memo
        department: \(quoted(agency))        # ส่วนราชการ: ใส่กลุ่มงานและเบอร์โทรศัพท์
        # number: "ศธ ……/……"             # ที่
        # date: 2024-01-15               # วันที่ (ค.ศ. หรือ พ.ศ.)
        subject: \(quoted(subject))
        to: \(quoted("ผู้อำนวยการ" + agency))   # เรียน: ตรวจทานตำแหน่งผู้รับ
        body:
          - \(quoted(results))
          - \(quoted(work))
          - "จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ"
        signatory:
          name: \(quoted(signatory?.name.value ?? ""))
          positions: [\(positions.map(quoted).joined(separator: ", "))]
        attachments:
          - title: \(quoted("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. \(report.measuresYear)"))
            file: \(quoted(relativePath(of: reportURL, from: memoFolder)))
        """
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The report's path as the memo's data file will name it: relative when it is in or under the memo's folder.
    static func relativePath(of file: URL, from folder: URL) -> String {
        let path = file.standardizedFileURL.path, base = folder.standardizedFileURL.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
