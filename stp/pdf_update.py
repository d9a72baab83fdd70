"""Changing a printed PDF without rewriting it: an incremental update, and bookmark titles.

Chromium writes a tagged PDF whose bookmarks come from the headings, but drops the space where
a heading wraps onto a second line ("Project InitiationDocument"). The fix is appended as an
incremental update, so the tagged structure stays exactly as printed and nothing is parsed that
is not changed (pypdf copying all of a tagged 80-page pack would take seconds).
"""

import io
import re
from html import unescape

from pypdf import PdfReader
from pypdf.generic import (
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)

HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.S)
TAG = re.compile(r"<[^>]+>")


def restore_bookmark_titles(printed, html):
    """The PDF printed from `html` with its bookmarks titled as its headings are written."""
    reader = PdfReader(io.BytesIO(printed))
    update = IncrementalUpdate(reader, printed)
    fix_bookmark_titles(update, reader, heading_texts(html))
    return printed + update.serialise() if update.objects else printed


class IncrementalUpdate:
    """New and changed objects, written after the original bytes with their own xref table
    (PDF 1.7, 7.5.6): readers take the latest version of each object."""

    def __init__(self, reader, original):
        self.reader = reader
        self.original_length = len(original)
        self.previous_xref = int(original[original.rindex(b"startxref") + 9:].split()[0])
        self.next_id = int(reader.trailer["/Size"])
        self.objects = {}

    def add(self, obj):
        ref = IndirectObject(self.next_id, 0, self.reader)
        self.next_id += 1
        self.objects[ref.idnum] = obj
        return ref

    def reserve(self):
        return self.add(NullObject())

    def set(self, ref, obj):
        self.objects[ref.idnum] = obj

    def resolve(self, obj):
        """An object, taking a reference to a new one from the update rather than the file."""
        if isinstance(obj, IndirectObject):
            return self.objects[obj.idnum] if obj.idnum in self.objects else obj.get_object()
        return obj

    def serialise(self):
        out = io.BytesIO()
        out.write(b"\n")
        offsets = {}
        for idnum in sorted(self.objects):
            offsets[idnum] = self.original_length + out.tell()
            out.write(f"{idnum} 0 obj\n".encode())
            self.objects[idnum].write_to_stream(out)
            out.write(b"\nendobj\n")
        xref = self.original_length + out.tell()
        out.write(b"xref\n0 1\n0000000000 65535 f\r\n")
        ids = sorted(offsets)
        start = 0
        while start < len(ids):
            end = start
            while end + 1 < len(ids) and ids[end + 1] == ids[end] + 1:
                end += 1
            out.write(f"{ids[start]} {end - start + 1}\n".encode())
            for idnum in ids[start:end + 1]:
                out.write(f"{offsets[idnum]:010d} 00000 n\r\n".encode())
            start = end + 1
        trailer = DictionaryObject({
            NameObject("/Size"): NumberObject(self.next_id),
            NameObject("/Prev"): NumberObject(self.previous_xref),
        })
        for key in ("/Root", "/Info", "/ID"):
            if key in self.reader.trailer:
                trailer[NameObject(key)] = self.reader.trailer.raw_get(key)
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()


def heading_texts(html):
    """Each heading's words keyed by the same without spaces, as Chromium's bookmarks may
    have them."""
    found = {}
    for match in HEADING.finditer(html):
        words = " ".join(unescape(TAG.sub(" ", match.group(1))).split())
        found.setdefault(words.replace(" ", ""), words)
    return found


def fix_bookmark_titles(update, reader, headings):
    pending = list(outline_children(reader.trailer["/Root"].get("/Outlines")))
    while pending:
        ref = pending.pop()
        item = ref.get_object()
        pending.extend(outline_children(item))
        title = str(item.get("/Title", ""))
        proper = headings.get("".join(title.split()))
        if proper and proper != title:
            item[NameObject("/Title")] = TextStringObject(proper)
            update.set(ref, item)


def outline_children(node):
    """The indirect references of an outline node's children, in order."""
    if node is None:
        return []
    found, child = [], node.get_object().raw_get("/First") if "/First" in node else None
    while child is not None and len(found) < 10_000:
        found.append(child)
        item = child.get_object()
        child = item.raw_get("/Next") if "/Next" in item else None
    return found
