"""Synthetic materials for the benchmark: varied Russian text that `imc check` accepts.

The prose comes from a word-level Markov chain trained on the repository's own demo
content (the Markdown under docs/ and the attachment texts in
tests/fixtures/make_demo_attachments.py), so sentences read like real methodical texts.
On top of that every material gets topical terms of its subject, place names, numbers
and dates, which give the index the long tail of rare words a real bank has.

Material number i is the same in every N (its random generator is seeded with i), so the
page of material 1 can be compared between N = 1 000 and N = 10 000.
"""
from __future__ import annotations

import importlib.util
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ATTACHMENTS_SCRIPT = ROOT / "tests" / "fixtures" / "make_demo_attachments.py"

# ------------------------------------------------------------------ the Markov chain

_SENT_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[«\"(]?[А-ЯЁA-Z0-9])")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ALLOWED = re.compile(r"^[0-9А-Яа-яЁёA-Za-z\s.,;:!?«»()%№–—\-/+·×=°²³']+$")
_BANNED = ("TODO", "imc ", "http", "www", ".md", ".yml", "@", "{", "}", "`", "<", ">", "|", "\\")


def _clean_markdown(text: str) -> str:
    """Plain prose from Markdown: no front matter, code, links, tables or markup."""
    if text.startswith("---\n"):
        text = text.split("\n---", 1)[-1]
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    lines = []
    for line in text.split("\n"):
        s = line.strip()
        if not s or s.startswith(("#", "|", ">", "!!!", "???", "*[", "---", "{:")):
            lines.append("")
            continue
        s = re.sub(r"^(?:[-*+]|\d+(?:\.\d+)*[.)])\s+", "", s)  # list markers, clause numbers
        lines.append(s)
    text = "\n".join(lines)
    text = _MD_LINK.sub(r"\1", text)
    return re.sub(r"\*\*|__|\*|_", "", text)


def _sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        for s in _SENT_SPLIT.split(para):
            s = s.strip()
            if (len(s.split()) >= 5 and s[-1] in ".!?" and _ALLOWED.match(s)
                    and not any(b in s for b in _BANNED)):
                out.append(s)
    return out


def training_sentences(root: Path = ROOT) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "docs").rglob("*.md"))]
    source = (root / ATTACHMENTS_SCRIPT.relative_to(ROOT)).read_text(encoding="utf-8")
    texts += re.findall(r'"""\n(.*?)"""', source, re.S)  # bodies of the demo attachments
    out: list[str] = []
    for t in texts:
        out += _sentences(_clean_markdown(t))
    return out


class Markov:
    """Order-2 word chain; sentences are drawn from it with a caller's random generator."""

    def __init__(self, sentences: list[str]):
        self.next: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.starts: list[tuple[str, str]] = []
        for s in sentences:
            words = s.split()
            self.starts.append((words[0], words[1]))
            for a, b, c in zip([""] + words, words, words[1:] + ["\0"]):
                self.next[(a, b)].append(c)
        self.vocabulary = {w.lower().strip(".,;:!?«»()") for s in sentences for w in s.split()}

    def sentence(self, rng: random.Random, max_words: int = 32) -> str:
        a, b = rng.choice(self.starts)
        words = [a, b]
        while len(words) < max_words:
            c = rng.choice(self.next.get((a, b), ["\0"]))
            if c == "\0":
                break
            words.append(c)
            a, b = b, c
        text = " ".join(words)
        text = text[0].upper() + text[1:].rstrip(",;:–—- ")
        if text[-1] not in ".!?":
            text += "."
        # quotes and brackets may be cut in the middle by the chain: close them
        if text.count("«") > text.count("»"):
            text = text[:-1] + "»" + text[-1]
        if text.count("(") > text.count(")"):
            text = text[:-1] + ")" + text[-1]
        return text.replace("»»", "»")


# ------------------------------------------------------------------ the long tail

