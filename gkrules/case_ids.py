"""The case ids of a batch: each id once (case-format.md), and where a repeated id was first seen."""

from __future__ import annotations

import os


def place(file: str, line: int | None) -> str:
    """``file:line``, or the file alone (a case file)."""
    return f"{file}:{line}" if line else file


class IdRegistry:
    """The case ids of a batch and where each was first seen (case-format.md: an id is unique in a batch).

    An id is kept as its 64-bit hash (``hash()``: SipHash with a key chosen at random for each process,
    and the registry lives in one process). The first ``memory_ids`` ids sit in two flat arrays (open
    addressing, at most half full, 16–32 bytes an id: about 2 MB for the default 65,536; the file
    names once each); the ids after them go to a SQLite table in a temporary directory, with a page
    cache of a few MB, so that memory stays flat however long the batch. Two different ids share a hash with a chance of about n²/2⁶⁵
    (3·10⁻⁸ for a million ids); the duplicate entry names both places, so such a case is seen.
    Call :meth:`close` (or use ``with``) to remove the table.
    """

    def __init__(self, capacity: int | None = None, memory_ids: int = 1 << 16):
        from array import array

        if capacity is None:
            # sized at once for the in-memory ids, at most half full: an audit's memory does not grow
            # with the first tens of thousands of cases
            capacity = 1 << (2 * memory_ids - 1).bit_length()

        self._array = array
        self._keys = array("Q", bytes(8 * capacity))
        self._places = array("Q", bytes(8 * capacity))
        self._mask = capacity - 1
        self._size = 0
        self._memory_ids = memory_ids
        self._files: list[str] = []
        self._file_index: dict[str, int] = {}
        self._db = None
        self._dir = None
        self._spilled = 0
        self._seq = 0

    def __len__(self) -> int:
        return self._size + self._spilled

    def __enter__(self) -> "IdRegistry":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def add(self, case_id: str, file: str, line: int | None) -> str | None:
        """Record ``case_id``; returns None when it is new, else the place where it was first seen."""
        return self.add_many([(case_id, file, line)])[0]

    def add_many(self, entries) -> list[str | None]:
        """:meth:`add` for entries in order, each ``(id, file, line, …)``.

        Ids past the in-memory part are inserted into the table in one statement; only when the table
        already held some of them (a duplicate: rare) is it asked where those were first seen.
        """
        out: list[str | None] = []
        batch: dict[int, int] = {}  # ids sent to the table in this call -> their position in out
        places: dict[int, str] = {}  # position -> place, for those ids
        repeats: list[tuple[int, int]] = []  # (position, position of the same id earlier in this call)
        spill: list[tuple[int, int, str]] = []  # (signed key, position in out, place)
        last_file, last_index = None, 0
        keys, slot_places, mask = self._keys, self._places, self._mask
        size, memory_ids = self._size, self._memory_ids
        append = out.append
        for entry in entries:
            key = (hash(entry[0]) & 0xFFFF_FFFF_FFFF_FFFF) or 1  # 0 marks an empty slot
            # open addressing: the id's slot, or the empty slot where it goes
            slot = key & mask
            there = keys[slot]
            while there:
                if there == key:
                    break
                slot = (slot + 1) & mask
                there = keys[slot]
            if there:
                where = slot_places[slot]
                append(place(self._files[where >> 32], where & 0xFFFFFFFF or None))
                continue
            if batch and key in batch:
                earlier = batch[key]
                repeats.append((len(out), earlier))
                append(places[earlier])
                continue
            append(None)
            if size < memory_ids:
                file = entry[1]
                if file is not last_file:
                    last_file, last_index = file, self._file_number(file)
                keys[slot] = key
                slot_places[slot] = (last_index << 32) | min(entry[2] or 0, 0xFFFFFFFF)
                size += 1
                if 2 * size > mask and size < memory_ids:  # the last in-memory id may fill half
                    self._size = size
                    self._grow()
                    keys, slot_places, mask = self._keys, self._places, self._mask
                continue
            position = len(out) - 1
            batch[key] = position
            places[position] = where_text = place(entry[1], entry[2])
            spill.append((key - (1 << 64) if key >= 1 << 63 else key, position, where_text))
        self._size = size
        if spill:
            held = self._spill(spill)
            # an id the table already held is a repeat, and so are its repeats in this call
            for position, first in held.items():
                out[position] = first
            for position, earlier in repeats:
                if earlier in held:
                    out[position] = held[earlier]
        return out

    # -- in memory

    def _file_number(self, file: str) -> int:
        index = self._file_index.get(file)
        if index is None:
            index = self._file_index[file] = len(self._files)
            self._files.append(file)
        return index

    def _grow(self) -> None:
        old_keys, old_places = self._keys, self._places
        capacity = 2 * len(old_keys)
        self._keys = self._array("Q", bytes(8 * capacity))
        self._places = self._array("Q", bytes(8 * capacity))
        self._mask = capacity - 1
        keys, places, mask = self._keys, self._places, self._mask
        for key, place in zip(old_keys, old_places):
            if key:
                slot = key & mask
                while keys[slot]:
                    slot = (slot + 1) & mask
                keys[slot] = key
                places[slot] = place

    # -- on disk

    def _spill(self, rows: list[tuple[int, int, str]]) -> dict[int, str]:
        """Insert ``(signed key, position, place)`` rows; returns {position: first place} for the keys the
        table already held."""
        db = self._db
        if db is None:
            import sqlite3
            import tempfile

            self._dir = tempfile.TemporaryDirectory(prefix="gkrules-ids-")
            db = self._db = sqlite3.connect(os.path.join(self._dir.name, "ids.sqlite"), isolation_level=None)
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-2000", "locking_mode=EXCLUSIVE"):
                db.execute(f"PRAGMA {pragma}")
            db.execute("CREATE TABLE ids (h INTEGER PRIMARY KEY, seq INTEGER NOT NULL, place TEXT NOT NULL)")
        rows.sort()
        start = self._seq
        self._seq += len(rows)
        db.execute("BEGIN")
        try:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO ids VALUES (?, ?, ?)",
                [(key, start + i, place) for i, (key, _, place) in enumerate(rows)],
            )
            inserted = db.total_changes - before
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        self._spilled += inserted
        if inserted == len(rows):
            return {}
        # the keys of one call are distinct (repeats within it never reach the table) and sorted
        mine = {key: (start + i, position) for i, (key, position, _) in enumerate(rows)}
        keys = [key for key, _, _ in rows]
        found: dict[int, str] = {}
        for i in range(0, len(keys), _SELECT_MAX):
            part = keys[i : i + _SELECT_MAX]
            query = f"SELECT h, seq, place FROM ids WHERE h IN ({','.join('?' * len(part))})"
            for key, seq, place in db.execute(query, part):
                if seq != mine[key][0]:  # held before this call
                    found[mine[key][1]] = place
        return found


#: ids per SELECT (SQLite allows 32,766 parameters since 3.32, 999 before)
_SELECT_MAX = 900


def duplicate_message(case_id: str, first: str) -> str:
    return f"案件编号 {case_id} 在本批中重复（先见于 {first}）：编号在一批案件中应唯一，本件未再计入"
