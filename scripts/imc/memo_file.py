"""The check memo on disk: plain JSON data, validated field by field before use.

The memo lives in .cache/imc, a folder a pull request can fill (`git add -f`), so reading it
must never run code: no pickle, no object hooks, only JSON's strings, numbers, lists and maps,
turned back into `Item`, `Problem`, `Ref`, `Link` and `BodyReport` by hand, metadata checked
against the content model (a date field holds a date, a list a list). Anything that is not
exactly what `dump` writes (another version, a wrong type, a missing field) makes `load`
return None: the checker then reads every file again, which is slow but always right.

Layout: one line of JSON, then the bodies of all files in UTF-8 (a body is a slice of these
bytes); JSON's string scanner is several times slower than a plain decode on 100 MB of
Cyrillic, and the bodies are most of the memo.
"""
from __future__ import annotations

import datetime as dt
import json
from itertools import chain
from typing import Any

FORMAT = "imc-check-memo"
VERSION = 2


class Invalid(Exception):
    """The file is not a memo this version wrote."""


# ------------------------------------------------------------------ writing

def _problems(problems: list) -> list:
    return [[p.path, p.line, p.col, p.message, p.hint, p.field, p.severity, p.code] for p in problems]


def _json_default(value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # the model says which fields are dates
    raise TypeError(type(value).__name__)


def dump(memo, code_key: tuple) -> bytes:
    """The memo as a line of JSON and the text of the bodies."""
    entries, bodies, at = [], [], 0
    for key, (item, problems, refs, files) in memo.items.items():
        body = item.body.encode("utf-8")
        marks = item.loaded.marks if item.loaded is not None else None
        entry = {"key": list(key), "type": item.type.name, "id": item.id,
                 "meta": item.meta, "body": [at, at + len(body)], "body_line": item.body_line,
                 "front": item.has_front_matter,
                 "marks": None if marks is None else [list(marks), list(chain.from_iterable(marks.values()))],
                 "problems": _problems(problems),
                 "refs": [[r.target, r.value, r.path, r.line, r.col, r.field] for r in refs],
                 "files": [[value, path, dotted] for _, value, path, dotted in files]}
        assert item.rel == f"docs/{item.src}" and item.src == key[0]
        bodies.append(body)
        at += len(body)
        report = memo.bodies.get(item.rel)
        if report is not None and report[0] is item:
            entry["body_report"] = [_problems(report[1].problems),
                                    [[x.target, x.line, x.col, x.image, x.alt] for x in report[1].links]]
        sem = memo.semantics.get(item.rel)
        if sem is not None and sem[0] is item:
            entry["semantics"] = _problems(sem[1])
        entries.append(entry)
    files = [[list(key[:3]), key[3], key[4], _problems(problems), sorted(seen)]
             for key, (problems, seen) in memo.files.items()]
    doc = {"format": FORMAT, "version": VERSION, "code": code_key, "data_key": memo.data_key,
           "text": at, "entries": entries, "files": files}
    head = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_json_default)
    return head.encode("utf-8") + b"\n" + b"".join(bodies)


# ------------------------------------------------------------------ reading

def _need(ok: bool) -> None:
    if not ok:
        raise Invalid


def _str(v) -> str:
    _need(type(v) is str)
    return v


def _int(v) -> int:
    _need(type(v) is int)
    return v


def _list(v, n: int | None = None) -> list:
    _need(type(v) is list and (n is None or len(v) == n))
    return v


def _only(values, *types) -> None:
    """Every value is of one of these exact types (bool is not an int here)."""
    _need(set(map(type, values)) <= set(types))


_SCALAR = {"int": int, "year": int, "bool": bool}  # every other scalar kind is text
_COMPOUND = {"list", "object", "scores", "date"}
_KNOWN: dict[int, dict] = {}  # id(fields) -> {name: field}; the model lives as long as the process


def _value(v, f):
    kind = f.kind
    if kind not in _COMPOUND:
        _need(type(v) is _SCALAR.get(kind, str))
        return v
    if kind == "list":
        item = f.item
        if item.kind not in _COMPOUND:  # a list of codes or numbers: checked in one pass
            _only(_list(v), _SCALAR.get(item.kind, str))
            return v
        return [_value(x, item) for x in _list(v)]
    if kind == "object":
        return _object(v, f.fields)
    if kind == "scores":
        _need(type(v) is dict)
        _only(v.values(), int)
        return v
    _need(type(v) is str and len(v) == 10)  # a date
    return dt.date.fromisoformat(v)