TERMS = {  # topical terms per subject id of data/vocabularies.yml
    "russkiy-yazyk": ["причастный оборот", "деепричастие", "сложноподчинённое предложение", "орфограмма",
                      "пунктуационный анализ", "словообразование", "изложение", "синтаксический разбор",
                      "фразеологизм", "безударная гласная", "прямая речь", "однородные члены"],
    "literatura": ["«Капитанская дочка»", "лирический герой", "«Тарас Бульба»", "читательский дневник",
                   "басни Крылова", "«Записки охотника»", "эпитет", "литературная гостиная",
                   "«Уроки французского»", "сказы Бажова", "«Мёртвые души»", "стихотворение в прозе"],
    "matematika": ["квадратное уравнение", "обыкновенные дроби", "теорема Пифагора", "проценты",
                   "координатная плоскость", "подобие треугольников", "линейная функция", "вероятность",
                   "арифметическая прогрессия", "площадь многоугольника", "модуль числа", "диаграммы"],
    "informatika": ["алгоритм", "цикл с условием", "электронные таблицы", "Python", "Scratch",
                    "кодирование информации", "двоичная система", "базы данных", "сетевой этикет",
                    "кибербезопасность", "исполнитель Робот", "моделирование"],
    "fizika": ["закон Ома", "давление жидкости", "сила трения", "равноускоренное движение", "линза",
               "теплопроводность", "электромагнитная индукция", "закон Архимеда", "КПД", "маятник",
               "плотность вещества", "цифровая лаборатория"],
    "khimiya": ["окислительно-восстановительные реакции", "периодическая система", "индикаторы",
                "электролитическая диссоциация", "моль", "качественные реакции", "кристаллогидраты",
                "кислоты и основания", "валентность", "ионные уравнения", "растворимость", "химический диктант"],
    "biologiya": ["фотосинтез", "клеточное строение", "экосистема пруда", "гербарий", "пищевая цепь",
                  "микроскоп", "наследственность", "кровообращение", "лишайники", "транспирация",
                  "охраняемые растения", "фенологические наблюдения"],
    "geografiya": ["топографическая карта", "климатограмма", "азимут", "речной бассейн", "рельеф",
                   "население России", "природные зоны", "часовые пояса", "метеостанция", "ландшафт",
                   "краеведческий маршрут", "полезные ископаемые"],
    "istoriya": ["Куликовская битва", "Смутное время", "реформы Петра I", "Великая Отечественная война",
                 "исторический источник", "школьный музей", "летопись", "крепостное право",
                 "индустриализация", "Древняя Русь", "Бородинское сражение", "лента времени"],
    "obshchestvoznanie": ["Конституция", "права потребителя", "семейный бюджет", "гражданское общество",
                          "финансовая грамотность", "местное самоуправление", "избирательное право",
                          "рынок труда", "социальные нормы", "налоги", "правонарушение", "дебаты"],
    "angliyskiy-yazyk": ["Present Perfect", "диалог-расспрос", "аудирование", "лексика по теме «Семья»",
                         "Past Simple", "монологическое высказывание", "транскрипция", "письмо другу",
                         "модальные глаголы", "страноведение", "артикли", "чтение с пониманием"],
    "nachalnye-klassy": ["букварный период", "таблица умножения", "словарные слова", "окружающий мир",
                         "литературное чтение", "состав числа", "каллиграфия", "звуко-буквенный анализ",
                         "задачи на движение", "родной край", "техника чтения", "азбука"],
    "fizkultura": ["ГТО", "лёгкая атлетика", "подвижные игры", "лыжная подготовка", "баскетбол",
                   "гибкость", "осанка", "эстафета", "волейбол", "гимнастика", "челночный бег", "пульс"],
    "tekhnologiya": ["пришкольный участок", "3D-моделирование", "обработка древесины", "кулинария",
                     "чертёж", "робототехника", "выпиливание", "швейная машина", "проектная папка",
                     "лазерный станок", "теплица", "технологическая карта изделия"],
    "izo-muzyka": ["хоровое пение", "народный орнамент", "натюрморт", "гжельская роспись", "ритм",
                   "симфонический оркестр", "акварель", "музыкальная викторина", "пейзаж", "частушки",
                   "хохломская роспись", "композиция"],
    "osnovy-bezopasnosti": ["первая помощь", "эвакуация", "пожарная безопасность", "дорожное движение",
                            "гражданская оборона", "безопасность на воде", "тонкий лёд", "аптечка",
                            "сердечно-лёгочная реанимация", "чрезвычайная ситуация", "строевая подготовка",
                            "безопасность в интернете"],
    "doshkolnoe": ["сенсорное развитие", "сюжетно-ролевая игра", "развивающая среда", "утренний круг",
                   "ФЭМП", "пальчиковая гимнастика", "лэпбук", "логоритмика", "экспериментирование",
                   "адаптация к детскому саду", "мнемотаблицы", "театрализованная игра"],
    "vospitanie": ["«Разговоры о важном»", "классный час", "волонтёрство", "школьный театр",
                   "Движение первых", "семейные традиции", "патриотическое воспитание", "школьная служба медиации",
                   "экологический субботник", "день самоуправления", "трудовой десант", "акция"],
    "psikhologiya": ["тревожность", "адаптация пятиклассников", "буллинг", "профессиональное выгорание",
                     "эмоциональный интеллект", "конфликт", "мотивация учения", "диагностика",
                     "песочная терапия", "тренинг общения", "самооценка", "детско-родительские отношения"],
}

