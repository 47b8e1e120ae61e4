#!/usr/bin/env python3
"""A table of N educational service-area offices for `saraban batch`: names, abbreviations, indicator and
sub-indicator scores (fixed pseudo-random, so every run is the same), the published total and rating computed
by the 2566 method, and the signatories. Usage: make-table.py N > table.csv"""
import csv, random, sys

provinces = ["กรุงเทพมหานคร", "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี", "ฉะเชิงเทรา", "ชลบุรี",
             "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด", "ตาก", "นครนายก", "นครปฐม", "นครพนม",
             "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี", "นราธิวาส", "น่าน", "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี",
             "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี", "พระนครศรีอยุธยา", "พะเยา", "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก",
             "เพชรบุรี", "เพชรบูรณ์", "แพร่", "ภูเก็ต", "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา", "ร้อยเอ็ด",
             "ระนอง", "ระยอง", "ราชบุรี", "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล",
             "สมุทรปราการ", "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย", "สุพรรณบุรี",
             "สุราษฎร์ธานี", "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ", "อุดรธานี", "อุตรดิตถ์",
             "อุทัยธานี", "อุบลราชธานี"]
count = int(sys.argv[1]) if len(sys.argv) > 1 else 245
rng = random.Random(2566)
subs = ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
columns = (["agency.name", "agency.abbreviation"] + [f"scores.{i}" for i in range(1, 9)] + [f"scores.{c}" for c in subs]
           + ["published.total", "published.rating", "signatories.1.name", "signatories.1.positions"])
writer = csv.writer(sys.stdout, lineterminator="\r\n")
writer.writerow(columns)
for row in range(count):
    province = provinces[row % len(provinces)]
    area = row // len(provinces) + 1
    name = f"สำนักงานเขตพื้นที่การศึกษาประถมศึกษา{province} เขต {area}"
    scores = {str(i): round(rng.uniform(80, 99), 2) for i in range(1, 9)}
    scores.update({c: rng.choice([100, 100, 100, 75, 50, 87.5]) for c in subs})
    i9 = sum(scores[c] for c in subs[:5]) / 5
    i10 = (scores["10.1"] + scores["10.2"]) / 2
    total = (sum(scores[str(i)] for i in range(1, 6)) / 5 * 0.3 + sum(scores[str(i)] for i in range(6, 9)) / 3 * 0.3
             + (i9 + i10) / 2 * 0.4)
    rounded = round(total + 1e-9, 2)
    rating = next(label for bound, label in [(95, "AA"), (85, "A"), (75, "B"), (65, "C"), (55, "D"), (50, "E"), (0, "F")] if rounded >= bound)
    writer.writerow([name, f"สพป.{province} เขต {area}"] + [f"{scores[str(i)]:.2f}" for i in range(1, 9)]
                    + [f"{scores[c]:g}" for c in subs] + [f"{rounded:.2f}", rating,
                       f"นายผู้รายงาน ที่{row + 1}", f"ศึกษานิเทศก์ชำนาญการ|{name}"])
