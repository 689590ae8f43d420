"""The content model, declared once.

Everything else reads these declarations: the checker (check/fields.py), the skeletons of
`imc new`, the JSON Schema for editors, the CMS config, the «Предложить материал» form, the card
of a material and the «Поля метаданных» page. What each kind of value means (its check, schema,
editor widget, skeleton value, form input and display) is one class in kinds.py.
To add a field, add one `Field(...)` to a type below; nothing else needs editing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # a key of kinds.KINDS: str text slug date time year int bool url file school_year vocab ref list object scores
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
    editorial: bool = False  # filled by the service, not asked in the «Предложить материал» form


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
DATE = F("date", "date", "Дата публикации", required=True, schema="datePublished", editorial=True,
         help="В формате ГГГГ-ММ-ДД, например 2025-09-01.")
UPDATED = F("updated", "date", "Дата обновления", schema="dateModified", editorial=True)
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
RMO_REF = F("rmo", "ref", "РМО", ref="rmo", editorial=True, help="Код РМО, если материал связан с объединением.")
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
    schema="review", editorial=True,
)
REPLICATIONS = L(
    "replications",
    O("replication", "Внедрение",
      F("organisation", "ref", "Организация", ref="organisations", required=True),
      F("year", "year", "Год", min=1990, max=2100),
      F("note", "str", "Комментарий")),
    "Внедрено в организациях", editorial=True,
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
    editorial=True,
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

# Decisions of a meeting and their execution: shared by РМО and every body of data/structure.yml.
DECISION = O(
    "decision", "Решение",
    F("text", "text", "Решение", required=True, help="Что решили, одним-двумя предложениями."),
    L("responsible", F("person", "ref", "Ответственный", ref="people"), "Ответственные", required=True,
      min=1, help="Коды людей из data/people.yml; без согласия сайт покажет должность."),
    F("deadline", "date", "Срок исполнения", required=True,
      help="ГГГГ-ММ-ДД, не раньше даты заседания; для постоянных поручений — дата ближайшей проверки."),
    O("execution", "Исполнение",
      F("status", "vocab", "Статус", vocab="decision_statuses", required=True),
      F("date", "date", "Дата отметки"),
      F("note", "text", "Комментарий", help="Чем подтверждено исполнение или почему перенесено."),
      help="Заполняется, когда решение выполнено, перенесено или снято с контроля."),
)
DECISIONS = L("decisions", DECISION, "Решения", help="Решения заседания: текст, ответственные, срок.")
MEMBERS = L(
    "members",
    O("member", "Участник",
      F("person", "ref", "Участник", ref="people", required=True),
      F("role", "str", "Роль", required=True, help="Например: председатель, секретарь, член совета."),
      F("note", "str", "Примечание")),
    "Состав", help="Кто входит: код человека из data/people.yml и роль. Имя без согласия не показывается.",
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
    F("protocol", "str", "Протокол №", help="Номер протокола; в одном учебном году номера не повторяются."),
    L("materials", ATTACHMENT, "Материалы заседания"),
    DECISIONS,
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
            MEMBERS, ATTACHMENTS, UPDATED),
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

BODY = ContentType(
    name="body", label="Структура ММС", plural="Советы, группы и центры", folder="struktura",
    schema_type="Organization",
    fields=(TITLE, replace(DESCRIPTION, required=False),
            F("structure", "ref", "Звено структуры", ref="structure", required=True,
              help="Код из data/structure.yml: оттуда берутся вид, руководитель и «входит в»."),
            F("regulation", "ref", "Положение", ref="regulation",
              help="Код положения, по которому работает совет или группа."),
            F("school_year", "school_year", "Учебный год", help="Например 2025/2026."),
            MEMBERS,
            L("meetings", MEETING, "Заседания"),
            ATTACHMENTS, UPDATED),
    body="## Цели и задачи\n\nTODO: зачем создан совет (группа, центр) и чем занимается в этом году.\n",
)

TYPES: dict[str, ContentType] = {t.name: t for t in (PRACTICE, PRODUCT, RMO, REGULATION, EVENT, NEWS, PAGE,
                                                     BODY)}
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
    O("labels", "Как называются объединения",
      O("rmo", "Методические объединения",
        F("short", "str", "Сокращение", help="Например: РМО, ГМО, ШМО (по умолчанию РМО)."),
        F("full", "str", "Полностью, в единственном числе",
          help="Например: городское методическое объединение."),
        F("plural", "str", "Полностью, во множественном числе",
          help="Например: Городские методические объединения (так называется раздел сайта).")),
      help="Как служба называет свои объединения педагогов: в меню, заголовках, календаре, поиске, "
           "открытых данных."),
)

VOCABULARIES: dict[str, str] = {
    "subjects": "Предметы", "levels": "Уровни образования", "directions": "Направления",
    "material_types": "Виды материалов", "event_kinds": "Виды событий",
    "meeting_forms": "Формы заседаний", "review_statuses": "Статусы экспертизы",
    "review_bodies": "Кто проводит экспертизу", "regulation_statuses": "Статусы документов",
    "licences": "Лицензии", "org_types": "Типы организаций", "districts": "Округа (районы)",
    "platform_kinds": "Виды площадок", "body_kinds": "Виды структур ММС",
    "decision_statuses": "Исполнение решений",
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