PLACE_ROOTS = ["Берёз", "Сосн", "Кедр", "Озёр", "Камен", "Липов", "Дубр", "Ключ", "Рыбн", "Полян",
               "Светл", "Красн", "Ольх", "Рябин", "Калин", "Малин", "Черёмух", "Ив", "Лугов", "Песч",
               "Горк", "Журавл", "Лебяж", "Медвед", "Вишн", "Ясен", "Грачёв", "Сокол", "Бобр", "Морош",
               "Клюкв", "Брусн", "Елов", "Пихт", "Тополь", "Черн", "Бел", "Зелен", "Холм", "Брод"]
PLACE_ENDS = ["овка", "ино", "ово", "ское", "енка", "ки", "ищи", "ец", "ый Яр", "ая Поляна", "ый Ключ",
              "иха", "уха", "ёво", "ичи"]
FORMS = ["урок-исследование", "квест", "проектная неделя", "мастерская", "деловая игра", "практикум",
         "кейс-урок", "урок-путешествие", "лабораторная работа", "клуб", "фестиваль", "марафон",
         "педагогическая мастерская", "сетевой проект", "выездная школа", "интенсив", "турнир"]
PRODUCT_KINDS = {
    "rabochaya-programma": "Рабочая программа", "konspekt-uroka": "Конспект урока",
    "sbornik-zadaniy": "Сборник заданий", "metodicheskie-rekomendatsii": "Методические рекомендации",
    "didakticheskie-materialy": "Дидактические материалы", "programma-kursa": "Программа курса",
    "stsenariy": "Сценарий", "prezentatsiya": "Презентация", "diagnostika": "Диагностика",
}
TEMPLATES = [
    "В {place} {form} по теме «{term}» провели в {grade} классе {n} раз за {season}.",
    "Доля учеников, которые справились с заданиями по теме «{term}», выросла с {p1} до {p2} %.",
    "Тему «{term}» ученики {grade} класса изучали на материале {place_gen} и окрестностей.",
    "За {season} {n} учеников подготовили проекты, связанные с темой «{term}».",
    "Первое занятие по теме «{term}» прошло {day} {month} {year} года, в нём участвовали {n} человек.",
    "Для разговора о теме «{term}» учитель использует карточки {n} видов и короткие видеофрагменты.",
    "Коллеги из {place_gen} повторили {form_acc} и рассказали о нём на заседании РМО.",
    "Диагностика в {month_prep} показала: {p1} % учеников уверенно объясняют, что такое «{term}».",
    "На {form_acc} отводится {n} минут; в {grade} классе удобнее делить работу на два урока.",
    "Итоговую работу по теме «{term}» выполнили {p2} % участников, средний балл — {score}.",
]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "сентября", "октября", "ноября", "декабря"]
MONTHS_PREP = ["сентябре", "октябре", "ноябре", "декабре", "январе", "феврале", "марте", "апреле", "мае"]
SEASONS = ["осень", "зиму", "весну", "учебный год", "четверть", "полугодие", "два года", "три месяца"]
FORM_ACC = {"квест": "квест", "клуб": "клуб", "фестиваль": "фестиваль", "марафон": "марафон",
            "турнир": "турнир", "практикум": "практикум", "интенсив": "интенсив", "кейс-урок": "кейс-урок",
            "урок-исследование": "урок-исследование", "урок-путешествие": "урок-путешествие"}

