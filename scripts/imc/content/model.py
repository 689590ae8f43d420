"""The content model, declared once.

Everything else reads these declarations: the checker (`fields.py`, `project.py`), the skeletons of
`imc new`, the JSON Schema for editors, the CMS config and the «Поля метаданных» page.
To add a field, add one `Field(...)` to a type below; nothing else needs editing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # str text date time year int bool url file school_year vocab ref list object scores
    label: str  # Russian, for forms and messages
    help: str = ""
    required: bool = False
    vocab: str = ""  # kind == "vocab": vocabulary name in data/vocabularies.yml
    ref: str = ""  # kind == "ref": collection name (organisations, people, rmo, regulation…)
    item: "Field | None" = None  # kind == "list"
    fields: tuple["Field", ...] = ()  # kind == "object"
    min: int | None = None  # int/year bounds, list length
    max: int | None = None
    example: Any = None
    schema: str = ""  # schema.org property this field maps to
    facet: str = ""  # URL slug of a catalogue facet built from this field
    generated: bool = False  # filled by the build, never written by hand


def F(name, kind, label, **kw) -> Field:
    return Field(name, kind, label, **kw)


def L(name, item: Field, label, **kw) -> Field:
    return Field(name, "list", label, item=item, **kw)


def O(name, label, *fields: Field, **kw) -> Field:
    return Field(name, "object", label, fields=tuple(fields), **kw)


@dataclass(frozen=True)
class ContentType:
    name: str  # practice, product, …
    label: str  # «Лучшая практика»
    plural: str  # «Лучшие практики»
    folder: str  # under docs/: praktiki
    fields: tuple[Field, ...]
    schema_type: str  # schema.org type
    sections: tuple[str, ...] = ()  # required H2 headings of the body («паспорт»)
    body: str = ""  # skeleton body for `imc new`
    catalogue: bool = False  # gets generated catalogue pages with facets

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def __reduce__(self):  # pickled by name: `item.type is model.PAGE` holds for items from the check workers
        return (content_type, (self.name,))


def content_type(name: str) -> ContentType:
    return TYPES[name]


@dataclass(frozen=True)
class Registry:
    name: str  # organisations
    label: str
    file: str  # under data/
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


# ---------------------------------------------------------------- shared fields

TITLE = F("title", "str", "Название", required=True, schema="name",
          help="Полное название по-русски, без кавычек-ёлочек в начале и точки в конце.")
DESCRIPTION = F("description", "str", "Краткое описание", required=True, schema="description",
                help="Одно-два предложения: о чём материал и кому он полезен.")
DATE = F("date", "date", "Дата публикации", required=True, schema="datePublished",
         help="В формате ГГГГ-ММ-ДД, например 2025-09-01.")
UPDATED = F("updated", "date", "Дата обновления", schema="dateModified")
AUTHORS = L("authors", F("author", "ref", "Автор", ref="people"), "Авторы", required=True, min=1,
            schema="author", help="Коды людей из data/people.yml. Имя показывается только с согласием.")
ORGANISATION = F("organisation", "ref", "Организация", ref="organisations", required=True,
                 schema="sourceOrganization", facet="organizaciya",
                 help="Код организации из data/organisations.yml.")
SUBJECTS = L("subjects", F("subject", "vocab", "Предмет", vocab="subjects"), "Предметы",
             schema="about", facet="predmet")
LEVELS = L("levels", F("level", "vocab", "Уровень", vocab="levels"), "Уровни образования",
           required=True, min=1, schema="educationalLevel", facet="uroven")
GRADES = L("grades", F("grade", "int", "Класс", min=1, max=11), "Классы",
           schema="educationalAlignment", help="Номера классов, например [5, 6].")
DIRECTIONS = L("directions", F("direction", "vocab", "Направление", vocab="directions"),
               "Направления", schema="keywords", facet="napravlenie")
YEAR = F("year", "year", "Год", required=True, min=1990, max=2100, schema="dateCreated",
         facet="god", help="Год создания материала.")
KEYWORDS = L("keywords", F("keyword", "str", "Ключевое слово"), "Ключевые слова", schema="keywords")
LICENCE = F("licence", "vocab", "Лицензия", vocab="licences", schema="license",
            help="Как можно использовать материал; по умолчанию CC BY 4.0.")
RMO_REF = F("rmo", "ref", "РМО", ref="rmo", help="Код РМО, если материал связан с объединением.")
ATTACHMENT = O(
    "attachment", "Вложение",
    F("title", "str", "Название файла", required=True),
    F("file", "file", "Файл", help="Путь относительно этого .md файла, например plan/urok.pdf."),
    F("url", "url", "Ссылка", help="Для видео и внешних ресурсов (вместо файла)."),
)
ATTACHMENTS = L("attachments", ATTACHMENT, "Вложения", schema="associatedMedia",
                help="Файлы DOCX, PDF, PPTX, XLSX, ODT, JPG, PNG до 20 МБ или ссылки на видео.")

REVIEW = O(
    "review", "Экспертиза",
    F("status", "vocab", "Статус", vocab="review_statuses", required=True, facet="status"),
    F("body", "vocab", "Кем рассмотрено", vocab="review_bodies", required=True),
    F("date", "date", "Дата решения"),
    F("protocol", "str", "Протокол №", help="Номер протокола, например 3."),
    L("reviewers", F("reviewer", "ref", "Эксперт", ref="people"), "Эксперты"),
    F("scores", "scores", "Баллы по критериям",
      help="Критерий: балл — по списку data/criteria.yml; сумму считает сайт."),
    F("decision", "text", "Заключение"),
    schema="review",
)
REPLICATIONS = L(
    "replications",
    O("replication", "Внедрение",
      F("organisation", "ref", "Организация", ref="organisations", required=True),
      F("year", "year", "Год", min=1990, max=2100),
      F("note", "str", "Комментарий")),
    "Внедрено в организациях",
    help="Школы и детские сады, которые переняли практику.",
)

# ---------------------------------------------------------------- content types

OCR = O(
    "ocr", "Текст распознан со скана",
    F("source", "str", "Скан, с которого распознан текст"),
    F("date", "date", "Когда распознан"),
    L("unsure", F("word", "str", "Слово"), "Слова, в которых программа распознавания не уверена",
      help="Сверьте их со сканом, исправьте в тексте и уберите из списка: пока слово здесь и в тексте, "
           "imc check напоминает о нём."),
    help="Заполняет imc import, когда текст получен распознаванием (OCR) скана или фотографии.",
)

PRACTICE = ContentType(
    name="practice", label="Лучшая практика", plural="Банк лучших практик", folder="praktiki",
    schema_type="LearningResource", catalogue=True,
    fields=(TITLE, DESCRIPTION, AUTHORS, ORGANISATION, SUBJECTS, LEVELS, GRADES,
            replace(DIRECTIONS, required=True, min=1),
            YEAR, DATE, UPDATED, KEYWORDS, REVIEW, REPLICATIONS, ATTACHMENTS, LICENCE, RMO_REF, OCR),
    sections=("Проблема", "Идея", "Как это делается", "Результаты", "Ресурсы", "Как повторить"),
    body=(
        "## Проблема\n\nTODO: какую трудность учеников или учителей решает практика.\n\n"
        "## Идея\n\nTODO: в чём суть, чем отличается от привычного.\n\n"
        "## Как это делается\n\nTODO: шаги, формы работы, роли.\n\n"
        "## Результаты\n\nTODO: что изменилось и чем это подтверждено (данные, работы, отзывы).\n\n"
        "## Ресурсы\n\nTODO: что нужно: время, оборудование, материалы.\n\n"
        "## Как повторить\n\nTODO: советы коллегам, типичные ошибки.\n"
    ),
)

PRODUCT = ContentType(
    name="product", label="Методический продукт", plural="Методическая копилка", folder="kopilka",
    schema_type="LearningResource", catalogue=True,
    fields=(TITLE, DESCRIPTION,
            F("material_type", "vocab", "Вид материала", vocab="material_types", required=True,
              schema="learningResourceType", facet="vid"),
            AUTHORS, ORGANISATION, SUBJECTS, LEVELS, GRADES, DIRECTIONS, YEAR, DATE, UPDATED,
            KEYWORDS, REVIEW, ATTACHMENTS, LICENCE, RMO_REF, OCR),
    body=(
        "## Назначение\n\nTODO: для кого материал и на каких уроках или занятиях он нужен.\n\n"
        "## Содержание\n\nTODO: из чего состоит материал.\n\n"
        "## Как использовать\n\nTODO: советы по применению.\n"
    ),
)

MEETING = O(
    "meeting", "Заседание",
    F("date", "date", "Дата", required=True, schema="startDate"),
    F("time", "time", "Время", help="ЧЧ:ММ, например 14:30."),
    F("topic", "str", "Тема", required=True, schema="name"),
    F("form", "vocab", "Форма", vocab="meeting_forms", required=True),
    F("organisation", "ref", "Место (организация)", ref="organisations", schema="location"),
    F("place", "str", "Место (уточнение)", help="Кабинет, адрес или «онлайн»."),
    L("speakers", F("speaker", "ref", "Выступающий", ref="people"), "Выступающие"),
    F("protocol", "str", "Протокол №"),
    L("materials", ATTACHMENT, "Материалы заседания"),
)

RMO = ContentType(
    name="rmo", label="РМО", plural="Районные методические объединения", folder="rmo",
    schema_type="Organization",
    fields=(TITLE, DESCRIPTION,
            F("subject", "vocab", "Предмет", vocab="subjects", facet="predmet"),
            L("levels", F("level", "vocab", "Уровень", vocab="levels"), "Уровни образования"),
            F("leader", "ref", "Руководитель", ref="people", required=True, schema="member"),
            F("organisation", "ref", "Базовая организация", ref="organisations"),
            F("members_count", "int", "Число участников", min=0, max=10000),
            F("school_year", "school_year", "Учебный год", required=True,
              help="Например 2025/2026."),
            F("theme", "str", "Методическая тема"),
            L("meetings", MEETING, "План заседаний", required=True, min=1),
            ATTACHMENTS, UPDATED),
    body=(
        "## Цели и задачи на учебный год\n\nTODO: цели и задачи объединения.\n\n"
        "## Анализ работы\n\nTODO: итоги года (заполняется в конце года).\n"
    ),
)

ORDER = O(
    "order", "Приказ об утверждении",
    F("number", "str", "Номер", required=True, schema="legislationIdentifier",
      help="Как в приказе, например 45-од."),
    F("date", "date", "Дата приказа", required=True, schema="legislationDate"),
    F("issuer", "str", "Кто утвердил", required=True, schema="legislationPassedBy",
      help="Например: Управление образования администрации муниципального округа."),
    schema="legislationIdentifier",
)

REGULATION = ContentType(
    name="regulation", label="Положение", plural="Документы", folder="dokumenty",
    schema_type="Legislation",
    fields=(TITLE, replace(DESCRIPTION, required=False),
            F("status", "vocab", "Статус", vocab="regulation_statuses", required=True,
              schema="legislationLegalForce"),
            ORDER,
            F("effective", "date", "Вступает в силу", schema="legislationDateVersion"),
            F("supersedes", "ref", "Заменяет редакцию", ref="regulation", schema="legislationChanges",
              help="Код положения, которое эта редакция заменяет."),
            F("changes", "text", "Что изменилось",
              help="Кратко: чем эта редакция отличается от прежней."),
            F("review_due", "date", "Пересмотреть до",
              help="После этой даты на странице появится отметка «требует пересмотра»."),
            F("original", "file", "Подлинник (скан или файл)"),
            UPDATED, OCR),
    body=(
        "## 1. Общие положения\n\n1.1. TODO: текст пункта.\n\n1.2. TODO: текст пункта.\n\n"
        "## 2. Цели и задачи\n\n2.1. TODO: текст пункта.\n"
    ),
)

EVENT = ContentType(
    name="event", label="Событие", plural="События", folder="sobytiya", schema_type="Event",
    fields=(TITLE, DESCRIPTION,
            F("kind", "vocab", "Вид события", vocab="event_kinds", required=True, facet="vid"),
            F("start", "date", "Начало", required=True, schema="startDate"),
            F("end", "date", "Окончание", schema="endDate"),
            F("time", "time", "Время начала"),
            F("organisation", "ref", "Место проведения", ref="organisations", schema="location"),
            F("place", "str", "Место (уточнение)"),
            F("online", "url", "Ссылка на трансляцию"),
            F("organiser", "ref", "Организатор", ref="organisations", schema="organizer"),
            F("audience", "str", "Для кого", schema="audience"),
            F("registration", "url", "Регистрация"),
            RMO_REF,
            F("results", "text", "Итоги", help="Заполняется после события."),
            ATTACHMENTS),
    body="## Программа\n\nTODO: программа события.\n",
)

NEWS = ContentType(
    name="news", label="Новость", plural="Новости", folder="novosti", schema_type="NewsArticle",
    fields=(TITLE, DESCRIPTION, DATE, ATTACHMENTS),
    body="TODO: текст новости.\n",
)

PAGE = ContentType(
    name="page", label="Страница", plural="Страницы", folder="", schema_type="WebPage",
    fields=(TITLE, replace(DESCRIPTION, required=False), UPDATED,
            F("hide", "list", "Скрыть элементы темы", item=F("part", "str", "Элемент")),
            F("render_macros", "bool", "Выполнять макросы",
              help="Только для страниц, перечисленных в mkdocs.yml (macros.force_render_paths).")),
)

COURSE = ContentType(
    name="course", label="Курс повышения квалификации", plural="Курсы повышения квалификации",
    folder="kursy", schema_type="Course", catalogue=True,
    fields=(TITLE, DESCRIPTION,
            F("provider", "ref", "Кто проводит", ref="organisations", required=True, schema="provider",
              help="Код организации ДПО (или другой) из data/organisations.yml."),
            F("hours", "int", "Объём, часов", required=True, min=0, max=2000, schema="timeRequired", example=36,
              help="Как в программе; у курса повышения квалификации — не меньше 16 часов."),
            F("format", "vocab", "Формат", vocab="course_formats", required=True, schema="courseMode",
              facet="format"),
            F("start", "date", "Начало", required=True, schema="startDate"),
            F("end", "date", "Окончание", required=True, schema="endDate"),
            F("place", "str", "Где проходят занятия", help="Адрес, аудитория или платформа."),
            SUBJECTS, replace(LEVELS, required=False, min=None), DIRECTIONS,
            L("positions", F("position", "vocab", "Должность", vocab="positions"), "Для кого (должности)",
              schema="audience", facet="dolzhnost"),
            F("cost", "vocab", "Оплата", vocab="course_costs", required=True, facet="oplata",
              help="За счёт бюджета или платно."),
            F("price", "int", "Стоимость, руб.", min=0, max=1000000, help="Только для платных курсов."),
            F("registration", "url", "Запись на курс"),
            F("registration_deadline", "date", "Записаться до",
              help="Не позже начала курса."),
            F("programme", "file", "Программа курса", help="PDF или DOCX рядом с этим файлом."),
            F("document", "vocab", "Документ по окончании", vocab="course_documents", required=True,
              schema="educationalCredentialAwarded"),
            F("participants_count", "int", "Сколько педагогов округа прошли курс", min=0, max=100000,
              help="Только число, без имён: заполняется после курса и попадает на страницу статистики."),
            replace(DATE, required=False, help="Когда курс объявлен на сайте, ГГГГ-ММ-ДД."),
            UPDATED, ATTACHMENTS),
    body="## Программа\n\nTODO: темы курса, формы занятий, итоговая аттестация.\n",
)

BOOK = ContentType(
    name="book", label="Книга", plural="Литература", folder="knigi", schema_type="Book", catalogue=True,
    fields=(TITLE,
            F("subtitle", "str", "Сведения к заглавию", help="Как на титуле: учебник, методическое пособие…"),
            replace(DESCRIPTION, label="Аннотация", help="Два-три предложения: о чём книга и кому полезна."),
            F("kind", "vocab", "Вид издания", vocab="book_kinds", required=True, facet="vid"),
            L("authors", F("author", "str", "Автор"), "Авторы", schema="author",
              help="Фамилия и инициалы, как на титульном листе: Иванова М. П. Имена авторов изданных книг "
                   "публичны и в data/people.yml не вносятся."),
            F("responsibility", "str", "Другие сведения об ответственности",
              help="Например: под редакцией А. В. Петрова."),
            F("edition", "str", "Сведения об издании", schema="bookEdition", help="Например: 2-е изд., перераб."),
            F("place", "str", "Место издания", required=True, schema="locationCreated",
              help="Город полностью: Москва, Санкт-Петербург."),
            F("publisher", "str", "Издательство", required=True, schema="publisher"),
            replace(YEAR, label="Год издания", help="Год на титуле."),
            F("pages", "int", "Страниц", min=1, max=10000, schema="numberOfPages"),
            F("isbn", "str", "ISBN", schema="isbn", help="13 или 10 цифр, можно с дефисами: 978-5-…"),
            F("book_format", "vocab", "Формат издания", vocab="book_formats", required=True,
              schema="bookFormat"),
            SUBJECTS, replace(LEVELS, required=False, min=None), GRADES,
            F("library", "str", "В библиотеке ИМЦ",
              help="Где взять: шифр, абонемент, число экземпляров. Пусто — в библиотеке нет."),
            F("url", "url", "Электронная версия", help="Адрес, где книгу можно читать законно."),
            replace(DATE, label="Дата поступления", help="Когда книга поступила в библиотеку или "
                    "появилась в обзоре, ГГГГ-ММ-ДД: по ней книга попадает в «Новинки» месяца."),
            UPDATED),
    body="TODO: отзыв методиста — чем книга полезна учителю (можно удалить).\n",
)

TYPES: dict[str, ContentType] = {t.name: t for t in (PRACTICE, PRODUCT, RMO, REGULATION, EVENT, NEWS, PAGE, COURSE, BOOK)}
BY_FOLDER: dict[str, ContentType] = {t.folder: t for t in TYPES.values() if t.folder}

# ---------------------------------------------------------------- registries (data/)

ID = F("id", "slug", "Код", required=True, help="Латиницей, строчными, через дефис: sosh-3.")

REGISTRIES: dict[str, Registry] = {r.name: r for r in (
    Registry("organisations", "Организации", "organisations.yml", (
        ID, F("name", "str", "Полное название", required=True),
        F("short_name", "str", "Краткое название", required=True),
        F("type", "vocab", "Тип", vocab="org_types", required=True),
        F("district", "vocab", "Округ (район)", vocab="districts", required=True),
        F("site", "url", "Сайт"), F("address", "str", "Адрес"),
    )),
    Registry("people", "Люди", "people.yml", (
        ID, F("name", "str", "Фамилия Имя Отчество", required=True),
        F("position", "str", "Должность", required=True),
        F("organisation", "ref", "Организация", ref="organisations"),
        F("consent", "bool", "Согласие на публикацию имени", required=True,
          help="true — имя можно показывать; false — вместо имени сайт покажет должность."),
    )),
    Registry("platforms", "Площадки", "platforms.yml", (
        ID, F("title", "str", "Название", required=True),
        F("kind", "vocab", "Вид площадки", vocab="platform_kinds", required=True),
        F("organisation", "ref", "Организация", ref="organisations", required=True),
        F("theme", "str", "Тема", required=True),
        F("start", "year", "Год начала", min=1990, max=2100, required=True),
        F("end", "year", "Год окончания", min=1990, max=2100),
        F("order", "str", "Приказ о создании"),
        L("subjects", F("subject", "vocab", "Предмет", vocab="subjects"), "Предметы"),
        F("description", "text", "Описание"),
    )),
    Registry("structure", "Структура ММС", "structure.yml", (
        ID, F("title", "str", "Название", required=True),
        F("kind", "vocab", "Вид", vocab="body_kinds", required=True),
        F("parent", "ref", "Входит в", ref="structure"),
        F("leader", "ref", "Руководитель", ref="people"),
        F("description", "text", "Чем занимается"),
        F("page", "str", "Страница на сайте", help="Путь к странице, например rmo/index.md."),
    )),
    Registry("criteria", "Критерии экспертизы", "criteria.yml", (
        ID, F("title", "str", "Критерий", required=True),
        F("max", "int", "Максимальный балл", required=True, min=1, max=100),
        F("description", "text", "Что оценивается"),
    )),
)}

# Site settings: one object, not a list.
SITE_FIELDS: tuple[Field, ...] = (
    F("name", "str", "Краткое название", required=True),
    F("full_name", "str", "Полное название учреждения", required=True),
    F("municipality", "str", "Муниципалитет", required=True),
    F("region", "str", "Регион"),
    F("address", "str", "Адрес"),
    F("email", "str", "Электронная почта"),
    F("phone", "str", "Телефон"),
    F("url", "url", "Адрес сайта"),
    F("about", "text", "О службе в двух словах"),
    F("metrika", "int", "Номер счётчика Яндекс Метрики (по умолчанию выключено)"),
    F("repo", "url", "Репозиторий сайта на GitHub — для кнопки «Редактировать» на страницах"),
    F("branch", "str", "Ветка репозитория (по умолчанию main)"),
)

VOCABULARIES: dict[str, str] = {
    "subjects": "Предметы", "levels": "Уровни образования", "directions": "Направления",
    "material_types": "Виды материалов", "event_kinds": "Виды событий",
    "meeting_forms": "Формы заседаний", "review_statuses": "Статусы экспертизы",
    "review_bodies": "Кто проводит экспертизу", "regulation_statuses": "Статусы документов",
    "licences": "Лицензии", "org_types": "Типы организаций", "districts": "Округа (районы)",
    "platform_kinds": "Виды площадок", "body_kinds": "Виды структур ММС",
    "course_formats": "Форматы курсов", "course_costs": "Оплата курсов",
    "course_documents": "Документы об окончании курсов", "positions": "Должности",
    "book_kinds": "Виды изданий", "book_formats": "Форматы изданий",
}

# Attachments: what may be attached, how large, what its first bytes must be.
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("PDF", (b"%PDF-",)),
    ".docx": ("Документ Word", (b"PK\x03\x04",)),
    ".pptx": ("Презентация PowerPoint", (b"PK\x03\x04",)),
    ".xlsx": ("Таблица Excel", (b"PK\x03\x04",)),
    ".odt": ("Документ ODF", (b"PK\x03\x04",)),
    ".odp": ("Презентация ODF", (b"PK\x03\x04",)),
    ".jpg": ("Изображение JPEG", (b"\xff\xd8\xff",)),
    ".jpeg": ("Изображение JPEG", (b"\xff\xd8\xff",)),
    ".png": ("Изображение PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".svg": ("Рисунок SVG", (b"<svg", b"<?xml")),
    ".txt": ("Текст", ()),
    ".zip": ("Архив ZIP", (b"PK\x03\x04",)),
}
MAX_ATTACHMENT_MB = 20

LEGAL_FORCE = {  # regulation status id -> schema.org LegalForceStatus
    "deystvuet": "https://schema.org/InForce",
    "utratilo-silu": "https://schema.org/NotInForce",
    "proekt": "https://schema.org/NotInForce",
}


def iter_fields(fields: tuple[Field, ...], prefix: str = ""):
    """Every field with its dotted path, depth first (for references and docs)."""
    for f in fields:
        path = f"{prefix}{f.name}"
        yield path, f
        if f.kind == "object":
            yield from iter_fields(f.fields, path + ".")
        if f.kind == "list" and f.item is not None and f.item.kind == "object":
            yield from iter_fields(f.item.fields, path + "[].")


def facets(ctype: ContentType) -> list[tuple[str, Field]]:
    """(dotted path, field) of every field that a catalogue filters by."""
    out = []
    for path, f in iter_fields(ctype.fields):
        target = f.item if f.kind == "list" and f.item is not None else f
        if f.facet:
            out.append((path, f))
        elif target is not f and target.facet:
            out.append((path, target))
    return out
