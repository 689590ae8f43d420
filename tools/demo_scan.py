"""Makes the demo's scanned attachment: a protocol page rendered to a picture and saved as a
PDF without a text layer, as a scanner gives it back (the build finds its words by OCR).

    .venv/bin/python tools/demo_scan.py
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

OUT = Path(__file__).resolve().parents[1] / \
    "docs/sobytiya/konkurs-metodicheskaya-nakhodka-2026/protokol-ochnoy-zashchity-skan.pdf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = [
    "ПРОТОКОЛ ОЧНОЙ ЗАЩИТЫ",
    "конкурса «Методическая находка — 2026», 6 ноября 2026 г.",
    "",
    "Присутствовали члены жюри: 7 человек из 9.",
    "Заслушано 19 выступлений финалистов в пяти номинациях.",
    "Особо отмечен палеографический практикум для уроков",
    "истории в 6 классе: работа рекомендована к публикации.",
    "Итоги переданы в управление образования для приказа.",
    "",
    "Председатель жюри        ____________ (подпись)",
]


def main() -> None:
    font = ImageFont.truetype(FONT, 34)
    img = Image.new("L", (1600, 120 + 52 * len(LINES) + 120), 248)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(LINES):
        draw.text((110, 110 + 52 * i), line, font=font, fill=25)
    draw.ellipse((1080, 560, 1330, 700), outline=90, width=4)  # a stamp
    img = img.rotate(0.4, fillcolor=248).filter(ImageFilter.GaussianBlur(0.6))
    img.save(OUT, "PDF", resolution=200.0)
    print(OUT)


if __name__ == "__main__":
    main()
