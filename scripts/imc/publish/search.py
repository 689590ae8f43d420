"""The search index: pagefind, fed page by page while the site is still being rendered.

Everything about the index happens outside the process that renders the site: a child
process (IndexerProcess) prepares each page for the index, feeds pagefind's own indexer
(another process), and extracts the text of attachments. mkdocs hands each page over as
soon as its content exists, so indexing runs on the second core while mkdocs renders on
the first, and nothing is read back from disk afterwards.

pagefind keeps the whole index in memory until it writes it (about 450 bytes per indexed word),
so on a big bank the index is built in shards, one after another: when a shard has taken
SHARD_CHARS characters of text, it is written and its pagefind process ends, and the next shard
starts empty. The first shard is /pagefind/ itself, the others /pagefind/s1/, /pagefind/s2/…,
listed in /pagefind/imc-shards.json; the search page merges them with pagefind's `mergeIndex`
(one runtime and one WebAssembly module for all). Memory is bounded by the shard, not the bank.
"""
from __future__ import annotations

import asyncio
import atexit
import gzip
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import threading
from bisect import bisect_left
from collections import Counter
from concurrent.futures import Future
from functools import cache
from pathlib import Path

import pagefind.service
from imc.core.problems import ImcError
from imc.core.text import fold  # as imc.js folds a query word: lower case, ё → е
from pagefind.index import IndexConfig, PagefindIndex

# Characters of indexed text per shard (HTML of the indexed part of pages, attachment text).
# pagefind holds ~38 bytes per character until it writes (measured at N = 1 000: 530 MB for
# ~14 M characters): ~1.4 GB a shard, the rest of the build stays under 3 GB at 10 000.
SHARD_CHARS = 36_000_000
SHARDS_FILE = "imc-shards.json"
FACETS_FILE = "imc-facets.json.gz"

# Russian stemming cuts short abbreviations down to nothing: «ИОМ» → «и», «ДОУ» → «до»,
# «ГИА» → «ги», and then a search for «ИОМ» finds every word beginning with «и». Written in
# capitals, an abbreviation goes to the index with a trailing «_» (a word character for pagefind,
# and no Russian ending), so it stays whole: «ИОМ_». A search for «иом» still finds «ИОМ_» when its
# stem is intact, as pagefind matches beginnings of words. imc.js marks abbreviations in a query
# the same way (ABBR_WORD there) and takes the mark off what it shows.
# (The lookbehind comes after the first letter: a search then skips quickly to the next capital.)
_ABBR = r"[А-ЯЁ](?<!\w[А-ЯЁ])[А-ЯЁ]{1,5}(?!\w)"
ABBR = re.compile(_ABBR)


def protect_abbreviations(text: str, found: set[str] | None = None) -> str:
    """«по ФГОС и ИОМ» → «по ФГОС_ и ИОМ_» (only for the index, never for the page);
    `found` collects the abbreviations met («ФГОС», «ИОМ»)."""
    if found is None:
        return ABBR.sub(r"\g<0>_", text)
    return ABBR.sub(lambda m: _mark(m.group(0), found), text)


def _mark(word: str, found: set[str] | None) -> str:
    if found is not None:
        found.add(word)
    return word + "_"


_JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
_HIDDEN_FILTER = re.compile(r"<span hidden (data-pagefind-filter=\"[^\"]*\")>")
_HIDDEN_META = re.compile(r"(<span hidden data-pagefind-meta=\"[^\"]*\">[^<]*</span>)")
_CELL_END = re.compile(r"(</(?:dt|dd|th|td|li|caption)>)")


def index_html(html: str, found: set[str] | None = None) -> str:
    """The copy of a page that goes to the index (the page itself is not changed): only its
    indexed part (pagefind skips the theme's header, menus and footer anyway, and parsing and
    piping them cost as much as the content); abbreviations protected; hidden filter values
    are facets, not text (pagefind would glue them to the text before: «ОГЭ и ВПРРМОМатематика»);
    hidden meta values and a card's term and value are separate words («РуководительМаркова»).
    `found` collects the abbreviations protected."""
    start = html.find("<div data-pagefind-body")
    if start >= 0:
        end = html.find("</article>", start)  # a whole page; the plugin sends the content only
        html = ('<!doctype html><html lang="ru"><head><meta charset="utf-8"></head><body>'
                + html[start:end if end > start else len(html)] + "</body></html>")
    html = _JSON_LD.sub("", html)  # pagefind skips scripts anyway; no need to pipe and parse them
    # a heading's permalink «#» is not a word of the page («Наставники#» in a result)
    html = html.replace('<a class="headerlink" ', '<a class="headerlink" data-pagefind-ignore ')
    html = _HIDDEN_FILTER.sub(r"<span hidden \1 data-pagefind-ignore>", html)
    html = _HIDDEN_META.sub(r" \1 ", html)
    html = _CELL_END.sub(r"\1 ", html)
    return _PROTECT.sub(lambda m: _protect(m, found), html)


