"""A small reader of raw SQLite bytes, as an attacker holding the file would write it.

It never asks SQLite: it parses the pages of the main file (`file_cells`), the pages on the
free list (`free_cells`) and every frame of the write-ahead log (`wal_cells`), and returns the
cells of b-tree leaf pages with where they lie: page number, byte offset of the cell's content
in the page, and for the WAL the frame's index (frames are appended in commit order).

SQLite fills a page's cell content area from the end of the page downward, so on one page a
higher offset was written earlier; pages added later have higher numbers. Ordering cells by
(page, -offset) recovers the order of insertion unless the rows were rewritten.

Format: https://www.sqlite.org/fileformat2.html (record format, b-tree pages, the freelist,
the WAL file).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

TABLE_LEAF = 0x0D
INDEX_LEAF = 0x0A
TABLE_INTERIOR = 0x05
INDEX_INTERIOR = 0x02
Value = int | float | str | bytes | None


@dataclass(frozen=True, slots=True)
class Cell:
    """One leaf cell: its decoded values (for a rowid table, the rowid first) and its place."""

    values: tuple[Value, ...]
    page: int
    offset: int
    source: str  # "file", "free" or "wal"
    frame: int = -1  # WAL frame index (0 first), -1 outside the WAL

    @property
    def written(self) -> tuple[int, int, int]:
        """A key that sorts cells in the order they were most likely written."""
        return (self.frame, self.page, -self.offset)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise AssertionError("unreachable")


def decode_record(payload: bytes) -> tuple[Value, ...]:
    """The values of a record (a row's columns, or an index entry's)."""
    header_size, pos = _varint(payload, 0)
    types = []
    while pos < header_size:
        serial, pos = _varint(payload, pos)
        types.append(serial)
    body = header_size
    values: list[Value] = []
    sizes = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}
    for serial in types:
        if serial == 0:
            values.append(None)
        elif serial in sizes:
            n = sizes[serial]
            values.append(int.from_bytes(payload[body : body + n], "big", signed=True))
            body += n
        elif serial == 7:
            values.append(struct.unpack(">d", payload[body : body + 8])[0])
            body += 8
        elif serial in (8, 9):
            values.append(serial - 8)
        elif serial >= 12:
            n = (serial - 12) // 2
            raw = payload[body : body + n]
            values.append(raw.decode("utf-8", "replace") if serial % 2 else bytes(raw))
            body += n
        else:
            raise ValueError(f"reserved serial type {serial}")
    return tuple(values)


class Pages:
    """The pages of one database image (the main file, or the file as a WAL frame left it)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.page_size = struct.unpack(">H", data[16:18])[0]
        if self.page_size == 1:
            self.page_size = 65536
        self.reserved = data[20]
        self.usable = self.page_size - self.reserved

    @classmethod
    def of(cls, path: Path) -> Pages:
        return cls(Path(path).read_bytes())

    def page(self, number: int) -> bytes:
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]

    @property
    def count(self) -> int:
        return len(self.data) // self.page_size

    def _payload(self, page: bytes, pos: int, size: int, *, index: bool) -> bytes:
        """A cell's payload, following its overflow pages when it does not fit the page."""
        u = self.usable
        x = (u - 35) if not index else ((u - 12) * 64 // 255) - 23
        if size <= x:
            return page[pos : pos + size]
        m = ((u - 12) * 32 // 255) - 23
        k = m + ((size - m) % (u - 4))
        local = k if k <= x else m
        out = bytearray(page[pos : pos + local])
        overflow = struct.unpack(">I", page[pos + local : pos + local + 4])[0]
        while overflow and len(out) < size and overflow <= self.count:
            chunk = self.page(overflow)
            overflow = struct.unpack(">I", chunk[:4])[0]
            out += chunk[4 : 4 + min(u - 4, size - len(out))]
        return bytes(out)

    def leaf_cells(
        self, number: int, *, source: str = "file", frame: int = -1, page: bytes | None = None
    ) -> list[Cell]:
        """The cells that hold records on a page: every cell of a leaf page (table or index)
        and of an interior index page (an index b-tree, which is also how a table WITHOUT
        ROWID is stored, keeps records in its interior cells too); [] for any other page."""
        page = self.page(number) if page is None else page
        head = 100 if number == 1 else 0
        if len(page) < head + 8 or page[head] not in (TABLE_LEAF, INDEX_LEAF, INDEX_INTERIOR):
            return []
        kind = page[head]
        ncells = struct.unpack(">H", page[head + 3 : head + 5])[0]
        pointers = head + (12 if kind == INDEX_INTERIOR else 8)
        cells = []
        for i in range(ncells):
            at = struct.unpack(">H", page[pointers + 2 * i : pointers + 2 + 2 * i])[0]
            try:
                size, pos = _varint(page, at + (4 if kind == INDEX_INTERIOR else 0))
                rowid: tuple[Value, ...] = ()
                if kind == TABLE_LEAF:
                    key, pos = _varint(page, pos)
                    rowid = (key,)
                payload = self._payload(page, pos, size, index=kind != TABLE_LEAF)
                values = rowid + decode_record(payload)
            except (IndexError, ValueError, struct.error):
                continue
            cells.append(Cell(values, number, at, source, frame))
        return cells

    def tree_pages(self, root: int) -> list[int]:
        """The pages of the b-tree rooted at `root` that hold records (leaves, and interior
        pages of an index b-tree), children first."""
        page = self.page(root)
        head = 100 if root == 1 else 0
        kind = page[head]
        if kind in (TABLE_LEAF, INDEX_LEAF):
            return [root]
        ncells = struct.unpack(">H", page[head + 3 : head + 5])[0]
        right = struct.unpack(">I", page[head + 8 : head + 12])[0]
        children = []
        for i in range(ncells):
            at = struct.unpack(">H", page[head + 12 + 2 * i : head + 14 + 2 * i])[0]
            children.append(struct.unpack(">I", page[at : at + 4])[0])
        children.append(right)
        own = [root] if kind == INDEX_INTERIOR else []
        return [leaf for child in children for leaf in self.tree_pages(child)] + own

    def schema(self) -> dict[str, int]:
        """name -> root page of every table and index (from sqlite_master on page 1)."""
        out = {}
        for number in self.tree_pages(1):
            for cell in self.leaf_cells(number):
                _rowid, _type, name, _table, root, *_sql = cell.values
                if isinstance(name, str) and isinstance(root, int) and root:
                    out[name] = root
        return out

    def tree_cells(self, name: str) -> list[Cell]:
        """The cells of one table or index, in key order, each with its physical place."""
        root = self.schema().get(name)
        if root is None:
            return []
        return [c for number in self.tree_pages(root) for c in self.leaf_cells(number)]

    def free_pages(self) -> list[int]:
        """Every page on the free list (trunk pages and their leaves)."""
        trunk = struct.unpack(">I", self.data[32:36])[0]
        pages = []
        seen = set()
        while trunk and trunk not in seen and trunk <= self.count:
            seen.add(trunk)
            pages.append(trunk)
            page = self.page(trunk)
            nxt, n = struct.unpack(">II", page[:8])
            pages += [struct.unpack(">I", page[8 + 4 * i : 12 + 4 * i])[0] for i in range(n)]
            trunk = nxt
        return pages


def file_cells(path: Path, name: str) -> list[Cell]:
    """The cells of table or index `name` in the main file."""
    return Pages.of(path).tree_cells(name)


def free_cells(path: Path) -> list[Cell]:
    """Whatever cells are still readable on the free pages of the main file."""
    pages = Pages.of(path)
    return [
        cell
        for number in pages.free_pages()
        if number <= pages.count
        for cell in pages.leaf_cells(number, source="free")
    ]


def wal_frames(path: Path) -> list[tuple[int, int, bytes]]:
    """(frame index, page number, page bytes) of every frame in `path`-wal, in file order."""
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size < 32:
        return []
    data = wal.read_bytes()
    page_size = struct.unpack(">I", data[8:12])[0]
    frames = []
    pos = 32
    index = 0
    while pos + 24 + page_size <= len(data):
        number = struct.unpack(">I", data[pos : pos + 4])[0]
        frames.append((index, number, data[pos + 24 : pos + 24 + page_size]))
        pos += 24 + page_size
        index += 1
    return frames


def wal_cells(path: Path) -> list[Cell]:
    """The cells of every leaf page in every WAL frame, tagged with the frame's index."""
    frames = wal_frames(path)
    if not frames:
        return []
    pages = Pages.of(path) if Path(path).stat().st_size >= 100 else None
    if pages is None:
        return []
    return [
        cell
        for index, number, page in frames
        for cell in pages.leaf_cells(number, source="wal", frame=index, page=page)
    ]


def raw_bytes(path: Path) -> bytes:
    """The main file, its WAL and its rollback journal, as one string of bytes (for grep)."""
    out = b""
    for suffix in ("", "-wal", "-journal"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            out += extra.read_bytes()
    return out
