"""The search index in shards (imc.publish.search.Shards): a big bank's index is built in parts,
one pagefind process after another, and the search page merges them. Here the demo content is
built with shards small enough to split it, and searched side by side with the one-index demo
site in Chromium: the same queries must find the same pages, and the commonest word of the
demo must show results."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, run_imc, serve_dir
from imc.core.text import fold
from imc.publish.search import EVERY_RECORD, held, standalone_words, stems

SHARD_CHARS = 40_000  # the demo's indexed text is ~400 000 characters: several shards


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory) -> Path:
    """The demo content, built by the real `imc build` with `search_shard_chars` set."""
    root = tmp_path_factory.mktemp("sharded")
    for name in ("data", "overrides", "snippets", "docs"):
        shutil.copytree(ROOT / name, root / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - imc\n" in config  # the plugin without options: the option is added below
    config = config.replace("\n  - imc\n", f"\n  - imc:\n      search_shard_chars: {SHARD_CHARS}\n", 1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    out = root / "site"
    run_imc("build", "--site-dir", str(out), root=root, check=True)
    return out


def _entry(index: Path) -> dict:
    return json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))


def test_shards_are_listed_and_hold_every_page(sharded_site, demo_site):
    """Every shard the manifest names is an index of its own; together they hold as many
    records as the one index of the same content."""
    listed = json.loads((sharded_site / "pagefind" / "imc-shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(listed) >= 3, listed
    dirs = [sharded_site / "pagefind"] + [sharded_site / "pagefind" / s for s in listed]
    counts = [_entry(d)["languages"]["ru"]["page_count"] for d in dirs]
    assert all(c > 0 for c in counts), counts
    one = _entry(demo_site / "pagefind")["languages"]["ru"]["page_count"]
    assert sum(counts) == one, (counts, one)
    # a merged shard carries its data only: the runtime is the first shard's
    assert not list((sharded_site / "pagefind" / listed[0]).glob("*.js"))
    assert json.loads((demo_site / "pagefind" / "imc-shards.json").read_text(encoding="utf-8"))["shards"] == []


def commonest_word() -> str:
    """The most frequent word of five letters or more in the demo's Markdown (not hard-coded:
    whatever the demo says most often must be found)."""
    words: Counter = Counter()
    for md in (ROOT / "docs").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---", 1)[-1]
        words.update(w.lower() for w in re.findall(r"[А-Яа-яЁё]{5,}", text))
    return words.most_common(1)[0][0]


def _ready(page, url: str, query: str = "") -> None:
    page.goto(f"{url}/poisk/" + (f"?q={query}" if query else ""))
    sel = ".imc-search__results .imc-total, .imc-search__results .imc-search__empty" if query else \
        ".imc-search__results .imc-muted"
    page.wait_for_selector(sel, timeout=90_000)


def _shown(page) -> tuple[str, list[str]]:
    total = page.locator(".imc-search__results .imc-total, .imc-search__results .imc-search__empty").inner_text()
    return total, page.locator(".imc-search__results .imc-entry__title a").evaluate_all(
        "links => links.map((a) => a.getAttribute('href'))")


def test_commonest_word_of_the_demo_shows_results(page, site_url, sharded_site):
    word = commonest_word()
    server, sharded = serve_dir(sharded_site)
    try:
        for url in (site_url, sharded):
            _ready(page, url, word)
            total, links = _shown(page)
            assert re.match(r"Найдено: \d+", total), (url, word, total)
            assert links, (url, word)
    finally:
        server.shutdown()


# Words in every shard, words in a few («наставничество»: pagefind would answer the shards
# without it with the prefix «наставни…»), synonyms, abbreviations, two words, nothing.
QUERIES = ["урок", "практики", "наставника", "наставничество", "ФГОС", "ИОМ", "функциональная грамотность",
           "фотосинтез", "химия", "зюзюкальщина",
           # «-ый» is «-ыи» to pagefind's stemmer: «классныи» → «классны», which «классных»
           # («классн») is not; a shard with only that form answers with a shorter prefix
           "классный", "базовый", "образовательный"]


def _all_shown(page) -> tuple[str, list[str]]:
    """The count and every result's address, «Показать ещё» pressed until all are shown."""
    more = page.locator(".imc-search__results .imc-search__more")
    for _ in range(50):
        if not more.count():
            break
        n = page.locator(".imc-search__results .imc-entry").count()
        more.click()
        # done when the button is gone, or enabled again with more entries above it
        page.wait_for_function("n => { const m = document.querySelector('.imc-search__results .imc-search__more');"
                               " return !m || (!m.disabled && document.querySelectorAll("
                               "'.imc-search__results .imc-entry').length > n); }", arg=n)
    total, links = _shown(page)
    return total, sorted(links)


def test_shard_split_returns_the_same_results(page, site_url, sharded_site):
    """Every query shows the same count and the same pages from one index and from shards (the
    order may differ a little: each shard ranks with its own word statistics)."""
    server, sharded = serve_dir(sharded_site)
    try:
        found: dict[str, list] = {}
        for url in (site_url, sharded):
            for q in QUERIES + [commonest_word()]:
                _ready(page, url, q)
                found.setdefault(q, []).append(_all_shown(page))
        for q, (one, split) in found.items():
            extra = sorted(set(one[1]) ^ set(split[1]))
            assert one == split, (q, one[0], split[0], extra)
        assert sum(1 for v in found.values() if v[0][1]) >= len(QUERIES) - 2, found  # queries find pages
        assert not found["зюзюкальщина"][0][1]  # and one finds nothing, in both
    finally:
        server.shutdown()


