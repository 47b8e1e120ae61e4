#!/usr/bin/env python3
"""The web page in a real browser: Debian's chromium, headless, driven by Playwright (pip). Used by WebTests.

    browser-test.py URL EXAMPLE.yaml MEMO.yaml FOLDER [SIGNER.p12]

Opens the page as an official would, loads last year's data file, sees the computed total, types a score that
cannot be and sees the finding appear beside it, corrects it, looks at page 2, downloads the PDF (saved in FOLDER
for the caller to read with pdftotext) and, given a PKCS#12 file (password "secret"), the PDF signed on the page
(signed.pdf, for pdfsig), and the YAML; starts a letter from the kinds the page offers, adds its
references from the fields it may have, chooses its date (day, month, B.E. year) and downloads its PDF (letter.pdf); opens the memo that puts the report
forward, sees the finding that its attachment is missing, sends the report's data file with it and downloads
the memo with the report set in (memo.pdf); then checks the page on a phone-sized
screen, with the keyboard, and in English. Prints one line per step; exits non-zero at the first step that fails."""
import re
import sys

from playwright.sync_api import expect, sync_playwright

url, example, memo, folder = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
signer_file = sys.argv[5] if len(sys.argv) > 5 else None


def step(name):
    print(f"ok: {name}", flush=True)


def download(page, button, path):
    """Clicks a button that downloads, and keeps the file at `path`."""
    with page.expect_download(timeout=30000) as started:
        page.click(button)
    started.value.save_as(path)


