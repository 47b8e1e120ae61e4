#!/usr/bin/env python3
"""`make corpus`: documents written like the measures report but never seen by the engine.

Usage: corpus.py OUT-FOLDER [COUNT=60] [--seed N]

Each document is drawn from pools of real office wording with a seeded generator, so the corpus is the same
on every machine. What varies is what trips a typesetter: long and short lists and list items, the longest
real agency names, word ratings (fiscal 2567) and letter ratings, headings landing at every height of a page
(paragraph counts vary), a score table that breaks at different rows, long Latin words and URLs, numbers with
their units, and one to three signatories with long positions. The pools are written for this generator: no
document of the corpus is a copy of the example."""
import os, random, sys

AGENCIES = [
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพระนครศรีอยุธยา เขต 2", "สพป.อยุธยา เขต 2"),
    ("สำนักงานเขตพื้นที่การศึกษามัธยมศึกษากรุงเทพมหานคร เขต 1", "สพม.กรุงเทพมหานคร เขต 1"),
    ("องค์การบริหารส่วนตำบลหนองหญ้าปล้อง อำเภอหนองหญ้าปล้อง จังหวัดเพชรบุรี", "อบต.หนองหญ้าปล้อง"),
    ("โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านหนองบัวแดง", "รพ.สต.บ้านหนองบัวแดง"),
    ("สำนักงานสาธารณสุขจังหวัดประจวบคีรีขันธ์", "สสจ.ประจวบคีรีขันธ์"),
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาฉะเชิงเทรา เขต 1", "สพป.ฉะเชิงเทรา เขต 1"),
    ("เทศบาลตำบลบ้านแหลม อำเภอบ้านแหลม จังหวัดเพชรบุรี", "ทต.บ้านแหลม"),
    ("สำนักงานปลัดกระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", "สป.อว."),
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษานครศรีธรรมราช เขต 4", "สพป.นครศรีธรรมราช เขต 4"),
    ("กรมส่งเสริมการปกครองท้องถิ่น", "สถ."),
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาอุบลราชธานี เขต 5", "สพป.อุบลราชธานี เขต 5"),
    ("การไฟฟ้าส่วนภูมิภาค", "กฟภ."),
]

SUBJECTS = ["บุคลากรของ{{agency.name}}", "{{agency.name}}", "ผู้บริหารและบุคลากรทุกระดับ", "เจ้าหน้าที่ผู้รับผิดชอบ",
            "คณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส", "หน่วยงาน", "ผู้อำนวยการกลุ่มอำนวยการ"]
VERBS = ["ต้องเปิดเผยข้อมูลการดำเนินงาน", "ควรทบทวนและปรับปรุงกระบวนการทำงาน", "ควรประชาสัมพันธ์ช่องทางการร้องเรียน",
         "ต้องจัดทำแผนการใช้จ่ายงบประมาณประจำปี", "ควรกำกับติดตามการใช้ทรัพย์สินของทางราชการ",
         "ต้องรายงานผลการดำเนินงานต่อผู้บริหาร", "ควรสร้างการรับรู้เรื่องผลประโยชน์ทับซ้อน",
         "ต้องเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง", "ควรเก็บรักษาหนังสือราชการอย่างเป็นระบบ",
         "ต้องควบคุมการเบิกจ่ายน้ำมันเชื้อเพลิง", "ควรส่งเสริมการมีส่วนร่วมของผู้มีส่วนได้ส่วนเสีย"]