# One pass over the page: a filter's tag with its value (kept: values are facets), any other
# tag (kept), or an abbreviation in the text (protected).
_PROTECT = re.compile(r"(<[^>]*data-pagefind-filter[^>]*>[^<]*)|<[^>]*>|" + _ABBR)


def _protect(m: re.Match, found: set[str] | None = None) -> str:
    s = m.group(0)
    return s if s[0] == "<" else _mark(s, found)


class _NoPollDelay:
    """pagefind's Python service sleeps 0.1 s before reading each response from its
    subprocess (pagefind 1.5: `_wait_for_responses`), so every page costs ≥ 100 ms and
    10 000 pages ≥ 17 minutes. `readuntil` already waits for data: the sleep only yields."""

    def __getattr__(self, name):
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay, result=None):
        return await asyncio.sleep(0, result)

    @staticmethod
    async def create_subprocess_exec(*args, **kwargs):
        # pagefind's binary dies with the indexer, even when the indexer is killed: a build
        # killed with -9 must not leave it writing into the unfinished site for minutes
        from imc.core.orphans import load_prctl, preexec_die_with_parent
        load_prctl()  # looked up here: between fork and exec only the C call runs
        return await asyncio.create_subprocess_exec(*args, preexec_fn=preexec_die_with_parent, **kwargs)


pagefind.service.asyncio = _NoPollDelay()


class _AlreadyWritten(Exception):
    """Passed to PagefindIndex.__aexit__ so that it only stops the service."""


# Every record names its shard in a filter the search page does not show: pagefind looks for a
# word missing from an index under the word's longest prefix that is there («кристаллогидраты»
# → «кристалл»), and with shards it does so in each shard without the word. The search page asks
# which shards hold a word exactly (this filter's counts) and keeps the others out of its query.
SHARD_FILTER = "imc-shard"

# One word every record holds, first in its text (assets/imc.js: EVERY_RECORD): a search by
# filters alone («Математика», no words) asks for this word with the filters. pagefind's own
# search without words reads every chunk of the index (27 MB at 10 000 materials); this word's
# chunk is a few dozen KB a shard. imc.js takes it out of the excerpts it shows.
EVERY_RECORD = "imcvse"


def _tag_shard(html: str, shard: str) -> str:
    # the shard's name is a facet, not a word of the text (else «s0» glues to the next word)
    tag = f'<span hidden data-pagefind-filter="{SHARD_FILTER}" data-pagefind-ignore>{shard}</span><p>{EVERY_RECORD}</p>'
    start = html.find("<div data-pagefind-body")
    if start < 0:
        start = html.find("<body")
    end = html.find(">", start) if start >= 0 else -1
    return html[:end + 1] + tag + html[end + 1:] if end >= 0 else tag + html


def _wait_for_entry(index: Path, seconds: float = 30.0) -> None:
    """The service is stopped only once the index it wrote reads whole: a shard closed while a
    loaded machine still flushed its files once left an empty pagefind-entry.json behind."""
    import time
    deadline = time.monotonic() + seconds
    while True:
        try:
            json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
            return
        except (OSError, ValueError):
            if time.monotonic() > deadline:
                raise ImcError(f"поисковый индекс в {index} записан не полностью: соберите сайт ещё раз") from None
            time.sleep(0.05)


# The search page checks that pagefind knows a query word before trusting its answer (it falls
# back to the word's longest known prefix), and on a split index which shards hold it: two or
# more searches, each scoring every record that holds the word, which for the commonest words of
# a big bank is most of the wait. Words standing alone in at least COMMON_SHARE of a shard's
# first COMMON_SAMPLE pages are known as they are: the manifest lists them, the page skips the
# checks for them.
COMMON_SAMPLE = 300
COMMON_SHARE = 0.05  # 15 of 300: any word of the sample is there as it is; the share only bounds the list
_TAGS = re.compile(r"<[^>]*>")
_STANDALONE = re.compile(r"(?<![\w-])[^\W\d_]{3,}_?(?![\w-])")