def _object(d, fields) -> dict:
    _need(type(d) is dict)
    known = _KNOWN.get(id(fields))
    if known is None:
        known = _KNOWN[id(fields)] = {f.name: f for f in fields}
    return {k: _value(v, known[k]) for k, v in d.items()}  # an unknown key: KeyError, not ours


def _decode_problems(rows, Problem, severities) -> list:
    out = []
    for row in _list(rows):
        path, line, col, message, hint, fld, severity, code = _list(row, 8)
        _only((path, message, hint, fld, code), str)
        _only((line, col), int)
        _need(severity in severities)
        out.append(Problem(path, line, col, message, hint, fld, severity, code))
    return out


def _path(v) -> tuple:
    v = _list(v)
    _only(v, str, int)
    return tuple(v)


def load(raw: bytes, code_key: tuple, Memo) -> Any:
    """The memo `dump` wrote for this code, or None."""
    from . import model
    from .fields import Ref
    from .markdown_checks import BodyReport, Link
    from .problems import ERROR, WARNING, Problem
    from .project import Item
    from .yamlsafe import Loaded
    sev = (ERROR, WARNING)
    types = {t.name: t for t in (*model.TYPES.values(), model.PAGE)}
    try:
        end = raw.index(b"\n")
        doc = json.loads(raw[:end].decode("utf-8"))
        _need(type(doc) is dict and doc.get("format") == FORMAT and doc.get("version") == VERSION)
        _need(doc["code"] == [list(k) for k in code_key])
        text = memoryview(raw)[end + 1:]  # bodies: each decoded from its own slice
        _need(doc["text"] == len(text))
        memo = Memo()
        data_key = [tuple(_list(k, 3)) for k in _list(doc["data_key"])]
        for name, mtime, size in data_key:
            _only((name,), str)
            _only((mtime, size), int)
        memo.data_key = tuple(data_key)
        for e in _list(doc["entries"]):
            _need(type(e) is dict)
            key = tuple(_list(e["key"], 3))
            _only(key[:1], str)
            _only(key[1:], int)
            ctype = types[e["type"]]
            marks, loaded = e["marks"], None
            if marks is not None:
                paths, flat = _list(marks, 2)
                _only(_list(paths), list)
                _only(chain.from_iterable(paths), str, int)
                _only(_list(flat), int)
                _need(len(flat) == 2 * len(paths))
                it = iter(flat)
                loaded = Loaded(None, dict(zip(map(tuple, paths), zip(it, it))))
            start, stop = _list(e["body"], 2)
            _need(type(start) is int and type(stop) is int and 0 <= start <= stop <= len(text))
            front = e["front"]
            _need(type(front) is bool)
            src = key[0]
            item = Item(ctype, _str(e["id"]), f"docs/{src}", src, _object(e["meta"], ctype.fields),
                        str(text[start:stop], "utf-8"), _int(e["body_line"]), loaded, front)
            problems = _decode_problems(e["problems"], Problem, sev)
            refs = []
            for r in _list(e["refs"]):
                target, value, path, line, col, fld = _list(r, 6)
                _only((target, value, path, fld), str)
                _only((line, col), int)
                refs.append(Ref(target, value, path, line, col, fld))
            files = []
            for f in _list(e["files"]):
                value, path, dotted = _list(f, 3)
                files.append((item, _str(value), _path(path), _str(dotted)))
            memo.items[key] = (item, problems, refs, files)
            if "body_report" in e:
                found, rows = _list(e["body_report"], 2)
                links = []
                for x in _list(rows):
                    target, line, col, image, alt = _list(x, 5)
                    _only((target, alt), str)
                    _only((line, col), int)
                    _only((image,), bool)
                    links.append(Link(target, line, col, image, alt))
                memo.bodies[item.rel] = (item, BodyReport(_decode_problems(found, Problem, sev), links))
            if "semantics" in e:
                memo.semantics[item.rel] = (item, _decode_problems(e["semantics"], Problem, sev))
        for f in _list(doc["files"]):
            head, stamp, where, problems, seen = _list(f, 5)
            rel, value, dotted = _list(head, 3)
            _only((rel, value, dotted), str)
            if stamp is not None:
                _only(_list(stamp, 2), int)
                stamp = tuple(stamp)
            _only(_list(where, 2), int)
            _only(_list(seen), str)
            memo.files[(rel, value, dotted, stamp, tuple(where))] = (
                _decode_problems(problems, Problem, sev), set(seen))
        return memo
    except Exception:  # Invalid, a missing key, bad UTF-8 or JSON, too deep: not ours
        return None