PURPOSES = ["เพื่อให้ผู้มีส่วนได้ส่วนเสียเข้าถึงได้โดยสะดวก", "เพื่อป้องกันการทุจริตและประพฤติมิชอบ",
            "ให้เป็นไปตามระเบียบของทางราชการ", "เพื่อให้การประเมินในปีงบประมาณถัดไปมีผลดีขึ้น",
            "ตามแนวทางของสำนักงาน ป.ป.ช.", "อย่างต่อเนื่องและทั่วถึง", "ผ่านเว็บไซต์ https://www.example.go.th/ita/oit/2567/index.html",
            "ผ่านระบบ Integrity and Transparency Information Technology System (ITAS)",
            "ภายใน 30 วัน นับแต่วันที่ได้รับแจ้ง", "โดยใช้งบประมาณไม่เกิน 50,000 บาท", "ให้ครบทั้ง 12 เดือน",
            "และแจ้งให้บุคลากรทุกคนทราบ", "ตามรูปแบบ PDCA ที่ก่อให้เกิดการพัฒนาอย่างต่อเนื่อง",
            "ทางไปรษณีย์อิเล็กทรอนิกส์ saraban.integrity@example.go.th", "ในเขตพื้นที่บริการทั้งหมด",
            "ณ ห้องประชุมของหน่วยงาน", "ตามหนังสือราชการที่ได้รับมอบหมาย", "นี้", "ทราบ"]
ENDINGS = ["", "", " ดังนี้", " ต่อไป", " ให้ทราบ", " ทุกไตรมาส", " ในปีงบประมาณ พ.ศ. {{measures_year}}"]
TASKS = ["จัดทำรายงาน", "เผยแพร่ข้อมูลบนเว็บไซต์", "ประชุมชี้แจงบุคลากร", "สำรวจความคิดเห็น", "ติดตามและประเมินผล",
         "แต่งตั้งคณะทำงาน", "ปรับปรุงคู่มือการปฏิบัติงาน"]
WHENS = ["ต่อเนื่องตลอดปี", "ทุกไตรมาส", "รายเดือนหรือรายไตรมาส", "ภายในไตรมาสที่ 2 ของปีงบประมาณ พ.ศ. {{measures_year}}",
         "ภายในเดือนมีนาคม พ.ศ. {{measures_year}}"]