# A Russian or Latin word of three letters or more, in text or HTML (a tag's name is a harmless
# extra word); as written: only the distinct ones are folded (a class of letters, not \w, and no
# lower() of the whole text: 0.9 s instead of 5 s for a shard's 36 M characters).
_WORD = re.compile(r"[А-Яа-яЁёA-Za-z]{3,}")


# pagefind takes diacritics off before it stems, in the index and in a query: «й» → «и»
# («образовательный» → «образовательныи» → «образовательны», which «образовательных», stemmed to
# «образовательн», does not begin with).
_PLAIN = str.maketrans("йё", "ие")


def plain(text: str) -> str:
    return text.lower().translate(_PLAIN)


@cache
def _stemmer():
    import snowballstemmer
    return snowballstemmer.stemmer("russian")


def stems(words) -> dict[str, str]:
    """Each folded word → its stem as pagefind stems it (Russian Snowball, after `plain`)."""
    stemmer = _stemmer()
    return {fold(w): stemmer.stemWord(plain(w)) for w in words}


def held(vocabulary: set[str], stemmed: dict[str, str]) -> set[str]:
    """The words pagefind finds as they are in an index of this vocabulary (its words as written):
    those whose stem begins the stem of one of its words. For the others it would answer with a
    shorter prefix. A stem only cuts an ending, so only words beginning with it are stemmed."""
    stemmer = _stemmer()
    ordered = sorted({plain(w) for w in vocabulary})
    out = set()
    for word, stem in stemmed.items():
        i = bisect_left(ordered, stem)
        while i < len(ordered) and ordered[i].startswith(stem):
            if stemmer.stemWord(ordered[i]).startswith(stem):
                out.add(word)
                break
            i += 1
    return out


def standalone_words(html: str) -> set[str]:
    """The folded words of an index copy, hyphenated and glued ones left out (pagefind splits
    them its own way)."""
    return {fold(w) for w in _STANDALONE.findall(_TAGS.sub(" ", html))}


class SearchIndexer:
    def __init__(self, language: str = "ru", shard: str = "s0", vocabulary: bool = False):
        """vocabulary: keep every distinct word of the shard as written (see Shards.words)."""
        self.language = language
        self.shard = shard
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._pending: list[Future] = []
        self._batch: list[tuple[str, str]] = []
        config = IndexConfig(force_language=language, keep_index_url=False)
        self._index = self._run(PagefindIndex(config=config).__aenter__())
        self.pages = 0
        self.records = 0
        self.chars = 0  # text handed to pagefind: what its memory grows with
        self.sampled = 0
        self.word_pages: Counter[str] = Counter()
        self.abbreviations: set[str] = set()  # every protected abbreviation of this shard
        self.vocabulary: set[str] | None = set() if vocabulary else None

    def _sample(self, text: str, abbreviations: set[str]) -> None:
        self.abbreviations.update(fold(a) + "_" for a in abbreviations)
        if self.vocabulary is not None:
            self.vocabulary.update(_WORD.findall(text))
        if self.sampled < COMMON_SAMPLE:
            self.sampled += 1
            self.word_pages.update(standalone_words(text))

    def common_words(self) -> set[str]:
        need = max(1, COMMON_SHARE * self.sampled)  # any word of the sample is in the index as it is
        return {w for w, n in self.word_pages.items() if n >= need}

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    BATCH = 16  # pages handed over per wake-up of the indexing thread (each wake-up costs ms)

    def add_page(self, url: str, html: str) -> None:
        """Queue a rendered page; returns at once."""
        found: set[str] = set()
        content = _tag_shard(index_html(html, found), self.shard)
        self._sample(content, found)
        self._batch.append((url, content))
        self.pages += 1
        self.chars += len(content)
        if len(self._batch) >= self.BATCH:
            self._send_batch()

    def _send_batch(self) -> None:
        batch, self._batch = self._batch, []
        if batch:
            async def add_all():
                await asyncio.gather(*(self._index.add_html_file(content=h, url=u) for u, h in batch))
            self._pending.append(asyncio.run_coroutine_threadsafe(add_all(), self._loop))

    def add_record(self, url: str, content: str, title: str, filters: dict[str, list[str]],
                   meta: dict[str, str] | None = None) -> None:
        """A record that is not a page: the text of an attachment, pointing to its material."""
        found: set[str] = set()
        content = f"{EVERY_RECORD} " + protect_abbreviations(content, found)
        self._sample(f"{content} {title}", found)  # the title is searched too
        self._pending.append(asyncio.run_coroutine_threadsafe(
            self._index.add_custom_record(url=url, content=content,
                                          language=self.language,
                                          meta={"title": protect_abbreviations(title), **(meta or {})},
                                          filters={**filters, SHARD_FILTER: [self.shard]}),
            self._loop))
        self.records += 1
        self.chars += len(content) + len(title)

    def flush(self) -> None:
        """Wait until every queued page is in the index."""
        self._send_batch()
        for fut in self._pending:
            fut.result()
        self._pending.clear()

    def write(self, output_path: str) -> None:
        try:
            self.flush()
            self._run(self._index.write_files(output_path=output_path))
            _wait_for_entry(Path(output_path))
        finally:
            self.close()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            # Leaving the context without an exception would write the whole index a second
            # time, to ./pagefind of the current folder (pagefind 1.5): we wrote it already.
            self._run(self._index.__aexit__(_AlreadyWritten, None, None))
        except Exception:  # the service may already be gone; nothing left to save
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


