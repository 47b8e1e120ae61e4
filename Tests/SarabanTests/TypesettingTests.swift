import XCTest
import CPangoCairo
@testable import SarabanITA
@testable import SarabanBlocks
@testable import SarabanLayout
@testable import SarabanCLI
@testable import SarabanThai

/// Thai typesetting: line breaks, justification, the text layer, continuation words, numerals and dates.
final class TypesettingTests: XCTestCase {
    var design: PageDesign!
    var typesetter: Typesetter!

    override func setUpWithError() throws {
        design = try PageDesign.load(contentsOf: Fixture.layout)
        typesetter = try Typesetter(families: design.fontFamilies, compounds: design.lineBreaking.compounds)
    }

    override func tearDown() {
        typesetter = nil
        design = nil
    }

    func bodyLines(_ text: String) throws -> [String] {
        let style = design.style(.body)
        return try typesetter.lines(RichText(plain: text), .init(width: design.textWidth, firstLineIndent: style.firstLineIndent,
                                                                 size: style.size)).map(\.text)
    }

    // MARK: Line breaking

    /// Golden breaks of a paragraph of the seed, with Laksaman 16 pt on the 16 cm measure.
    func testGoldenLineBreaks() throws {
        let paragraph = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต ๒ นำตัวชี้วัดที่ได้คะแนนน้อยที่สุด มากำหนดประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน และตัวชี้วัดที่ได้คะแนนน้อยที่สุดรองลงมา ๒ ลำดับ กำหนดประเด็นที่จะพัฒนาให้ดีขึ้น"
        XCTAssertEqual(try bodyLines(paragraph), [
            "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต ๒ นำ",
            "ตัวชี้วัดที่ได้คะแนนน้อยที่สุด มากำหนดประเด็นที่เป็นข้อบกพร่องหรือ",
            "จุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน และตัวชี้วัดที่ได้คะแนนน้อยที่สุด",
            "รองลงมา ๒ ลำดับ กำหนดประเด็นที่จะพัฒนาให้ดีขึ้น",
        ])
    }

    /// A newline in the data forces a break, and the line before it is not stretched.
    func testGoldenForcedBreak() throws {
        let lines = try typesetter.lines(RichText(plain: "ผู้รายงาน\nนายเสกฐวุฒิ กลิ่นหอม ศึกษานิเทศก์ชำนาญการ"),
                                         .init(width: 200, size: 16))
        XCTAssertEqual(lines.map(\.text), ["ผู้รายงาน", "นายเสกฐวุฒิ กลิ่นหอม ", "ศึกษานิเทศก์ชำนาญการ"])
        // The name stays with its title on a line that can hold it.
        let narrow = try typesetter.lines(RichText(plain: "ผู้รายงาน นายเสกฐวุฒิ กลิ่นหอม"), .init(width: 150, size: 16))
        XCTAssertTrue(narrow.map(\.text).contains("นายเสกฐวุฒิ กลิ่นหอม"), "\(narrow.map(\.text))")
        // On one that cannot, it is cut where a word ends, never inside a word that fits.
        let tooNarrow = try typesetter.lines(RichText(plain: "ผู้รายงาน นายเสกฐวุฒิ กลิ่นหอม"), .init(width: 80, size: 16))
        XCTAssertEqual(tooNarrow.map(\.text).joined(), "ผู้รายงาน นายเสกฐวุฒิ กลิ่นหอม")
        XCTAssertTrue(tooNarrow.allSatisfy { $0.width <= 80.01 }, "\(tooNarrow.map(\.text))")
        XCTAssertTrue(tooNarrow.map(\.text).contains { $0.hasPrefix("กลิ่นหอม") || $0.hasSuffix("นายเสกฐวุฒิ ") }, "\(tooNarrow.map(\.text))")
        XCTAssertEqual(lines.map(\.endsParagraph), [true, false, true])
    }

    func testBreaksOnlyBetweenWords() throws {
        let paragraph = String(repeating: "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ", count: 6)
        let words = Set(ThaiWords.words(paragraph).map(\.start))
        var offset = paragraph.startIndex
        for line in try bodyLines(paragraph).dropLast() {
            offset = paragraph.index(offset, offsetBy: line.count)
            XCTAssertTrue(words.contains(offset) || paragraph[paragraph.index(before: offset)] == " ",
                          "a break inside a word after: \(line)")
        }
    }