def add_field(page, name):
    """Adds a field the document may have, chosen by its Thai name from the form's own list."""
    page.select_option("#new-field-top", label=name)
    page.click("#new-field-top + button")


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page(accept_downloads=True, viewport={"width": 1200, "height": 900})
    page.goto(url)
    expect(page.locator('input[data-path="agency.name"]')).to_be_visible(timeout=15000)
    step("the page opens with a starter form")

    page.set_input_files("#open", example)
    expect(page.locator('input[data-path="agency.name"]')).to_have_value("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2", timeout=15000)
    expect(page.locator("#computed-total")).to_contain_text("94.96", timeout=15000)
    step("last year's YAML fills the form; the computed total shows 94.96")

    score = page.locator('input[data-path="scores.1"]')
    score.fill("150")
    finding = page.locator('input[data-path="scores.1"] + p.finding.error')
    expect(finding).to_be_visible(timeout=15000)
    expect(score).to_have_attribute("aria-invalid", "true")
    print(f"   the finding beside the score: {finding.text_content()}", flush=True)
    page.locator("#summary a").first.click()
    assert page.evaluate("document.activeElement.dataset.path") == "scores.1", "the summary's finding leads to its field"
    step("a score of 150 gets its finding beside the field")

    score.fill("98.10")
    expect(finding).to_have_count(0, timeout=15000)
    expect(page.locator("#computed-total")).to_contain_text("94.96", timeout=15000)
    step("corrected, the finding goes")

    page.click("#preview")
    expect(page.locator("#pages img")).to_be_visible(timeout=15000)
    page.get_by_role("button", name="หน้า 2", exact=True).click()
    expect(page.locator("#pages img")).to_have_attribute("alt", "หน้า 2 จาก 10", timeout=15000)
    assert page.evaluate("document.querySelector('#pages img').naturalWidth") == 794
    step("page 2 shown as an image")

    download(page, "#download", f"{folder}/downloaded.pdf")
    step("the PDF downloaded")

    if signer_file:
        expect(page.locator("#sign-signer option")).to_have_text(["1. นายเสกฐวุฒิ กลิ่นหอม"])
        page.set_input_files("#sign-p12", signer_file)
        page.fill("#sign-password", "secret")
        page.check("#sign-visible")
        page.fill("#sign-reason", "อนุมัติ")
        download(page, "#download-signed", f"{folder}/signed.pdf")
        assert page.input_value("#sign-password") == "", "the password is not kept in the page once used"
        step("the PDF signed on the page, with the certificate file and its password")

        page.click("#tab-verify")
        page.set_input_files('#verify input[name="pdf"]', f"{folder}/signed.pdf")
        page.set_input_files('#verify input[name="trust"]', signer_file.rsplit("/", 1)[0] + "/root-cert.pem")
        page.click('#verify button[type="submit"]')
        expect(page.locator("#verify-verdict")).to_have_text("ลายมือชื่อถูกต้องทุกรายการ", timeout=15000)
        expect(page.locator("#verify-report")).to_contain_text("Signature1: VALID")
        page.click("#tab-form")
        step("the signed PDF checked on the page's third tab: valid")

    download(page, "#save-yaml", f"{folder}/downloaded.yaml")
    step("the data downloaded as YAML")

    page.select_option("#new-kind", "letter")
    page.click("#new")
    recipient = page.locator('input[data-path="to"]')
    expect(recipient).to_be_visible(timeout=15000)
    assert page.locator('label[for="f-to"]').text_content().startswith("เรียน"), "the recipient's field is named in Thai"
    recipient.fill("เลขาธิการคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ")
    add_field(page, "อ้างถึง")
    reference = page.locator('[data-path="references"]')
    expect(reference).to_be_focused(timeout=15000)
    reference.fill("หนังสือสำนักงาน ป.ป.ช. ที่ ปช 0004/ว 0001 ลงวันที่ 1 กุมภาพันธ์ 2567")
    expect(page.locator("#status")).to_contain_text("ไม่พบข้อผิดพลาด", timeout=15000)
    add_field(page, "ชั้นความเร็ว (ด่วนที่สุด ด่วนมาก ด่วน)")
    urgency = page.locator('select[data-path="urgency"]')
    expect(urgency).to_be_focused(timeout=15000)
    urgency.select_option("ด่วนที่สุด")
    expect(page.locator("#summary")).not_to_contain_text("urgency", timeout=15000)
    step("a letter started from the kinds offered; its references added and its urgency chosen from a list, named in Thai")

    add_field(page, "วันที่")
    date = page.locator('fieldset.date[data-path="date"]')
    expect(date.locator('select[aria-label="วันที่"]')).to_be_focused(timeout=15000)
    date.locator('select[aria-label="วันที่"]').select_option("5")
    date.locator('select[aria-label="เดือน"]').select_option(label="มีนาคม")
    date.locator('select[aria-label="ปี พ.ศ."]').select_option("2568")
    expect(page.locator("#summary")).not_to_contain_text("missing-date", timeout=15000)
    step("the letter's date chosen as day, month by name and B.E. year")

    download(page, "#download", f"{folder}/letter.pdf")
    step("the letter's PDF downloaded")

    page.set_input_files("#open", memo)
    expect(page.locator('input[data-path="to"]')).to_have_value(re.compile("^ผู้อำนวยการ"), timeout=15000)
    expect(page.locator("#summary")).to_contain_text("attachments[1].file", timeout=15000)
    page.set_input_files("#images", example)
    expect(page.locator("#summary")).not_to_contain_text("attachments[1].file", timeout=15000)
    # The report's own findings (the seed's gaps) are listed, each saying it is the report's.
    expect(page.locator("#summary")).to_contain_text("ita-measures-tak2-2566.yaml: analysis.develop", timeout=15000)
    download(page, "#download", f"{folder}/memo.pdf")
    step("a memo whose attachment is the measures report: the report's data file sent with it, set in after it")

    page.select_option("#new-kind", "announcement")
    page.click("#new")
    expect(page.locator('[data-path="body[1]"]')).to_be_visible(timeout=15000)
    page.get_by_role("button", name="เพิ่ม ข้อความ: รายชื่อผู้ได้รับแต่งตั้ง").click()
    member = page.locator('[data-path="body[3].members[1].name"]')
    expect(member).to_be_visible(timeout=15000)
    member.fill("นายสมชาย ใจดี")
    page.locator('[data-path="body[3].members[1].duty"]').fill("ประธานคณะทำงาน")
    expect(page.locator("#status")).to_contain_text("ไม่พบข้อผิดพลาด", timeout=15000)
    step("an announcement given a list of the people it appoints, from the shapes its text may take")

    phone = browser.new_page(viewport={"width": 375, "height": 740})
    phone.goto(url)
    expect(phone.locator('input[data-path="agency.name"]')).to_be_visible(timeout=15000)
    width = phone.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 376, f"the page is {width} px wide on a 375 px screen"
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement && document.activeElement.tagName")
    assert focused in ("A", "BUTTON", "INPUT", "TEXTAREA"), focused
    unnamed = phone.evaluate("""[...document.querySelectorAll('#editor input, #editor textarea, #editor select')]
        .filter(e => !(e.getAttribute('aria-label') || [...e.labels].some(l => l.textContent.trim()))).length""")
    assert unnamed == 0, f"{unnamed} fields without a name for a screen reader"
    step("on a phone-sized screen nothing overflows, and the keyboard reaches the controls")

    english = browser.new_page()
    english.goto(url + "?lang=en")
    expect(english.locator("#download")).to_have_text("Download the PDF")
    expect(english.locator("html")).to_have_attribute("lang", "en")
    step("English")
    browser.close()