PAGE_WORDS = 330  # words on an A4 page of 12-point text
PRACTICE_SECTIONS = ("Проблема", "Идея", "Как это делается", "Результаты", "Ресурсы", "Как повторить")
PRODUCT_SECTIONS = ("Назначение", "Содержание", "Как использовать")
LEVEL_GRADES = {"noo": range(1, 5), "ooo": range(5, 10), "soo": range(10, 12)}


# ------------------------------------------------------------------ registries

@dataclass
class Registries:
    vocab: dict[str, list[str]]  # vocabulary name -> ids
    people: list[str]
    organisations: list[str]
    criteria: dict[str, int]  # id -> max score
    rmo: list[str]

    @classmethod
    def load(cls, root: Path) -> "Registries":
        def ids(name):
            return [str(e["id"]) for e in yaml.safe_load((root / "data" / name).read_text(encoding="utf-8"))]
        vocab = {k: [str(e["id"]) for e in v]
                 for k, v in yaml.safe_load((root / "data" / "vocabularies.yml").read_text(encoding="utf-8")).items()}
        crit = {str(e["id"]): int(e["max"])
                for e in yaml.safe_load((root / "data" / "criteria.yml").read_text(encoding="utf-8"))}
        rmo = sorted(p.name for p in (root / "docs" / "rmo").iterdir() if p.is_dir())
        return cls(vocab, ids("people.yml"), ids("organisations.yml"), crit, rmo)


# ------------------------------------------------------------------ one material

@dataclass
class Material:
    src: str  # praktiki/b-00001/index.md
    text: str  # the whole .md file
    attachments: list[tuple[str, str, str, str]] = field(default_factory=list)  # (src, title, subtitle, body)


def slug(i: int) -> str:
    return f"b-{i:05d}"