    func testNoBreakRules() throws {
        // Long enough that each phrase meets a line's end somewhere across the widths tried.
        let text = "ผลการประเมินประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ของสำนักงานเขต ๒ ได้คะแนน ๙๔.๙๖ คะแนน อยู่ในระดับ A ต่าง ๆ "
        for width in stride(from: 200.0, through: 400, by: 13) {
            let lines = try typesetter.lines(RichText(plain: String(repeating: text, count: 3)), .init(width: width, size: 16)).map(\.text)
            for (line, next) in zip(lines, lines.dropFirst()) {
                XCTAssertFalse(line.hasSuffix("พ.ศ. "), "พ.ศ. left without its year at width \(width)")
                XCTAssertFalse(line.hasSuffix("เขต "), "เขต left without its number at width \(width)")
                XCTAssertFalse(next.hasPrefix("คะแนน") && line.hasSuffix("๙๖ "), "a number parted from its unit at width \(width)")
                XCTAssertFalse(next.hasPrefix("ๆ"), "ๆ at a line's start at width \(width)")
            }
        }
    }

    /// A telephone number is one phrase: its digit groups and its extension never part at a line's end where the
    /// line can hold the whole number.
    /// A centred title that wraps is balanced: its lines come out of even length, not a full line over a short one;
    /// at every width where it takes two lines, the shorter line is at least half the longer.
    func testCentredLinesAreBalanced() throws {
        let title = RichText(plain: "คำสั่งสำนักงานปลัดกระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม")
        let whole = try typesetter.lines(title, .init(width: 2000, size: 16, ragged: true))[0].width
        var tried = 0
        for width in stride(from: whole * 0.55, to: whole * 0.98, by: 9) {
            let balanced = try typesetter.lines(title, .init(width: width, size: 16, avoidRunts: false, ragged: true, balanced: true))
            guard balanced.count == 2 else { continue }
            tried += 1
            let widths = balanced.map(\.width)
            XCTAssertGreaterThanOrEqual(widths.min()!, widths.max()! / 2, "at width \(Int(width)): \(balanced.map(\.text))")
        }
        XCTAssertGreaterThan(tried, 5)
        // Unbalanced, the same title fills its first line: "…วิทยาศาสตร์ / วิจัยและนวัตกรรม" at the widest measure.
        let filled = try typesetter.lines(title, .init(width: whole * 0.9, size: 16, avoidRunts: false, ragged: true))
        XCTAssertEqual(filled.count, 2)
        XCTAssertLessThan(filled[1].width, filled[0].width / 2, filled.map(\.text).joined(separator: " | "))
    }

    func testTelephoneNumbersStayWhole() throws {
        let numbers = ["โทร. ๐ ๕๓๖๘ ๑๐๒๗ ต่อ ๑๑๐๑", "โทรสาร 02-141-1234", "โทรศัพท์ 08 1234 5678"]
        let text = "กลุ่มงานบริหารทั่วไป " + numbers.joined(separator: " ") + " "
        let widest = try numbers.map { try typesetter.lines(RichText(plain: $0), .init(width: 1000, size: 16))[0].width }.max()!
        for width in stride(from: widest + 1, through: 420, by: 7) {
            let lines = try typesetter.lines(RichText(plain: String(repeating: text, count: 2)), .init(width: width, size: 16)).map(\.text)
            for (line, next) in zip(lines, lines.dropFirst()) {
                let endsInNumber = line.trimmingCharacters(in: .whitespaces).last.map { $0.isNumber } ?? false
                let nextOpensNumber = next.first.map { $0.isNumber } ?? false
                XCTAssertFalse(endsInNumber && (nextOpensNumber || next.hasPrefix("ต่อ ")), "a telephone number parted at width \(width): \(line)|\(next)")
                XCTAssertFalse(["โทร. ", "โทรสาร ", "โทรศัพท์ ", "ต่อ "].contains { line.hasSuffix($0) }, "a number's label left alone at width \(width): \(line)")
            }
        }
    }

    /// A line set ragged (an address, a subject, a position) breaks at the spaces between its phrases rather than
    /// between two words of one phrase, where a line can stay at least half full: a name the dictionary does not
    /// know is not cut ("ขุนลุ|มประพาส" is libthai's reading of a road's name). A justified paragraph is unchanged.
    func testRaggedLinesBreakBetweenPhrases() throws {
        let ragged = try Typesetter(families: design.fontFamilies, compounds: design.lineBreaking.compounds,
                                    noBreak: design.lineBreaking.noBreak, phrasePenalty: design.lineBreaking.phrasePenalty)
        XCTAssertGreaterThan(design.lineBreaking.phrasePenalty, 0)
        let phrases = ["ศาลากลางจังหวัดแม่ฮ่องสอน", "ถนนขุนลุมประพาส", "อำเภอเมืองแม่ฮ่องสอน", "โรงพยาบาลแม่สะเรียง", "กลุ่มงานบริหารทั่วไป"]
        let text = phrases.joined(separator: " ")
        let widest = try phrases.map { try ragged.lines(RichText(plain: $0), .init(width: 1000, size: 16))[0].width }.max()!
        var insideRagged = 0, insideJustified = 0
        for width in stride(from: 2 * widest, through: 420, by: 5) {
            let raggedLines = try ragged.lines(RichText(plain: text), .init(width: width, size: 16, avoidRunts: false, ragged: true))
            XCTAssertEqual(raggedLines.map(\.text).joined(), text)
            insideRagged += raggedLines.dropLast().filter { !$0.text.hasSuffix(" ") }.count
            insideJustified += try ragged.lines(RichText(plain: text), .init(width: width, size: 16, avoidRunts: false))
                .dropLast().filter { !$0.text.hasSuffix(" ") }.count
        }
        XCTAssertEqual(insideRagged, 0, "with every phrase under half a line, a ragged line breaks only at spaces")
        XCTAssertGreaterThan(insideJustified, 0, "justified lines fill the line and break inside phrases")
        // Narrower than a phrase, the phrase is still broken between its words.
        let narrow = try ragged.lines(RichText(plain: text), .init(width: widest * 0.6, size: 16, avoidRunts: false, ragged: true))
        XCTAssertEqual(narrow.map(\.text).joined(), text)
        XCTAssertTrue(narrow.allSatisfy { $0.width <= widest * 0.6 + 0.01 })
    }

