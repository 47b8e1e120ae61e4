import Foundation
import SarabanITA
import SarabanBlocks
import SarabanCheck

/// The memo that submits a measures report for approval, written as a data file from the report's own data:
/// the department and signatory from the report, the subject and the results sentence from its computed total
/// and rating (never typed), the report attached so that `render` sets it into the same PDF.
enum CoverMemo {
    static func yaml(for reportURL: URL, memoFolder: URL) throws -> String {
        let facts = try ReportFacts(reportURL)
        let report = facts.report, agency = facts.agency
        let subject = "ขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. \(report.measuresYear)"
        let results = facts.resultsSentence
        let quoted = ReportFacts.quoted
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
        \(try facts.signatoryField(report.signatories.first))
        attachments:
          - title: \(quoted("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. \(report.measuresYear)"))
            file: \(quoted(ReportFacts.relativePath(of: reportURL, from: memoFolder)))
        """
    }

}

/// The letter that sends a measures report to the NACC's office of the agency's province, written as a data file
/// from the report's own data: the agency, the results sentence from its computed total and rating, the head of
/// the agency (the report's last signatory) signing, and the report attached so that `render` sets it into the
/// same PDF.
enum CoverLetter {
    static func yaml(for reportURL: URL, letterFolder: URL) throws -> String {
        let facts = try ReportFacts(reportURL)
        let report = facts.report, agency = facts.agency
        let province = AgencyProvince.of(name: agency, abbreviation: report.agency.abbreviation.value)
        // Bangkok has no provincial office: its agencies write to the NACC itself.
        let recipient = province == "กรุงเทพมหานคร" ? "เลขาธิการคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"
            : "ผู้อำนวยการสำนักงาน ป.ป.ช. ประจำจังหวัด" + (province ?? "……")
        let title = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. \(report.measuresYear)"
        let sent = "\(agency) ได้วิเคราะห์ผลการประเมินรายตัวชี้วัดและจัดทำ\(title) เสร็จเรียบร้อยแล้ว "
            + "จึงขอส่งมาตรการดังกล่าว รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย"
        let q = ReportFacts.quoted
        return """
        # หนังสือส่งมาตรการถึงสำนักงาน ป.ป.ช. เขียนจากข้อมูลของ \(reportURL.lastPathComponent) โดย saraban init --kind letter --for
        # คะแนนรวมและระดับผลการประเมินคำนวณจากคะแนนในไฟล์รายงาน ตรวจทานที่ ที่อยู่ วันที่ ผู้รับ และส่วนราชการเจ้าของเรื่อง แล้วสั่ง
        #   saraban render <ไฟล์นี้>
        # จะได้ PDF ไฟล์เดียวที่มีหนังสือตามด้วยรายงานมาตรการ
        kind: letter
        # number: "ศธ ……/……"             # ที่
        agency: [\(q(agency))]   # ชื่อส่วนราชการ แล้วเพิ่มที่อยู่ บรรทัดละรายการ
        # date: 2024-01-31               # วันที่ (ค.ศ. หรือ พ.ศ.)
        subject: \(q("ส่ง" + title))
        to: \(q(recipient))   # เรียน: ตรวจทานตำแหน่งผู้รับ (เรียน/กราบเรียน เลือกให้ตามตำแหน่ง)
        attachments:
          - title: \(q(title + " จำนวน 1 ชุด"))
            file: \(q(ReportFacts.relativePath(of: reportURL, from: letterFolder)))
        body:
          - \(q(facts.resultsSentence))
          - \(q(sent))
          - "จึงเรียนมาเพื่อโปรดทราบ"
        \(try facts.signatoryField(report.signatories.last))
        # contact: { department: "กลุ่มงานเจ้าของเรื่อง", phone: "0 0000 0000" }   # ส่วนราชการเจ้าของเรื่องและโทรศัพท์
        """
    }
}

/// What a covering memo or letter says of the report it sends, from the report's own data.
struct ReportFacts {
    let report: MeasuresDocument
    let sheet: ScoreSheet
    let placeholders: Placeholders
    var agency: String { report.agency.name.value }

    init(_ url: URL) throws {
        report = try MeasuresDocument.load(contentsOf: url)
        sheet = try report.scoreSheet(framework: RenderPipeline.framework(for: report.year))
        placeholders = Placeholders(document: report, sheet: sheet)
    }

    /// The results as computed from the scores (never typed): the year, the total and the rating.
    var resultsSentence: String {
        "ตามที่\(agency) ได้รับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
            + "ประจำปีงบประมาณ พ.ศ. \(report.year) ได้คะแนน \(ScoreFormat.prose(sheet.roundedTotal)) คะแนน อยู่ในระดับ \(sheet.rating) นั้น"
    }

    /// The covering file's `signatory:` field, from one of the report's signatories: the name, and the positions with
    /// the report's placeholders ({{agency.name}}) filled in.
    func signatoryField(_ signatory: Signatory?) throws -> String {
        let positions = try signatory?.positions.map { try placeholders.expand($0) } ?? []
        return """
        signatory:
          name: \(Self.quoted(signatory?.name.value ?? ""))
          positions: [\(positions.map(Self.quoted).joined(separator: ", "))]
        """
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The report's path as the covering file will name it: relative when it is in or under that file's folder.
    static func relativePath(of file: URL, from folder: URL) -> String {
        let path = file.standardizedFileURL.path, base = folder.standardizedFileURL.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
