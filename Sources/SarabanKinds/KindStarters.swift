import Foundation

/// Commented Thai starter files of the kinds other than the measures report (`saraban init --kind K`).
public enum KindStarters {
    /// A memo to fill in, commented in Thai (`saraban init --kind memo`).
    public static let memo = """
    # บันทึกข้อความ (หนังสือภายใน) — แก้ข้อความแล้วสั่ง saraban render <ไฟล์นี้>
    # ช่องที่ขึ้นต้นด้วย # เป็นตัวเลือก ลบ # ออกเมื่อต้องการใช้
    kind: memo
    # urgency: ด่วน                  # ชั้นความเร็ว: ด่วนที่สุด ด่วนมาก หรือ ด่วน (พิมพ์สีแดง)
    # secrecy: ลับ                   # ชั้นความลับ: ลับที่สุด ลับมาก หรือ ลับ (พิมพ์สีแดงบนและล่างทุกหน้า)
    # emblem: garuda.png             # ไฟล์ภาพตราครุฑ (PNG) ที่หน่วยงานจัดหาเอง วางไว้ข้างไฟล์นี้
    department: "ส่วนราชการ กลุ่มงาน โทร. ………"
    # number: "ศธ ……/……"             # ที่
    # date: 2024-01-15               # วันที่
    subject: "เรื่องที่เสนอ"
    to: "ผู้รับ"                       # เรียน
    body:
      - "ย่อหน้าที่หนึ่ง"
      - "จึงเรียนมาเพื่อโปรดพิจารณา"
    signatory:
      name: "นายตัวอย่าง ชื่อสกุล"
      positions: ["ตำแหน่ง"]
    # attachments:                   # สิ่งที่ส่งมาด้วย; ไฟล์ข้อมูลของ saraban จะถูกรวมไว้ใน PDF เดียวกัน
    #   - title: "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    #     file: มาตรการ.yaml
    """

    /// An external letter to fill in, commented in Thai (`saraban init --kind letter`).
    public static let letter = """
    # หนังสือภายนอก — แก้ข้อความแล้วสั่ง saraban render <ไฟล์นี้>
    # คำขึ้นต้น (เรียน / กราบเรียน) และคำลงท้าย (ขอแสดงความนับถือ / ขอแสดงความนับถืออย่างยิ่ง) เลือกให้ตามตำแหน่งผู้รับ
    kind: letter
    # emblem: garuda.png             # ไฟล์ภาพตราครุฑ (PNG) ที่หน่วยงานจัดหาเอง
    number: "ศธ ……/……"               # ที่
    agency: ["ชื่อส่วนราชการ", "ที่อยู่ บรรทัดที่หนึ่ง", "ที่อยู่ บรรทัดที่สอง"]
    # date: 2024-01-15
    subject: "เรื่องที่มีไปถึง"
    to: "ตำแหน่งผู้รับ"
    # references: ["หนังสือที่อ้างถึง"]          # อ้างถึง
    # attachments: ["สิ่งที่ส่งไปด้วย"]          # สิ่งที่ส่งมาด้วย; หรือ { title: ชื่อเอกสาร, file: มาตรการ.yaml } ให้พิมพ์รายงานต่อท้ายใน PDF เดียวกัน
    body:
      - "ย่อหน้าที่หนึ่ง"
      - "จึงเรียนมาเพื่อโปรดทราบ"
    signatory:
      name: "นายตัวอย่าง ชื่อสกุล"
      positions: ["ตำแหน่ง"]
    contact: { department: "กลุ่มงานเจ้าของเรื่อง", phone: "0 0000 0000" }
    """

    /// An order's list of the people it appoints, numbered by saraban, each duty at its tab stop.
    static let members = """
      - members:                     # ผู้ได้รับแต่งตั้ง: ชื่อ (name) และ/หรือ ตำแหน่ง (position) และหน้าที่ (duty) saraban ใส่เลขลำดับให้
          - { position: "ตำแหน่งประธาน", duty: "ประธานคณะทำงาน" }
          - { name: "นายตัวอย่าง ชื่อสกุล", position: "ตำแหน่ง", duty: "คณะทำงานและเลขานุการ" }

    """

    /// An order or announcement to fill in (`saraban init --kind order|announcement`).
    public static func decree(order: Bool) -> String {
        """
        # \(order ? "คำสั่ง" : "ประกาศ") — แก้ข้อความแล้วสั่ง saraban render <ไฟล์นี้>
        kind: \(order ? "order" : "announcement")
        # emblem: garuda.png             # ไฟล์ภาพตราครุฑ (PNG) ที่หน่วยงานจัดหาเอง
        agency: "ชื่อส่วนราชการ"
        \(order ? "number: \"๑/๒๕๖๗\"" : "# (ประกาศไม่มีเลขที่)")
        subject: "เรื่อง"
        body:
          - "ข้อความย่อหน้าที่หนึ่ง"
        \(order ? Self.members : "")  - "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"
        date: 2024-01-15
        signatory:
          name: "นายตัวอย่าง ชื่อสกุล"
          positions: ["ตำแหน่ง"]
        """
    }
}