    func testCompoundsAreKeptWhole() throws {
        let text = "หน่วยงานได้จัดทำแผนการใช้จ่ายงบประมาณประจำปีงบประมาณ พ.ศ. ๒๕๖๗ ตามแนวทางที่ตัวชี้วัดกำหนด เพื่อให้หน่วยงานในสังกัดใช้งบประมาณอย่างคุ้มค่า และให้ผู้มีส่วนได้ส่วนเสียตรวจสอบการดำเนินงานได้"
        // The same list without a penalty: breaks inside compounds are then seen but not avoided.
        let free = try Typesetter(families: design.fontFamilies,
                                  compounds: Compounds(words: design.lineBreaking.compounds.words.map { String(decoding: $0, as: UTF8.self) }, penalty: 0))
        var avoided = 0, seen = 0
        for width in stride(from: 150.0, through: 450, by: 3) {
            avoided += try typesetter.lines(RichText(plain: text), .init(width: width, size: 16)).compactMap(\.brokenCompound).count
            seen += try free.lines(RichText(plain: text), .init(width: width, size: 16)).compactMap(\.brokenCompound).count
        }
        XCTAssertGreaterThan(seen, 20, "without a penalty, lines end inside compounds")
        XCTAssertLessThan(avoided * 2, seen, "the penalty avoids most of those breaks: \(avoided) against \(seen)")
    }

