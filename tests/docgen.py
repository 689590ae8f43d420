"""Documents made in the tests the way an ИМЦ's old files are made: a положение as a text PDF
(a running header, page numbers in the footer, words hyphenated at line ends, the approval
stamp in the top right corner), as a scan (the page rendered to an image and wrapped in a
PDF), as ODT and RTF. The text is written for these tests.
"""
from __future__ import annotations

import io
from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

TITLE = "ПОЛОЖЕНИЕ О ШКОЛЬНОМ МЕТОДИЧЕСКОМ КАБИНЕТЕ"
STAMP = ["УТВЕРЖДЕНО", "приказом управления образования", "от 12.03.2024 № 31-од"]
BODY = [
    "1. Общие положения",
    "1.1. Настоящее положение определяет назначение, задачи и порядок работы школьного "
    "методического кабинета (далее — кабинет) общеобразовательной организации.",
    "1.2. Кабинет является структурным подразделением методической службы школы и действует "
    "на основании годового плана, утверждённого директором.",
    "1.3. Руководство кабинетом осуществляет заместитель директора по учебно-воспитательной "
    "работе, который отвечает за состояние фонда и своевременность консультаций.",
    "2. Задачи кабинета",
    "2.1. Кабинет решает следующие задачи:",
    "- сопровождение педагогов в освоении обновлённых образовательных стандартов;",
    "- накопление и систематизация методических материалов учителей-предметников;",
    "- организация консультаций для молодых специалистов и наставников.",
    "2.2. Кабинет ведёт электронный каталог разработок, доступный всем педагогам школы.",
    "2.3. Кабинет готовит ежегодную выставку педагогических находок к августовскому совещанию.",
    "3. Организация работы",
    "3.1. Кабинет работает по расписанию, согласованному с графиком учебных занятий.",
    "3.2. Консультации проводятся индивидуально и в группах по предварительной записи.",
    "3.3. Материалы кабинета выдаются педагогам на срок не более одного месяца.",
    "3.4. Сведения о работе кабинета ежеквартально представляются методическому совету.",
    "4. Заключительные положения",
    "4.1. Изменения в положение вносятся приказом директора по представлению методического совета.",
    "4.2. Положение действует до принятия новой редакции.",
]
HEADER = "Положение о школьном методическом кабинете"


def words_of(lines: list[str]) -> list[str]:
    import re
    return re.findall(r"[^\W\d_]+", " ".join(lines).lower().replace("ё", "е"))


def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    return "DejaVu"


def _wrap(text: str, width: float, size: float, font: str) -> list[str]:
    """Lines of a paragraph; a long word that does not fit is hyphenated, as Word does."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if stringWidth(candidate, font, size) <= width:
            line = candidate
            continue
        if len(word) >= 9 and "-" not in word:  # «образова-» / «тельной»
            for cut in range(len(word) - 4, 3, -1):
                head = f"{line} {word[:cut]}-".strip()
                if word[cut - 1] in "аеёиоуыэюя" and stringWidth(head, font, size) <= width:
                    lines.append(head)
                    line = word[cut:]
                    break
            else:
                lines.append(line)
                line = word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def text_pdf(path: Path, body: list[str] = BODY, size: float = 11) -> Path:
    """A text PDF of several pages with a running header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    font = _font()
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    page = 1

    def furniture():
        c.setFont(font, 8)
        c.drawCentredString(w / 2, h - 30, HEADER)
        c.drawCentredString(w / 2, 30, f"— {page} —")
        c.setFont(font, size)

    furniture()
    y = h - 70
    c.setFont(font, size)
    for line in STAMP:  # top right, beside the start of the title block
        c.drawRightString(w - 60, y, line)
        y -= size * 1.4
    y -= size
    c.drawCentredString(w / 2, y, TITLE)
    y -= size * 2.5
    for para in body:
        for line in _wrap(para, w - 140, size, font):
            if y < 70:
                c.showPage()
                page += 1
                furniture()
                y = h - 70
            c.drawString(70, y, line)
            y -= size * 1.45
        y -= size * 0.5
    c.showPage()
    c.save()
    return path


def page_image(lines: list[str], size: int = 30, width: int = 1700):
    """One page of text as a grey-scale picture (what a scanner gives back)."""
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype(FONT, size)
    draw_lines: list[str] = []
    for para in lines:
        draw_lines += _wrap_pil(para, width - 160, font)
    img = Image.new("L", (width, 120 + int(size * 1.5) * len(draw_lines) + 80), 255)
    d = ImageDraw.Draw(img)
    y = 100
    for line in draw_lines:
        d.text((80, y), line, font=font, fill=0)
        y += int(size * 1.5)
    return img


def _wrap_pil(text: str, width: int, font) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


def scanned_pdf(path: Path, lines: list[str], size: int = 30) -> Path:
    """A PDF whose only content is a picture of the page: no text layer."""
    page_image(lines, size).save(path, "PDF", resolution=200.0)
    return path


def odt(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P
    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text=TITLE))
    for para in paragraphs:
        doc.text.addElement(P(text=para))
    if table:
        t = Table(name="t1")
        t.addElement(TableColumn(numbercolumnsrepeated=len(table[0])))
        for row in table:
            tr = TableRow()
            for cell in row:
                tc = TableCell()
                tc.addElement(P(text=cell))
                tr.addElement(tc)
            t.addElement(tr)
        doc.text.addElement(t)
    doc.save(str(path))
    return path


def rtf(path: Path, paragraphs: list[str]) -> Path:
    """RTF as Word writes Cyrillic: \\'xx escapes in Windows-1251 and \\uN for the rest."""
    def esc(s: str) -> str:
        out = io.StringIO()
        for ch in s:
            if ch in "\\{}":
                out.write("\\" + ch)
            elif ord(ch) < 128:
                out.write(ch)
            else:
                try:
                    out.write("\\'%02x" % ch.encode("cp1251")[0])
                except UnicodeEncodeError:
                    out.write("\\u%d?" % ord(ch))
        return out.getvalue()
    body = "".join(r"{\pard " + esc(p) + r"\par}" + "\n" for p in [TITLE, *paragraphs])
    path.write_text(r"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0 Times New Roman;}}" + "\n" + body + "}",
                    encoding="ascii")
    return path
