"""The first rows of an XLSX workbook's first sheet, read straight from the sheet's XML and stopped there.

openpyxl, even in read-only mode, parses a whole worksheet when the sheet does not state its size (a
``<dimension>`` element, which Excel writes and a crafted file leaves out) before it yields the first row: 6 s
for 140 MB of sheet XML. :func:`first_rows` finds the first sheet from the workbook's own parts, streams its XML
with :func:`xml.etree.ElementTree.iterparse` (Expat: no external entities, and its amplification limits against
entity bombs) and stops after the rows it was asked for; the shared strings those rows use are read, streaming,
only as far as the largest index they need. Each part is read through :mod:`zipfile`, which never yields more
than a part's declared size (checked against the reader limits before: :func:`wres.ingest.limits.check_xlsx_archive`).

Used only to refuse early (:func:`wres.web.uploads.precheck`): anything unexpected gives ``None`` and the full
reader decides.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from typing import IO, Final

__all__ = ["first_rows"]

MAIN: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SMALL_PART: Final = 4 * 1024 * 1024
"""The most read of the workbook and relationship parts (a few KB in a real workbook)."""


def _small(archive: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        with archive.open(name) as part:
            data = part.read(SMALL_PART + 1)
    except KeyError:
        return None
    if len(data) > SMALL_PART:
        return None
    return ET.fromstring(data)


def _first_sheet(archive: zipfile.ZipFile) -> str | None:
    """The zip path of the workbook's first sheet."""
    book, rels = _small(archive, "xl/workbook.xml"), _small(archive, "xl/_rels/workbook.xml.rels")
    if book is None or rels is None:
        return None
    sheet = book.find(f"{MAIN}sheets/{MAIN}sheet")
    if sheet is None:
        return None
    rid = sheet.get(f"{REL}id")
    for rel in rels.iter(f"{PACKAGE_REL}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None


def _column(reference: str | None, default: int) -> int:
    """The 0-based column of a cell reference (``E3`` → 4); ``default`` (the next column) without one."""
    letters = "".join(ch for ch in (reference or "") if ch.isalpha()).upper()
    if not letters or len(letters) > 3:
        return default
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return max(default, index - 1)


def _text(element: ET.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{MAIN}t"))


def _shared(archive: zipfile.ZipFile, wanted: set[int]) -> dict[int, str] | None:
    """The shared strings of the indices ``wanted``, read no further than the largest."""
    if not wanted:
        return {}
    last, found, index = max(wanted), {}, 0
    try:
        part = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return None
    with part:
        for _, element in ET.iterparse(part, events=("end",)):
            if element.tag != f"{MAIN}si":
                continue
            if index in wanted:
                found[index] = _text(element)
            element.clear()
            if index >= last:
                return found
            index += 1
    return found


def first_rows(handle: IO[bytes], rows: int, *, scan: int = 10_000, cells: int = 4096) -> list[list[str]] | None:
    """The first ``rows`` non-blank rows (looking at no more than ``scan`` rows, ``cells`` cells of each) of the
    workbook's first sheet, as text; None when the workbook is not laid out as expected."""
    try:
        with zipfile.ZipFile(handle) as archive:
            sheet = _first_sheet(archive)
            if sheet is None:
                return None
            raw: list[list[tuple[str, str]]] = []  # (type, value) per cell
            seen = 0
            with archive.open(sheet) as part:
                for _, element in ET.iterparse(part, events=("end",)):
                    if element.tag != f"{MAIN}row":
                        continue
                    seen += 1
                    found: list[tuple[str, str]] = []
                    for c in element.iter(f"{MAIN}c"):
                        column = _column(c.get("r"), len(found))
                        if column >= cells:
                            break
                        found.extend([("n", "")] * (column - len(found)))  # cells the sheet leaves out
                        kind = c.get("t") or "n"
                        if kind == "inlineStr":
                            found.append((kind, _text(c)))
                        else:
                            v = c.find(f"{MAIN}v")
                            found.append((kind, (v.text or "") if v is not None else ""))
                    element.clear()
                    if any(value.strip() for _, value in found):
                        raw.append(found)
                    if len(raw) >= rows or seen >= scan:
                        break
            wanted = {int(v) for rowcells in raw for kind, v in rowcells if kind == "s" and v.strip().isdigit()}
            strings = _shared(archive, wanted)
            if strings is None:
                return None
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError, RuntimeError, EOFError):
        return None
    out = []
    for rowcells in raw:
        out.append([(strings.get(int(v), "") if kind == "s" else v).strip() for kind, v in rowcells])
    return out