CODES = ["1", "2", "3", "4", "5", "6", "7", "8", "9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
POSITIONS = ["นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ", "ผู้อำนวยการกลุ่มนโยบายและแผน",
             "ผู้อำนวยการกลุ่มส่งเสริมการจัดการศึกษา", "ปลัดองค์การบริหารส่วนตำบล", "ศึกษานิเทศก์ชำนาญการ",
             "รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษา", "หัวหน้าสำนักปลัด"]
NAMES = ["นายสมชาย ใจดี", "นางสาวพรรณีวรรณ ศรีสุวรรณประเสริฐ", "ว่าที่ร้อยตรีวีระพงษ์ ทองประเสริฐ",
         "นางมาลัย สุขสวัสดิ์", "ดร.ประเสริฐ วงศ์ไทย", "นายณัฐพงศ์ ธนพัฒน์ชัยกุล"]


def sentence(rng, words=1):
    parts = [rng.choice(SUBJECTS) + " " + rng.choice(VERBS)]
    for _ in range(words):
        parts.append(rng.choice(PURPOSES))
    return " ".join(parts) + rng.choice(ENDINGS)


def items(rng, low, high, words=(0, 3)):
    return [sentence(rng, rng.randint(*words)) for _ in range(rng.randint(low, high))]


def analysis(rng, code):
    block = {"indicator": code, "findings": items(rng, 1, 5), "weaknesses": items(rng, 1, 3),
             "improvements": items(rng, 1, 4)}
    block["measures"] = [{"text": sentence(rng, rng.randint(0, 1)), "details": items(rng, 0, 2, (0, 2)),
                          **({"responsible": rng.choice(POSITIONS)} if rng.random() < 0.4 else {})}
                         for _ in range(rng.randint(1, 7))]
    block["activities"] = items(rng, 0, 6, (0, 1))
    block["steps"] = [{"text": sentence(rng, 0), "details": items(rng, rng.choice([0, 1, 3]), 3, (0, 1))}
                      for _ in range(rng.randint(0, 6))]
    block["schedule"] = [{"text": sentence(rng, 0), "entries": [
        {"task": rng.choice(TASKS), **({"quarters": sorted(rng.sample([1, 2, 3, 4], rng.randint(1, 3)))}
                                       if rng.random() < 0.5 else {"when": rng.choice(WHENS)})}
        for _ in range(rng.randint(1, 3))]} for _ in range(rng.randint(0, 5))]
    return {key: value for key, value in block.items() if value != []}


def scores(rng, weak):
    values = {code: round(rng.uniform(78, 100), 2) for code in CODES}
    for code in CODES[8:]:
        values[code] = rng.choice([0, 25, 50, 75, 100, 100, 100])
    values[weak] = min(values[weak], 40.0) if "." in weak else round(rng.uniform(60, 75), 2)
    return values


def document(rng, number):
    agency, abbreviation = rng.choice(AGENCIES)
    year = rng.choice([2566, 2567])
    values = scores(rng, rng.choice(CODES))
    order = sorted(CODES, key=lambda code: values[code])
    # The data file names the indicators by number; a sub-indicator's block goes by its own code.
    doc = {
        "agency": {"name": agency, "abbreviation": abbreviation},
        "year": year,
        "scores": values,
        "introduction": " ".join(items(rng, 1, 3, (1, 3))) + " ผลปรากฏ ดังนี้",
        "approach": sentence(rng, rng.randint(1, 4)) + " ดังนี้",
        "analysis": {"urgent": analysis(rng, order[0]),
                     "develop": [analysis(rng, code) for code in order[1:1 + rng.choice([0, 1, 2, 2])]]},
        "constraints": {key: {"limitations": items(rng, 1, 3, (0, 1)), "support": items(rng, 1, 2, (0, 1))}
                        for key in ["budget", "people", "ict"] if rng.random() < 0.8},
        "recommendations": {
            "introduction": "ผลการประเมินของ{{agency.name}} ประจำปีงบประมาณ พ.ศ. {{year}} ได้คะแนน {{total}} อยู่ในระดับ {{rating}} "
                            + sentence(rng, 1) + " ดังนี้",
            "policy": {"introduction": items(rng, 1, 6, (1, 3))},
            "practice": {"introduction": sentence(rng, 1) + " ดังนี้", "items": items(rng, 1, 5, (1, 6))},
        },
        "signatories": [{"role": role, "name": rng.choice(NAMES),
                         "positions": rng.sample(POSITIONS, rng.randint(1, 2)) + ["{{agency.name}}"]}
                        for role in ["ผู้รายงาน", "ผู้ตรวจสอบ", "ผู้อนุมัติ"][:rng.choice([1, 1, 2, 3])]],
        "options": {"numerals": rng.choice(["thai", "thai", "arabic"]), "table_numerals": "arabic"},
    }
    if not doc["analysis"]["develop"]:
        del doc["analysis"]["develop"]
    return doc


def yaml_text(value, indent=0):
    """The document as YAML, every string quoted (placeholders and colons stay text)."""
    pad = "  " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{quote_key(key)}:")
                lines.append(yaml_text(item, indent + 1))
            else:
                lines.append(f"{pad}{quote_key(key)}: {scalar(item)}")
        return "\n".join(lines)
    lines = []
    for item in value:
        if isinstance(item, (dict, list)) and item:
            inner = yaml_text(item, indent + 1).lstrip()
            lines.append(f"{pad}- {inner}")
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return "\n".join(lines)


def quote_key(key):
    return f'"{key}"' if any(c in str(key) for c in ".:") else str(key)


def scalar(value):
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--seed")]
    seed = int(next((a.split("=")[1] for a in sys.argv[1:] if a.startswith("--seed=")), "12"))
    out = arguments[0]
    count = int(arguments[1]) if len(arguments) > 1 else 60
    os.makedirs(out, exist_ok=True)
    for number in range(1, count + 1):
        rng = random.Random(seed * 10_000 + number)
        path = os.path.join(out, f"corpus-{number:03d}.yaml")
        with open(path + ".tmp", "w", encoding="utf-8") as handle:
            handle.write(f"# corpus document {number} (seed {seed}), generated by Tests/corpus.py\n")
            handle.write(yaml_text(document(rng, number)) + "\n")
        os.replace(path + ".tmp", path)
    print(f"{count} documents in {out}")


if __name__ == "__main__":
    main()