# ------------------------------------------------------------------ the indexing process

class IndexerProcess:
    """SearchIndexer in a child process: the renderer only pickles strings into a pipe.

    Pages are sent in batches; attachments are named (path, url, title, filters) and their
    text is extracted (cached by content hash) inside the child, at low priority, while
    the site is still being rendered. `write` waits for all of it and writes the index."""

    BATCH = 32

    def __init__(self, language: str = "ru", shard_chars: int = SHARD_CHARS, manifest: dict | None = None,
                 words: list[str] | None = None):
        """manifest: more fields of imc-shards.json (`api`: a search server the page asks instead);
        words: the words of the site's synonyms (Shards)."""
        ctx = multiprocessing.get_context("spawn")  # the parent may have threads: no fork
        self._queue = ctx.Queue(maxsize=64)  # a bound: a slow indexer slows the renderer, not memory
        self._replies, child_end = ctx.Pipe(duplex=False)
        # not a daemon: it starts the processes that extract attachment text
        self._proc = ctx.Process(target=_child_main, args=(self._queue, child_end, language, os.getpid(), shard_chars, manifest, words),
                                 name="imc-search")
        self._proc.start()
        child_end.close()
        atexit.register(self.close)  # an interrupted build leaves no indexer waiting for pages
        self._batch: list[tuple[str, str]] = []
        self._writing = False
        self.pages = 0
        self.records = 0

    def add_page(self, url: str, html: str) -> None:
        self._batch.append((url, html))
        self.pages += 1
        if len(self._batch) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self._batch:
            self._queue.put(("pages", self._batch))
            self._batch = []

    def add_attachments(self, jobs: list[dict], cache_dir: str) -> None:
        """jobs: {path, url, title, filters, meta}; indexed when their text is extracted."""
        self._queue.put(("attachments", jobs, cache_dir))

    def start_write(self, output_path: str) -> None:
        """Every page is in: the index is written while the caller goes on (see `wait`)."""
        if not self._writing:
            self.flush()
            self._queue.put(("write", output_path))
            self._writing = True

    def write(self, output_path: str) -> None:
        self.start_write(output_path)
        self.wait()

    def wait(self, cancelled=lambda: False) -> bool:
        """Until the index is written (True), or `cancelled()` says it is no longer wanted
        (False: the indexing processes are stopped at once); RuntimeError if it failed."""
        try:
            waited = 0.0
            while not self._replies.poll(0.1):
                waited += 0.1
                if cancelled():
                    self._proc.kill()  # pagefind, its child, ends when its input closes
                    return False
                if waited > 3600:
                    raise RuntimeError("индексатор не ответил за час")
            status, value, records = self._replies.recv()
            if status != "ok":
                raise RuntimeError(value)
            self.records = records
            return True
        except EOFError:
            raise RuntimeError("процесс индексатора завершился с ошибкой") from None
        finally:
            self.close()

    def close(self) -> None:
        atexit.unregister(self.close)
        if self._proc.is_alive():
            try:
                self._queue.put(("close",), timeout=5)
            except Exception:
                pass
            self._proc.join(timeout=30)
            if self._proc.is_alive():
                self._proc.kill()
        self._queue.close()
        self._replies.close()


def _next(queue, parent: int):
    """The next message; None when the parent process is gone."""
    import queue as queue_module
    while True:
        try:
            return queue.get(timeout=5)
        except queue_module.Empty:
            if os.getppid() != parent:
                return None