def _q(s: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _place(rng: random.Random) -> tuple[str, str]:
    """A village name and its genitive («Берёзовка», «Берёзовки»), roughly declined."""
    name = rng.choice(PLACE_ROOTS) + rng.choice(PLACE_ENDS)
    gen = {"овка": "овки", "енка": "енки", "ино": "ино", "ово": "ово", "ское": "ского", "ки": "ок",
           "иха": "ихи", "уха": "ухи", "ёво": "ёво", "ичи": "ичей", "ец": "ца"}
    for end, g in gen.items():
        if name.endswith(end):
            return name, name[: -len(end)] + g
    return name, name


class Generator:
    def __init__(self, registries: Registries, markov: Markov):
        self.reg = registries
        self.markov = markov

    def _filled(self, rng, subject: str, grade: int, place: tuple[str, str]) -> str:
        form = rng.choice(FORMS)
        return rng.choice(TEMPLATES).format(
            place=place[0], place_gen=place[1], term=rng.choice(TERMS[subject]), form=form,
            form_acc=FORM_ACC.get(form, "это занятие"), grade=grade, n=rng.randint(2, 48),
            p1=rng.randint(18, 55), p2=rng.randint(56, 96), season=rng.choice(SEASONS),
            day=rng.randint(1, 28), month=rng.choice(MONTHS), month_prep=rng.choice(MONTHS_PREP),
            year=rng.randint(2019, 2026), score=f"{rng.randint(9, 19)},{rng.randint(0, 9)}")

    def _paragraph(self, rng, subject, grade, place, sentences: int) -> str:
        parts = [self.markov.sentence(rng) for _ in range(sentences)]
        parts.insert(rng.randrange(len(parts) + 1), self._filled(rng, subject, grade, place))
        return " ".join(parts)

    def _body(self, rng, i: int, sections, subject, grade, place, words: int, link: bool) -> str:
        out: list[str] = []
        per_section = words // len(sections)
        for n, heading in enumerate(sections):
            out.append(f"## {heading}\n")
            written = 0
            while written < per_section:
                r = rng.random()
                if r < 0.15:  # a list
                    items = [self.markov.sentence(rng, 16) for _ in range(rng.randint(3, 6))]
                    marker = "1." if heading == "Как это делается" else "-"
                    block = "\n".join(f"{marker} {x}" for x in items)
                elif r < 0.2 and heading in ("Результаты", "Содержание"):  # a small table
                    rows = [f"| {rng.choice(TERMS[subject])} | {rng.randint(10, 60)} % | {rng.randint(40, 98)} % |"
                            for _ in range(rng.randint(3, 5))]
                    block = "| Показатель | Было | Стало |\n|---|---|---|\n" + "\n".join(rows)
                else:
                    block = self._paragraph(rng, subject, grade, place, rng.randint(2, 5))
                out.append(block + "\n")
                written += len(block.split())
            if link and n == len(sections) - 1 and i > 1 and rng.random() < 0.25:  # to an earlier material
                j = rng.randint(1, i - 1)
                out.append(f"Похожий опыт описан в материале [{slug(j)}](../../{folder_of(j)}/{slug(j)}/index.md).\n")
        return "\n".join(out)

    def material(self, i: int, attach_share: float, realistic: bool = False) -> Material:
        """realistic: attachments of 10–40 pages (~330 words a page, headed sections), as real
        programmes and collections are, instead of 1–2 pages."""
        rng = random.Random(f"imc-bench:{i}")
        reg = self.reg
        practice = folder_of(i) == "praktiki"
        subjects = rng.sample([s for s in reg.vocab["subjects"] if s in TERMS], rng.choice([1, 1, 1, 2]))
        subject = subjects[0]
        if subject == "doshkolnoe":
            levels, grades = ["do"], []
        else:
            levels = rng.sample(["noo", "ooo", "soo"], rng.choice([1, 1, 2]))
            pool = sorted(g for lv in levels for g in LEVEL_GRADES[lv])
            grades = sorted(rng.sample(pool, min(len(pool), rng.randint(1, 3))))
        grade = grades[0] if grades else 1
        place = _place(rng)
        term = rng.choice(TERMS[subject])
        year = rng.randint(2019, 2026)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        directions = rng.sample(reg.vocab["directions"], rng.choice([1, 1, 2]))
        if practice:
            title = f"{rng.choice(FORMS).capitalize()} «{term}» в {place[1]}"
            if grades:
                title += f" ({grades[0]}{'–' + str(grades[-1]) if len(grades) > 1 else ''} класс)"
        else:
            kind = rng.choice(reg.vocab["material_types"])
            title = f"{PRODUCT_KINDS.get(kind, 'Материал')} по теме «{term}»" + \
                (f" для {grades[0]} класса" if grades else " для дошкольников")
        description = self.markov.sentence(rng, 24)
        fm = [f"title: {_q(title)}", f"description: {_q(description)}"]
        if not practice:
            fm.append(f"material_type: {kind}")
        fm += [f"authors: [{', '.join(rng.sample(reg.people, rng.choice([1, 1, 2, 3])))}]",
               f"organisation: {rng.choice(reg.organisations)}",
               f"subjects: [{', '.join(subjects)}]", f"levels: [{', '.join(levels)}]"]
        if grades:
            fm.append(f"grades: [{', '.join(map(str, grades))}]")
        if practice or rng.random() < 0.5:
            fm.append(f"directions: [{', '.join(directions)}]")
        fm += [f"year: {year}", f"date: {date}",
               f"keywords: [{', '.join(_q(k) for k in rng.sample(TERMS[subject], 3))}]"]
        r = rng.random()
        if r < 0.45:
            status = "rekomendovana" if r < 0.35 else "otklonena"
            fm += ["review:", f"  status: {status}", "  body: metodsovet", f"  date: {date}",
                   f"  protocol: {_q(str(rng.randint(1, 12)))}",
                   f"  reviewers: [{', '.join(rng.sample(reg.people, 2))}]", "  scores:"]
            fm += [f"    {c}: {rng.randint(0, m)}" for c, m in reg.criteria.items()]
            fm.append(f"  decision: {_q(self.markov.sentence(rng, 28))}")
        elif r < 0.6:
            fm += ["review:", "  status: na-rassmotrenii", "  body: metodsovet"]
        if practice and rng.random() < 0.2:
            fm.append("replications:")
            for org in rng.sample(reg.organisations, rng.randint(1, 3)):
                fm += [f"  - organisation: {org}", f"    year: {min(2026, year + 1)}"]
        src = f"{folder_of(i)}/{slug(i)}/index.md"
        attachments = []
        if rng.random() < attach_share:
            for k in range(rng.choice([1, 1, 1, 2])):
                ext = rng.choice([".docx", ".pdf"])
                name = f"prilozhenie-{k + 1}{ext}"
                att_title = f"{rng.choice(['Конспект', 'Карточки', 'Задания', 'Памятка', 'Программа'])} по теме «{term}»"
                if realistic:
                    pages = rng.randint(10, 40)
                    sections = tuple(f"Раздел {s + 1}. {rng.choice(TERMS[subject])}" for s in range(pages // 2))
                    body = self._body(rng, i, sections, subject, grade, place, pages * PAGE_WORDS, link=False)
                else:
                    body = self._body(rng, i, ("Цели", "Ход работы", "Задания"), subject, grade, place,
                                      rng.randint(250, 450), link=False)
                attachments.append((f"{folder_of(i)}/{slug(i)}/{name}", att_title,
                                    f"{place[0]} · {year}", body))
            fm.append("attachments:")
            for a_src, a_title, _, _ in attachments:
                fm += [f"  - title: {_q(a_title)}", f"    file: {a_src.rsplit('/', 1)[1]}"]
        fm.append("licence: " + rng.choice(["cc-by-4", "cc-by-4", "cc-by-sa-4", "cc-by-nc-4"]))
        if rng.random() < 0.15:
            fm.append(f"rmo: {rng.choice(reg.rmo)}")
        words = rng.randint(520, 780)  # sections overshoot a little: 600–900 words in the end
        body = self._body(rng, i, PRACTICE_SECTIONS if practice else PRODUCT_SECTIONS, subject, grade,
                          place, words, link=True)
        text = "---\n" + "\n".join(fm) + "\n---\n\n" + body
        return Material(src, text, attachments)


def folder_of(i: int) -> str:
    """Practices and products alternate roughly 55 : 45, fixed per number."""
    return "praktiki" if random.Random(f"imc-bench-kind:{i}").random() < 0.55 else "kopilka"


# ------------------------------------------------------------------ attachment files

_demo = None


def _demo_module():
    """tests/fixtures/make_demo_attachments.py: its DOCX and PDF writers are reused as they are."""
    global _demo
    if _demo is None:
        spec = importlib.util.spec_from_file_location("make_demo_attachments", ATTACHMENTS_SCRIPT)
        _demo = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_demo)
    return _demo


def render_attachment(args: tuple[str, str, str, str]) -> bytes:
    src, title, subtitle, body = args
    demo = _demo_module()
    return demo.make_pdf(title, subtitle, body) if src.endswith(".pdf") else demo.make_docx(title, subtitle, body)
