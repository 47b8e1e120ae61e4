#!/usr/bin/env python3
"""The offices of the batch example: N educational service-area offices (default 36) with varied scores, written
as offices.csv and offices.xlsx (the same rows; the workbook needs openpyxl). Each office has its own weakest
indicator or sub-indicator, so each document analyses something else. Seeded: every run writes the same rows.

Usage: make-offices.py [--count N] [--out FOLDER] [--seed S]"""
import argparse, csv, datetime, os, random

PROVINCES = ["ตาก", "เชียงใหม่", "เชียงราย", "ลำปาง", "น่าน", "แพร่", "พิษณุโลก", "สุโขทัย", "กำแพงเพชร", "นครสวรรค์",
             "อุทัยธานี", "ขอนแก่น", "อุดรธานี", "เลย", "หนองคาย", "สกลนคร", "นครพนม", "มุกดาหาร", "ร้อยเอ็ด", "มหาสารคาม",
             "กาฬสินธุ์", "ศรีสะเกษ", "สุรินทร์", "บุรีรัมย์", "นครราชสีมา", "ชัยภูมิ", "ลพบุรี", "สระบุรี", "ราชบุรี",
             "กาญจนบุรี", "สุพรรณบุรี", "เพชรบุรี", "ชุมพร", "สุราษฎร์ธานี", "นครศรีธรรมราช", "สงขลา", "ตรัง", "พัทลุง",
             "ปัตตานี", "ยะลา", "นราธิวาส", "จันทบุรี", "ระยอง", "ชลบุรี", "ฉะเชิงเทรา", "ปราจีนบุรี", "สระแก้ว"]
FIRST = ["สมชาย", "วิชัย", "ประเสริฐ", "สุรชัย", "อนุชา", "ธนากร", "กิตติพงษ์", "ณรงค์", "ปิยะพงษ์", "ศักดิ์ชัย"]
FIRST_F = ["สุภาพร", "วันเพ็ญ", "กนกวรรณ", "จันทร์เพ็ญ", "ศิริพร", "อรุณี", "พรทิพย์", "นภาพร", "รัตนา", "ดวงใจ"]
LAST = ["ใจดี", "ศรีสุข", "แก้วมณี", "ทองคำ", "บุญมา", "สายสุวรรณ", "พรหมวงศ์", "จันทร์แก้ว", "อินทรสุวรรณ", "คำภีระ",
        "วงศ์ใหญ่", "เรืองศรี", "มณีรัตน์", "ปัญญาดี", "สุขประเสริฐ"]
INDICATORS = [str(i) for i in range(1, 9)]
SUBS = ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
UNITS = INDICATORS + SUBS


def person(rng):
    if rng.random() < 0.5:
        return f"{rng.choice(['นาย', 'ดร.'])}{rng.choice(FIRST)} {rng.choice(LAST)}"
    return f"{rng.choice(['นาง', 'นางสาว'])}{rng.choice(FIRST_F)} {rng.choice(LAST)}"


def office(index, rng):
    primary = index % 4 != 3
    province = PROVINCES[(index * 7) % len(PROVINCES)]
    if primary:
        area = index % 3 + 1
        name, short = f"สำนักงานเขตพื้นที่การศึกษาประถมศึกษา{province} เขต {area}", f"สพป.{province} เขต {area}"
    else:
        name, short = f"สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา{province}", f"สพม.{province}"
    scores = {code: round(rng.uniform(86, 99.5), 2) for code in INDICATORS}
    scores.update({code: rng.choice([100, 100, 100, 87.5, 100]) for code in SUBS})
    # Three weak units, each office its own: the weakest scores lowest, the next two a little higher.
    weak = rng.sample(UNITS, 3)
    for rank, code in enumerate(weak):
        if code in SUBS:
            scores[code] = [50, 62.5, 75][rank] if rank else rng.choice([25, 37.5, 50])
        else:
            scores[code] = round(rng.uniform(60, 70) + rank * 6, 2)
    # Equal scores are ranked by indicator order: keep the three apart from the rest.
    floor = max(scores[code] for code in weak) + 0.5
    for code in UNITS:
        if code not in weak and scores[code] < floor:
            scores[code] = 100 if code in SUBS else round(floor + rng.uniform(1, 5), 2)
    i9 = sum(scores[c] for c in SUBS[:5]) / 5
    i10 = (scores["10.1"] + scores["10.2"]) / 2
    total = (sum(scores[str(i)] for i in range(1, 6)) / 5 * 0.3 + sum(scores[str(i)] for i in range(6, 9)) / 3 * 0.3
             + (i9 + i10) / 2 * 0.4)
    rounded = round(total + 1e-9, 2)
    rating = next(label for bound, label in [(95, "AA"), (85, "A"), (75, "B"), (65, "C"), (55, "D"), (50, "E"), (0, "F")]
                  if rounded >= bound)
    date = datetime.date(2023, 12, 1) + datetime.timedelta(days=rng.randrange(40))
    return [name, short] + [scores[c] for c in UNITS] + [rounded, rating, date, person(rng), person(rng)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=36)
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--seed", type=int, default=2566)
    parser.add_argument("--no-xlsx", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    header = (["agency.name", "agency.abbreviation"] + [f"scores.{c}" for c in UNITS]
              + ["published.total", "published.rating", "date", "signatories.1.name", "signatories.2.name"])
    rows = [office(index, rng) for index in range(args.count)]
    with open(os.path.join(args.out, "offices.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([f"{v:.2f}" if isinstance(v, float) else f"{v:%Y-%m-%d}" if isinstance(v, datetime.date) else v
                             for v in row])
    if not args.no_xlsx:
        import openpyxl
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "สำนักงาน"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
            sheet.cell(row=sheet.max_row, column=header.index("date") + 1).number_format = "yyyy-mm-dd"
        book.save(os.path.join(args.out, "offices.xlsx"))


main()