# Priorities on two cores: the renderer is the critical path and runs at normal priority;
# the indexer (this process and pagefind, which inherits it) takes what the renderer leaves,
# and attachment text, needed only at the very end, comes last.
INDEXER_NICE = 5
EXTRACT_NICE = 10


# What a merged shard needs: its entry, metadata and chunks (the runtime is the first shard's).
_SHARD_KEEP = re.compile(r"pagefind-entry\.json|.*\.pf_meta|index|fragment|filter")


def written_records(index: Path):
    """Each record pagefind wrote into an index folder: its id (what a search answers with, the
    name of its fragment) and its filters."""
    for path in sorted((index / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[12:] if data.startswith(b"pagefind_dcd") else data)
        yield path.name.removesuffix(".pf_fragment"), record.get("filters") or {}


def facets_file(records) -> bytes:
    """Which records carry each filter value, for the search page to count the values over the
    joined results of several queries (an abbreviation and its synonyms) without asking pagefind
    for every value, which reads the whole index (26 MB at 10 000 materials). Records are numbered
    in `ids`; each value lists its numbers as differences (ascending, small), gzipped:
    {"ids": ["ru_1a2b3c4", …], "facets": {"Предметы": {"Математика": [0, 3, 1, …]}}}."""
    ids: list[str] = []
    facets: dict[str, dict[str, list[int]]] = {}
    for number, (rid, filters) in enumerate(records):
        ids.append(rid)
        for name, values in filters.items():
            if name != SHARD_FILTER:
                for value in values:
                    facets.setdefault(name, {}).setdefault(value, []).append(number)

    def steps(numbers: list[int]) -> list[int]:
        return [numbers[0]] + [b - a for a, b in zip(numbers, numbers[1:])]

    body = {"ids": ids, "facets": {name: {v: steps(n) for v, n in sorted(values.items())}
                                   for name, values in sorted(facets.items())}}
    return gzip.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), mtime=0)