    /// The characters a typesetter offers the checks are those a set-up of fontconfig of their own finds.
    func testTheCharactersATypesetterOffersAreTheFonts() throws {
        let families = design.fontFamilies
        _ = try Typesetter(families: families)
        let offered = try FontCharacters.of(families: families, fontFolders: [])
        let own = try FontSetup(families: families, fontFolders: [])
        let charset = own.characters()
        defer { FcCharSetDestroy(charset) }
        var covered = 0
        for value in UInt32(0x20)...0x2FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            XCTAssertEqual(offered.covers(scalar), FcCharSetHasChar(charset, value) != 0, "U+\(String(value, radix: 16))")
            covered += offered.covers(scalar) ? 1 : 0
        }
        XCTAssertTrue(offered.covers("ก") && offered.covers("๙") && !offered.covers("\u{0915}"))
        XCTAssertGreaterThan(covered, 150)
        // A typesetter whose fonts cannot be set up leaves nobody waiting for its characters: the checks then make
        // their own set-up, which says why.
        XCTAssertThrowsError(try Typesetter(families: ["No Such Family"]))
        XCTAssertThrowsError(try FontCharacters.of(families: ["No Such Family"], fontFolders: [])) { error in
            XCTAssertTrue("\(error)".contains("No Such Family"), "\(error)")
        }
    }

    /// Fontconfig is set up from saraban's own `Fonts/fonts.conf` alone: the system's rule files are not read, yet the
    /// system's fonts are found (Laksaman, with Thai) and the TH Sarabun names lead to it. A user who points
    /// fontconfig at a configuration (FONTCONFIG_FILE or FONTCONFIG_PATH) gets the system's, with saraban's on top.
    func testFontconfigIsSetUpFromSarabansOwnFile() throws {
        let own = try XCTUnwrap(Resources.folder("Fonts")).appendingPathComponent("fonts.conf")
        func files(_ config: OpaquePointer) -> [String] {
            guard let list = FcConfigGetConfigFiles(config) else { return [] }
            defer { FcStrListDone(list) }
            var files: [String] = []
            while let file = FcStrListNext(list) { files.append(String(cString: file)) }
            return files
        }
        let alone = try XCTUnwrap(FontSetup.configuration(saraban: own, environment: { _ in nil }))
        defer { FcConfigDestroy(alone) }
        XCTAssertEqual(files(alone).map { URL(fileURLWithPath: $0).standardizedFileURL.path }, [own.standardizedFileURL.path])
        XCTAssertEqual(FontSetup.coverage(of: "Laksaman", in: alone), .thai)
        XCTAssertEqual(try FontSetup.resolve(["No Such Family", "Laksaman"], in: alone), "Laksaman")
        let substituted = FcNameParse("TH Sarabun New")!
        defer { FcPatternDestroy(substituted) }
        XCTAssertNotEqual(FcConfigSubstitute(alone, substituted, FcMatchPattern), 0)
        var families: [String] = []
        var family: UnsafeMutablePointer<FcChar8>?
        while FcPatternGetString(substituted, FC_FAMILY, Int32(families.count), &family) == FcResultMatch, let family {
            families.append(String(cString: family))
        }
        XCTAssertTrue(families.contains("Laksaman"), "\(families)")

        let chosen = try XCTUnwrap(FontSetup.configuration(saraban: own, environment: { $0 == "FONTCONFIG_PATH" ? "/etc/fonts" : nil }))
        defer { FcConfigDestroy(chosen) }
        let read = files(chosen)
        XCTAssertTrue(read.contains { $0.hasPrefix("/etc/fonts/") } && read.contains { $0.hasSuffix("saraban/Fonts/fonts.conf") || $0 == own.path }, "\(read)")
        XCTAssertGreaterThan(read.count, 2, "the system's rule files are read: \(read)")
    }

    /// Pango's steps without a layout (ParagraphShaping) give exactly the clusters a PangoLayout gives: glyphs, their
    /// places, fonts, breaks and words, for the example's texts and for texts with bold spans, no-break phrases,
    /// newlines of every kind, empty paragraphs, Latin and digits. Where a layout would do more (a tab, a line
    /// separator, right-to-left text), the steps decline and the layout sets the paragraph.
    func testParagraphShapingGivesWhatALayoutGives() throws {
        let example = try MeasuresDocument.load(contentsOf: Fixture.example).allTexts.map { RichText(plain: $0.value) }
        let made: [RichText] = [
            RichText([.init("คะแนน ", bold: false), .init("๙๔.๙๖ คะแนน", bold: true), .init(" ระดับ AA (ผ่าน)", bold: false)]),
            RichText(plain: "นายสมชาย ใจดี ผู้อำนวยการ\nโทร. ๐ ๕๓๖๘ ๑๐๒๗ ต่อ ๑๑๐๑\r\nwww.example.go.th/ita"),
            RichText(plain: "ย่อหน้าแรก\n\nย่อหน้าที่สาม\u{2029}และต่อไป ๆ กันไป"),
            RichText(plain: "พ.ศ. ๒๕๖๖ เขต ๒ e-Service 1,234.50 บาท\u{00A0}ตัวชี้วัดที่ ๙"),
            RichText(plain: "ท้ายย่อหน้า\n"),
        ]
        let declined: [RichText] = [RichText(plain: "ก\tข"), RichText(plain: "บรรทัด\u{2028}ใหม่"), RichText(plain: "שלום ไทย")]
        var direct = 0
        for text in example + made + declined {
            for bold in [false, true] {
                let settings = Typesetter.Settings(width: design.textWidth, size: 16, bold: bold)
                let plain = text.plainText, bytes = Array(plain.utf8)
                let description = typesetter.fontDescription(settings)
                defer { pango_font_description_free(description) }
                let list = typesetter.attributes(for: text)
                defer { pango_attr_list_unref(list) }
                let shaped = try plain.withCString { pointer in
                    try ParagraphShaping.shape(pointer, context: typesetter.context, description: description, attributes: list) {
                        try typesetter.shape($0, bytes: bytes)
                    }
                }
                guard let shaped else {
                    XCTAssertTrue(declined.contains(text), "the steps declined \(plain.debugDescription)")
                    continue
                }
                XCTAssertFalse(declined.contains(text), "a layout would do more for \(plain.debugDescription)")
                let byLayout = try typesetter.shapeWithLayout(text, plain: plain, bytes: bytes, description: description)
                let (mine, layouts) = (Self.signature(shaped), Self.signature(byLayout))
                XCTAssertEqual(mine.count, layouts.count, "clusters of \(plain.debugDescription)")
                if let first = mine.indices.first(where: { $0 < layouts.count && mine[$0] != layouts[$0] }) {
                    XCTFail("cluster \(first) of \(plain.debugDescription): \(mine[first]) ≠ the layout's \(layouts[first])")
                }
                direct += 1
            }
        }
        XCTAssertGreaterThan(direct, 2 * (example.count + made.count) - 1, "every text but the declined ones went without a layout")
    }

    /// The same on 400 random texts (a fixed seed) of Thai words, Latin, digits, spaces, newlines of every kind,
    /// tabs, separators, a soft hyphen, right-to-left letters and marks, combining marks and an emoji, some with bold
    /// spans: either Pango's steps give the layout's clusters, or they decline and a layout sets the paragraph.
    func testParagraphShapingOnRandomTexts() throws {
        let pieces = ["การประเมิน", "คุณธรรม", "และ", "ความโปร่งใส", "น้ำ", "ที่", "ปี่", "ฝั่ง", "๒๕๖๖", "พ.ศ.", "ITA", "e-Service",
                      "www.example.go.th", "75", "คะแนน", " ", " ", "\n", "\r\n", "\r", "\u{2029}", "\u{2028}", "\t", "\u{00AD}",
                      "\u{00A0}", "\u{200B}", "שלום", "\u{200F}", "\u{0E48}", "\u{0301}", "ๆ", "(", ")", "\u{1F600}", "นาย", "สมชาย"]
        var generator = SplitMix(seed: 2026)
        var direct = 0, declined = 0
        for _ in 0..<400 {
            let spans = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                Span((0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined(),
                              bold: Bool.random(using: &generator))
            }
            let text = RichText(spans)
            let settings = Typesetter.Settings(width: design.textWidth, size: 16, bold: Bool.random(using: &generator))
            let plain = text.plainText, bytes = Array(plain.utf8)
            let description = typesetter.fontDescription(settings)
            defer { pango_font_description_free(description) }
            let list = typesetter.attributes(for: text)
            defer { pango_attr_list_unref(list) }
            let shaped = Result {
                try plain.withCString { pointer in
                    try ParagraphShaping.shape(pointer, context: typesetter.context, description: description, attributes: list) { lines in
                        lines.hasUnknownGlyphs ? nil : try typesetter.shape(lines, bytes: bytes)
                    }
                }
            }
            let byLayout = Result { try typesetter.shapeWithLayout(text, plain: plain, bytes: bytes, description: description) }
            // A character the font lacks (the emoji) is refused by both ways alike.
            if case .failure(let error) = shaped {
                XCTAssertEqual("\(error)", byLayout.map { _ in "" }.mapError { $0 as Error }.failureDescription, plain.debugDescription)
                continue
            }
            guard let mineShaped = try shaped.get() ?? nil else { declined += 1; continue }
            let (mine, layouts) = (Self.signature(mineShaped), Self.signature(try byLayout.get()))
            XCTAssertEqual(mine.count, layouts.count, "clusters of \(plain.debugDescription)")
            if let first = mine.indices.first(where: { $0 < layouts.count && mine[$0] != layouts[$0] }) {
                XCTFail("cluster \(first) of \(plain.debugDescription): \(mine[first]) ≠ the layout's \(layouts[first])")
            }
            direct += 1
        }
        XCTAssertGreaterThan(direct, 50, "texts shaped by Pango's steps")
        XCTAssertGreaterThan(declined, 50, "texts left to a layout")
    }

    /// saraban's Thai tailoring, without Pango's lock, gives Pango's log attributes bit for bit: every field of
    /// `PangoLogAttr` for every character of the example's texts and of 600 random texts (Thai words, Latin, digits,
    /// spaces, newlines, marks, a right-to-left word, an emoji), against `pango_get_log_attrs`, which breaks Thai
    /// with Pango's own locked breaker.
    func testThaiBreaksGivePangosAttributes() throws {
        let example = try MeasuresDocument.load(contentsOf: Fixture.example).allTexts.map(\.value)
        let pieces = ["การประเมิน", "คุณธรรม", "และ", "ความโปร่งใส", "น้ำ", "ที่", "ปี่", "ฝั่ง", "๒๕๖๖", "พ.ศ.", "ITA", "e-Service",
                      "www.example.go.th", "75", "คะแนน", " ", " ", "\n", "\r\n", "\u{2029}", "\u{2028}", "\t", "\u{00AD}",
                      "\u{00A0}", "\u{200B}", "שלום", "\u{0E48}", "\u{0301}", "ๆ", "(", ")", "\u{1F600}", "นาย", "สมชาย",
                      "กรุงเทพมหานคร", "สำนักงานเขตพื้นที่การศึกษา", "ฯ", "ฯลฯ", "\u{0E4C}", "ก์"]
        var generator = SplitMix(seed: 1130)
        let random = (0..<600).map { _ in
            (0..<Int.random(in: 1...20, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        let language = pango_language_from_string("th")
        func fields(_ attribute: PangoLogAttr) -> [UInt32] {
            [attribute.is_line_break, attribute.is_mandatory_break, attribute.is_char_break, attribute.is_white,
             attribute.is_cursor_position, attribute.is_word_start, attribute.is_word_end, attribute.is_sentence_boundary,
             attribute.is_sentence_start, attribute.is_sentence_end, attribute.backspace_deletes_character,
             attribute.is_expandable_space, attribute.is_word_boundary, attribute.break_inserts_hyphen,
             attribute.break_removes_preceding].map { UInt32($0) }
        }
        var thaiBreaks = 0
        for text in example + random {
            let count = text.unicodeScalars.count + 1
            var pangos = [PangoLogAttr](repeating: PangoLogAttr(), count: count)
            var mine = [PangoLogAttr](repeating: PangoLogAttr(), count: count)
            text.withCString { pointer in
                pango_get_log_attrs(pointer, Int32(text.utf8.count), -1, language, &pangos, Int32(count))
                mine.withUnsafeMutableBufferPointer {
                    ThaiBreaks.logAttributes(pointer, length: Int32(text.utf8.count), language: language, into: $0)
                }
            }
            if let first = (0..<count).first(where: { fields(mine[$0]) != fields(pangos[$0]) }) {
                XCTFail("character \(first) of \(text.debugDescription): \(fields(mine[first])) ≠ Pango's \(fields(pangos[first]))")
            }
            thaiBreaks += pangos.filter { $0.is_word_start != 0 }.count
        }
        XCTAssertGreaterThan(thaiBreaks, 5_000, "the texts have words to find")
    }

    /// A seeded generator, so that a failing text comes back on every run.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Everything of a shaped paragraph the line breaker and the PDF read, as text to compare.
    static func signature(_ shaped: ShapedText) -> [String] {
        shaped.clusters.map { cluster in
            let glyphs = shaped.glyphs[cluster.glyphs].map { "\($0.id)@\($0.x),\($0.y)+\($0.advance)\($0.character.map { " " + String($0) } ?? "")" }
            return "\(cluster.byteStart)-\(cluster.byteEnd) \(ObjectIdentifier(shaped.fonts[cluster.runIndex])) run \(cluster.runIndex)"
                + " w \(cluster.width) space \(cluster.isSpace) break \(cluster.breakBefore) word \(cluster.wordStart)"
                + " forced \(cluster.forcedBreakBefore) \(glyphs)"
        }
    }

    /// The word lists find, at every offset of a text, the words a search of every word at every offset finds: for
    /// the layout's two lists over the example's texts, and a list with Latin and one-letter words too.
    func testWordListsFindWhatASearchOfEveryWordFinds() throws {
        let texts = try MeasuresDocument.load(contentsOf: Fixture.example).allTexts.map(\.value)
            + ["e-Service และ ITA ใน e-Service", "ก ข ค", "www.example.go.th/ita ของ สพป."]
        let lists = [design.lineBreaking.compounds, design.lineBreaking.noBreak,
                     Compounds(words: ["e-Service", "ITA", "ก", "สพป.", "ของ", "example.go"], penalty: 0)]
        var inside = 0
        for list in lists {
            for text in texts {
                let bytes = Array(text.utf8)
                var longest = [Range<Int>?](repeating: nil, count: bytes.count + 1)
                var depth = [Int](repeating: 0, count: bytes.count + 1)
                for start in bytes.indices where bytes[start] & 0xC0 != 0x80 {
                    for word in list.words where word.count >= 3 && bytes[start...].starts(with: word) {
                        for offset in (start + 1)..<(start + word.count) {
                            depth[offset] += 1
                            if (longest[offset]?.count ?? 0) < word.count { longest[offset] = start..<(start + word.count) }
                        }
                    }
                }
                let found = list.insideWords(bytes)
                XCTAssertEqual(found.longest, longest, text)
                XCTAssertEqual(found.depth, depth, text)
                inside += depth.filter { $0 > 0 }.count
            }
        }
        XCTAssertGreaterThan(inside, 1000, "the lists do find words in the texts")
    }

    // MARK: Justification

    func testThaiDistributedJustificationSpreadsBetweenClusters() throws {
        let style = design.style(.body)
        let text = String(repeating: "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ", count: 5)
        let lines = try typesetter.lines(RichText(plain: text), .init(width: design.textWidth, size: style.size))
        let line = try XCTUnwrap(lines.first)
        XCTAssertFalse(line.endsParagraph)
        let placement = LinePlacement(justification: .thaiDistributed, maxGapInsideWord: 0.14)
        let stretched = placement.stretch(line, to: design.textWidth, size: style.size)
        let end = stretched.last.map { $0.x + $0.width } ?? 0
        let trailing = line.runs.reduce(0) { $0 + $1.width } - line.width
        XCTAssertEqual(end - trailing, design.textWidth, accuracy: 0.01, "the line ends on the right margin")
        // Marks never move away from their letters: within a cluster, glyph offsets are as shaped.
        for (before, after) in zip(line.runs.flatMap(\.glyphs), stretched.flatMap(\.glyphs)) where before.gapBefore == .none {
            _ = (before, after)
        }
        let shares = placement.shares(spare: design.textWidth - line.width, inside: 10, between: 5, spaces: 2, size: 16)
        XCTAssertLessThanOrEqual(shares.insideWord, 0.14 * 16 + 1e-9)
        // The last line is not stretched.
        let last = try XCTUnwrap(lines.last)
        XCTAssertTrue(last.endsParagraph)
        XCTAssertEqual(placement.place(last, x: 0, baseline: 0, available: design.textWidth, align: .justify).count, last.runs.count)
    }

    func testMarksStayWithTheirLetters() throws {
        let text = String(repeating: "น้ำ ที่ นี้ ซื้อ เอี๊ยด ฐู ญู ปี่ ฝั่ง ฟ้า ทั้ง บุหรี่ ", count: 8)
        let line = try XCTUnwrap(try typesetter.lines(RichText(plain: text), .init(width: 400, size: 16)).first)
        let stretched = LinePlacement(justification: .thaiDistributed, maxGapInsideWord: 0.14).stretch(line, to: 400, size: 16)
        for (run, original) in zip(stretched, line.runs) {
            var shift = 0.0
            for (glyph, before) in zip(run.glyphs, original.glyphs) {
                let moved = glyph.x - before.x
                if before.gapBefore == .none { XCTAssertEqual(moved, shift, accuracy: 1e-9, "a glyph moved apart from its cluster") }
                shift = moved
            }
        }
    }

    func testExampleGapsInsideWordsStayUnderTheLimit() throws {
        let (document, _) = try RenderPipeline().layout(Fixture.example)
        let measure = ReaderMeasure(document, design: try PageDesign.load(contentsOf: Fixture.layout))
        XCTAssertGreaterThan(measure.lines, 200)
        XCTAssertLessThanOrEqual(measure.widestGapInsideWord, 0.101)
        XCTAssertEqual(measure.compoundSplits, [])
    }

    // MARK: The continuation word

    func testContinuationWordIsTheNextPagesFirstWord() throws {
        let (document, _) = try RenderPipeline().layout(Fixture.example)
        XCTAssertNil(document.pages.last?.continuation, "the last page has none")
        for (page, next) in zip(document.pages, document.pages.dropFirst()) {
            let word = try XCTUnwrap(page.continuation, "page \(page.number) has no continuation word")
            let first = (next.repeatedText.first ?? next.bodyText.first ?? "")
            XCTAssertEqual(word, ThaiWords.firstWord(of: first, maxLength: 20))
            XCTAssertTrue(first.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "- ", with: "").hasPrefix(word) || first.contains(word),
                          "page \(page.number): \(word) / \(first)")
        }
        // And in the PDF: the last line of each page reads "/word...", the next page begins with the word.
        let pdf = try Fixture.temporaryFolder().appendingPathComponent("c.pdf")
        try RenderPipeline().render(Fixture.example, to: pdf)
        let pages = try runTool("pdftotext", ["-layout", pdf.path, "-"]).stdout.components(separatedBy: "\u{0C}")
        for (index, page) in pages.enumerated() where index < document.pages.count - 1 {
            let lines = page.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            XCTAssertEqual(lines.last, "/\(document.pages[index].continuation!)...")
            // The page number first; then the body, whose first line holds the word (a table's header row
            // may put a taller cell's first line above it).
            let nextLines = pages[index + 1].components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            XCTAssertTrue(nextLines.dropFirst().prefix(2).contains { $0.contains(document.pages[index].continuation!) },
                          "page \(index + 2) starts with \(nextLines.dropFirst().prefix(2))")
        }
    }

    func testFirstWord() {
        XCTAssertEqual(ThaiWords.firstWord(of: "มาตรการเพื่อขับเคลื่อน", maxLength: 20), "มาตรการ")
        XCTAssertEqual(ThaiWords.firstWord(of: "- เชิญชวนผู้มีส่วนได้ส่วนเสีย", maxLength: 20), "เชิญ")
        XCTAssertEqual(ThaiWords.firstWord(of: "๒) สำนักงาน", maxLength: 20), "๒)")
        XCTAssertEqual(ThaiWords.firstWord(of: "PDCA ที่", maxLength: 20), "PDCA")
    }

    // MARK: Numerals and dates

    /// The layout names what it cannot draw (for text the checks do not see), by character and code point.
    func testTheLayoutNamesCharactersItCannotDraw() {
        XCTAssertThrowsError(try typesetter.lines(RichText(plain: "ข้อความ你好ทดสอบ"), .init(width: 400, size: 16))) { error in
            XCTAssertTrue("\(error)".contains("cannot draw \"你\" U+4F60, \"好\" U+597D"), "\(error)")
        }
        XCTAssertThrowsError(try typesetter.lines(RichText(plain: "ผ่าน ✓"), .init(width: 400, size: 16))) { error in
            XCTAssertTrue("\(error)".contains("cannot draw \"✓\" U+2713"), "\(error)")
        }
    }

    func testThaiDates() {
        XCTAssertEqual(ThaiDate.format(DateComponents(year: 2026, month: 11, day: 25)), "๒๕ พฤศจิกายน ๒๕๖๙")
        XCTAssertEqual(ThaiDate.format(DateComponents(year: 2023, month: 11, day: 20), thaiDigits: false), "20 พฤศจิกายน 2566")
        XCTAssertEqual(ThaiDate.fiscalYear(DateComponents(year: 2023, month: 9, day: 30)), 2566)
        XCTAssertEqual(ThaiDate.fiscalYear(DateComponents(year: 2023, month: 10, day: 1)), 2567)
    }

    func testDatePlaceholder() throws {
        let url = try Fixture.exampleVariant(replacing: "measures_year: 2567 ", with: "date: 2023-11-20\nmeasures_year: 2567 ")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "ผลปรากฏ ดังนี้", with: "ผลปรากฏ ณ วันที่ {{date}} ดังนี้")
        try Data(text.utf8).write(to: url)
        let blocks = try RenderPipeline().blocks(for: url)
        let paragraphs = blocks.blocks.compactMap { if case .paragraph(let p) = $0 { return p.text.plainText }; return nil }
        XCTAssertTrue(paragraphs.contains { $0.contains("ณ วันที่ ๒๐ พฤศจิกายน ๒๕๖๖ ดังนี้") })
        let undated = try Fixture.exampleVariant(replacing: "ผลปรากฏ ดังนี้", with: "ผลปรากฏ ณ วันที่ {{date}} ดังนี้")
        XCTAssertThrowsError(try RenderPipeline().blocks(for: undated)) { error in
            XCTAssertTrue("\(error)".contains("{{date}} needs the document's date"), "\(error)")
        }
    }

    func testDigitsInTheExample() throws {
        let blocks = try RenderPipeline().blocks(for: Fixture.example)
        let text = blocks.blocks.compactMap { if case .paragraph(let p) = $0 { return p.text.plainText }; return nil }.joined()
        XCTAssertFalse(text.contains { ("0"..."9").contains($0) && $0 != "." } && !text.contains("PDCA"), "running text has Thai digits")
        XCTAssertTrue(text.contains("๙๔.๙๖"))
        XCTAssertTrue(text.contains("(ITA)"))
    }
}