def test_a_shard_holds_a_word_when_pagefind_finds_it_there_as_it_is():
    """pagefind stems after taking diacritics off: «образовательный» → «образовательны», which
    the stem of «образовательных» («образовательн») does not begin with, so a shard with only
    that form answers «образовательный» with a shorter prefix: not held. «маршрута» (stem
    «маршрут») is held where «маршрутный» is; «учет» where «учёт» is."""
    words = stems(["образовательный", "маршрута", "Учет", "индивидуальный"])
    assert words["образовательный"] == "образовательны"
    assert held({"образовательных", "маршрутныи", "учет"}, words) == {"маршрута", "учет"}
    assert held({"образовательныи", "индивидуальных"}, words) == {"образовательный"}


def test_the_search_page_stems_as_the_build_and_pagefind_stem(page, site_url):
    """imc.js checks a shard's first result with its own Russian Snowball stemmer: on every word
    of the demo it agrees with the one the build uses (snowballstemmer, as pagefind stems)."""
    words = set()
    for md in (ROOT / "docs").rglob("*.md"):
        words.update(w.lower() for w in re.findall(r"[А-Яа-яЁё]{2,}", md.read_text(encoding="utf-8")))
    assert len(words) > 3000, len(words)
    expected = stems(words)
    page.goto(f"{site_url}/poisk/")
    page.wait_for_function("() => typeof window.imcRuStem === 'function'")
    got = page.evaluate("words => words.map((w) => window.imcRuStem(w))", sorted(expected))
    wrong = [(w, e, g) for (w, e), g in zip(sorted(expected.items()), got) if e != g]
    assert not wrong, wrong[:20]


def test_the_manifest_lists_the_shards_of_the_synonyms_words(sharded_site):
    """Every word of the demo's synonyms that some shard holds is listed with its shards, and a
    word absent from a shard is not listed for it («образовательный» is missing from one)."""
    manifest = json.loads((sharded_site / "pagefind" / "imc-shards.json").read_text(encoding="utf-8"))
    synonyms = json.loads((sharded_site / "synonyms.json").read_text(encoding="utf-8"))
    words = {fold(w) for k, vs in synonyms.items() for v in [k, *vs] for w in v.split()}
    assert set(manifest["words"]) <= words and len(manifest["words"]) >= len(words) // 2, manifest["words"]
    every = ["s0"] + [s.rstrip("/") for s in manifest["shards"]]
    assert all(set(v) <= set(every) and v == sorted(v, key=every.index) for v in manifest["words"].values())
    assert any(len(v) < len(every) for v in manifest["words"].values()), manifest["words"]


def test_standalone_words_are_folded_as_the_search_page_folds_a_query():
    words = standalone_words('<p>Ёлка и <b>ФГОС_</b>: онлайн-встреча, 2026 год; ОО.</p><span>урок</span>')
    assert words == {"елка", "фгос_", "год", "урок"}  # no hyphenated, short or numeric words


def test_manifest_lists_words_common_to_every_shard(sharded_site, demo_site):
    """The words the search page takes as known without asking pagefind: every record holds the
    helper word, so it is common everywhere; a word is listed only if common in every shard."""
    one = json.loads((demo_site / "pagefind" / "imc-shards.json").read_text(encoding="utf-8"))
    split = json.loads((sharded_site / "pagefind" / "imc-shards.json").read_text(encoding="utf-8"))
    assert EVERY_RECORD in one["common"] and EVERY_RECORD in split["common"]
    assert len(split["common"]) < len(one["common"])  # small shards agree on fewer words
    assert "зюзюкальщина" not in one["common"]
    # a split index names the shards of every abbreviation (none on one index: nothing to choose)
    assert "abbreviations" not in one
    held = split["abbreviations"]
    assert 0 < len(held["иом_"]) < len(split["shards"]) + 1 and set(held["фгос_"]) <= {"s0", *(s.rstrip("/") for s in split["shards"])}


def test_facets_file_lists_each_value_s_records_by_their_ids(tmp_path):
    """The records as pagefind wrote them (fragments: gzipped, signed JSON) → which ids carry each
    filter value, numbers as differences; the shard filter is not a facet."""
    import gzip

    from imc.publish.search import SHARD_FILTER, facets_file, written_records
    frag = tmp_path / "fragment"
    frag.mkdir()
    records = {"ru_aaa": {"Предметы": ["Математика", "Физика"], SHARD_FILTER: ["s0"]},
               "ru_bbb": {"Предметы": ["Физика"]}, "ru_ccc": {"Предметы": ["Математика"], "Год": ["2026"]}}
    for rid, filters in records.items():
        body = json.dumps({"url": f"/{rid}/", "filters": filters, "content": "…"}).encode()
        (frag / f"{rid}.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd" + body))
    data = json.loads(gzip.decompress(facets_file(written_records(tmp_path))))
    assert data["ids"] == ["ru_aaa", "ru_bbb", "ru_ccc"]

    def ids(steps):  # as imc.js reads them
        out, n = [], 0
        for step in steps:
            n += step
            out.append(data["ids"][n])
        return out
    assert {name: {v: ids(s) for v, s in values.items()} for name, values in data["facets"].items()} == {
        "Предметы": {"Математика": ["ru_aaa", "ru_ccc"], "Физика": ["ru_aaa", "ru_bbb"]}, "Год": {"2026": ["ru_ccc"]}}