class Shards:
    """Shards written one after another into a scratch folder, then put in place at `finish`."""

    def __init__(self, language: str, shard_chars: int = SHARD_CHARS, manifest: dict | None = None,
                 words: list[str] | None = None):
        """words: the words of the site's synonyms. The page searches them by themselves, and a
        shard without a word would answer it with a shorter prefix («образовательный» →
        «образовательн…»): the manifest lists the shards that hold each, and the page asks no
        questions for them."""
        self.language = language
        self.shard_chars = shard_chars
        self.manifest = manifest or {}
        self.stemmed = stems(words or [])
        self.indexer = self._indexer("s0")
        self.done: list[Path] = []
        self.common: list[set[str]] = []  # per shard, in order
        self.abbreviations: list[set[str]] = []
        self.words: list[set[str]] = []  # the synonyms' words each shard holds
        self.records_written: list = []  # (id, filters) of every record, shard after shard
        self.pages = 0
        self.records = 0
        self._scratch: Path | None = None

    def maybe_rotate(self) -> None:
        """A full shard is written now and its pagefind process ends: its memory is given back."""
        if self.indexer.chars < self.shard_chars:
            return
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="imc-search-"))
        out = self._scratch / f"s{len(self.done)}"
        self._count(self.indexer)
        self.indexer.write(str(out))
        self.records_written.extend(written_records(out))
        self.done.append(out)
        self.indexer = self._indexer(f"s{len(self.done)}")

    def _indexer(self, shard: str) -> SearchIndexer:
        return SearchIndexer(self.language, shard, vocabulary=bool(self.stemmed))

    def _count(self, indexer: SearchIndexer) -> None:
        if indexer.pages or indexer.records:
            self.common.append(indexer.common_words())
            self.abbreviations.append(indexer.abbreviations)
            self.words.append(held(indexer.vocabulary or set(), self.stemmed))
            indexer.vocabulary = None  # the shard's words are not needed any more
        self.pages += indexer.pages
        self.records += indexer.records

    def finish(self, output_path: str) -> None:
        self._count(self.indexer)
        dest = Path(output_path)
        if not self.done:  # one shard: written where it belongs, as before sharding
            self.indexer.write(output_path)
            self.records_written.extend(written_records(dest))
        else:
            if self.indexer.pages or self.indexer.records:  # an empty shard has no language: pagefind refuses it
                last = self._scratch / f"s{len(self.done)}"
                self.indexer.write(str(last))
                self.records_written.extend(written_records(last))
                self.done.append(last)
            else:
                self.indexer.close()
            dest.parent.mkdir(parents=True, exist_ok=True)
            if dest.exists():
                shutil.copytree(self.done[0], dest, dirs_exist_ok=True)
            else:
                shutil.move(str(self.done[0]), str(dest))
            for k, shard in enumerate(self.done[1:], 1):
                (dest / f"s{k}").mkdir(parents=True, exist_ok=True)
                for part in shard.iterdir():
                    if _SHARD_KEEP.fullmatch(part.name):
                        shutil.move(str(part), str(dest / f"s{k}" / part.name))
        names = [f"s{k}/" for k in range(1, len(self.done))]
        # words common in every shard: known, and held by all (a word common in some only is
        # checked as any other)
        common = sorted(set.intersection(*self.common)) if self.common else []
        extra = {}
        if names:
            # An abbreviation is indexed whole («ИОМ_»): the shards holding it are known exactly,
            # where a shard without it would answer with a prefix («и…»). So are the synonyms'
            # words (one held by no shard is checked as any other word).
            extra["abbreviations"] = _by_word(self.abbreviations)
            extra["words"] = _by_word(self.words)
        (dest / FACETS_FILE).write_bytes(facets_file(self.records_written))
        (dest / SHARDS_FILE).write_text(json.dumps({"shards": names, "common": common, **extra, **self.manifest},
                                                   ensure_ascii=False), encoding="utf-8")
        self.cleanup()

    def close(self) -> None:
        self.indexer.close()
        self.cleanup()

    def cleanup(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _by_word(per_shard: list[set[str]]) -> dict[str, list[str]]:
    """[{"иом_"}, {}, {"иом_"}] → {"иом_": ["s0", "s2"]}."""
    out: dict[str, list[str]] = {}
    for k, words in enumerate(per_shard):
        for word in words:
            out.setdefault(word, []).append(f"s{k}")
    return dict(sorted(out.items()))


def _child_main(queue, replies, language: str, parent: int, shard_chars: int = SHARD_CHARS,
                manifest: dict | None = None, words: list[str] | None = None) -> None:
    from imc.core.orphans import die_with_parent
    from imc.files.extract import lower_priority
    die_with_parent(parent)  # `_next` notices too, but only between messages
    lower_priority(INDEXER_NICE)
    shards = Shards(language, shard_chars, manifest, words)
    failure: str | None = None
    extracting: threading.Thread | None = None
    found: list = []  # attachment records ready for the index

    def extract(jobs: list[dict], cache_dir: str) -> None:
        from imc.files.extract import extract_all
        try:
            # below the renderer's priority: it uses a core only when one is idle
            texts = extract_all([Path(j["path"]) for j in jobs], Path(cache_dir), workers=1,
                                nice=EXTRACT_NICE - INDEXER_NICE)
        except Exception as err:
            found.append((None, f"{type(err).__name__}: {err}"))
            return
        found.extend((j, text) for j in jobs if (text := texts.get(Path(j["path"]), "").strip()))

    def index_found() -> None:
        while found:
            job, text = found.pop(0)
            if job is None:
                raise RuntimeError(f"текст вложений не извлечён: {text}")
            shards.indexer.add_record(url=job["url"], content=text, title=job["title"],
                                      filters=job["filters"], meta=job["meta"])
            shards.maybe_rotate()

    while True:
        msg = _next(queue, parent) or ("close",)
        kind = msg[0]
        try:
            if kind == "close":
                shards.close()
                return
            if failure is not None:
                pass  # the index is broken already: say so at `write`
            elif kind == "pages":
                for url, html in msg[1]:
                    shards.indexer.add_page(url, html)
                shards.maybe_rotate()
                index_found()  # records of extracted attachments go in between pages
            elif kind == "attachments":
                extracting = threading.Thread(target=extract, args=msg[1:], name="imc-extract", daemon=True)
                extracting.start()
            if kind == "write":
                if failure is None:
                    if extracting is not None:
                        extracting.join()
                    index_found()
                    shards.finish(msg[1])
                replies.send(("ok", shards.pages, shards.records) if failure is None else ("error", failure, 0))
                return
        except Exception as err:  # reported to the build at `write`
            from imc.core.faults import describe
            # a full disk or a read-only folder: what to do, in Russian
            failure = describe(err, "build") if isinstance(err, OSError) and err.errno else \
                f"{type(err).__name__}: {err}"
            if kind == "write":
                replies.send(("error", failure, 0))
                shards.close()
                return