/// The data's own ways to steer line breaks, and the render options that show how a document was set.
final class BreakControlTests: XCTestCase {
    func testNoBreakSpaceAndZeroWidthSpace() throws {
        let design = try PageDesign.load(contentsOf: Fixture.layout)
        let typesetter = try Typesetter(families: design.fontFamilies)
        // U+00A0 keeps two words on one line (only a pair wider than the whole line would be cut, as a last resort).
        let kept = try typesetter.lines(RichText(plain: "โครงการ เขตสุจริต\u{00A0}ปลอดภัย ทุกแห่ง"), .init(width: 110, size: 16)).map(\.text)
        XCTAssertTrue(kept.contains { $0.contains("สุจริต\u{00A0}ปลอดภัย") }, "\(kept)")
        // U+200B offers a break where the dictionary sees none (a long code), and prints nothing.
        let code = "ABCDEFGHIJKLMNOP\u{200B}QRSTUVWXYZ"
        let split = try typesetter.lines(RichText(plain: code), .init(width: 150, size: 16))
        XCTAssertEqual(split.map(\.text), ["ABCDEFGHIJKLMNOP\u{200B}", "QRSTUVWXYZ"])
    }

    func testReportAndDebugLayout() throws {
        let folder = try Fixture.temporaryFolder()
        let plain = folder.appendingPathComponent("plain.pdf"), debug = folder.appendingPathComponent("debug.pdf")
        let result = try runTool(Fixture.binary.path, ["render", "-q", "--report", Fixture.example.path, "-o", plain.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        for label in ["pages: 10", "lines: ", "headings left at a page's foot: 0", "runts (a paragraph's last line under 20 % of the line): 0",
                      "widest gap inside a word: ", "widest space: ", "breaks inside a compound: 0", "table parts (body rows each): ",
                      "continuation words not as the rule says: 0"] {
            XCTAssertTrue(result.stdout.contains(label), result.stdout)
        }
        XCTAssertEqual(try runTool(Fixture.binary.path, ["render", "-q", "--debug-layout", Fixture.example.path, "-o", debug.path]).status, 0)
        // The marks are drawn in colour over the same text: more drawing, the same words.
        let plainSize = try FileManager.default.attributesOfItem(atPath: plain.path)[.size] as? Int ?? 0
        let debugSize = try FileManager.default.attributesOfItem(atPath: debug.path)[.size] as? Int ?? 0
        XCTAssertGreaterThan(debugSize, plainSize)
        // The same lines of text (pdftotext's paragraph guesses may put a blank line elsewhere).
        func textLines(_ pdf: URL) throws -> [Substring] { try runTool("pdftotext", [pdf.path, "-"]).stdout.split(separator: "\n") }
        XCTAssertEqual(try textLines(plain), try textLines(debug))
    }
}

private extension Result {
    /// The error's description, or nil for a success.
    var failureDescription: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}
