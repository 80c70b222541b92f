"""An in-memory index of session names (slug, lecture id, title) for fast resolution and autocomplete.

Built from a few columns of the served sessions after each sync (10,000 sessions take a few
milliseconds); it holds slugs and dates only, never whole sessions. Pure Python: no SQL here.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

How = Literal["slug", "lecture", "prefix", "fuzzy", "none"]
FUZZY_CUTOFF = 75.0  # rapidfuzz score (0-100) a fuzzy match needs
FUZZY_MARGIN = 3.0  # candidates within this many points of the best fuzzy score are all returned
_WORD_CUTOFF = 75.0
_WORD = re.compile(r"\w+")
_UNDATED = 10**9  # sorts after every date ordinal


def _bits(ids: Iterable[int], size: int) -> int:
    """The entries ``ids`` as one integer, bit ``i`` for entry ``i`` (set operations then run in C over
    machine words: and, or, and-not over 50,000 entries take microseconds)."""
    buf = bytearray((size >> 3) + 1)
    for i in ids:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def _lowest(mask: int, count: int) -> list[int]:
    """The ``count`` smallest entries of ``mask``, ascending."""
    out: list[int] = []
    while mask and len(out) < count:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _highest(mask: int, count: int) -> list[int]:
    """The ``count`` largest entries of ``mask``, descending."""
    out: list[int] = []
    while mask and len(out) < count:
        top = mask.bit_length() - 1
        out.append(top)
        mask ^= 1 << top
    return out


def _runs(mask: int) -> list[tuple[int, int]]:
    """The runs of consecutive entries of ``mask`` as ``(start, stop)``, ascending."""
    out: list[tuple[int, int]] = []
    while mask:
        start = (mask & -mask).bit_length() - 1
        rest = mask >> start
        length = (rest ^ (rest + 1)).bit_length() - 1  # trailing ones
        out.append((start, start + length))
        mask &= ~(((1 << length) - 1) << start)
    return out


def _span(start: int, stop: int) -> int:
    """Entries ``start`` to ``stop - 1`` as a mask."""
    return ((1 << stop) - 1) ^ ((1 << start) - 1) if stop > start else 0


_CHUNK = 64  # entries per chunk of the names' text that substring search may skip (see NameIndex._chunk_masks)
_MASK_CACHE = 512  # title words whose entry masks are kept (the rest are made again when asked)

# "Did you mean" scores identifiers (slugs, lecture ids) exactly with rapidfuzz, but at most this many: a
# site with more is first narrowed to the identifiers sharing the most character pairs with the query
# (see PairIndex). Fewer identifiers than this are all scored, as before.
ID_CANDIDATES = 256
_START, _END = "\x02", "\x03"  # pad a name so its first and last characters make pairs of their own
_NONZERO = re.compile(rb"[^\x00]+")
_BYTE_BITS = tuple(tuple(b for b in range(8) if value >> b & 1) for value in range(256))


def _members(mask: int, count: int | None = None) -> list[int]:
    """The entries of ``mask`` ascending (at most ``count``): one C scan over its bytes, where
    :func:`_lowest` costs a big-integer operation per entry."""
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    want = len(data) * 8 if count is None else count
    out: list[int] = []
    for run in _NONZERO.finditer(data):
        for at in range(run.start(), run.end()):
            base = at * 8
            for b in _BYTE_BITS[data[at]]:
                out.append(base + b)
            if len(out) >= want:
                return out[:want]
    return out


def char_pairs(name: str) -> set[str]:
    """The pairs of neighbouring characters of ``name``, padded at both ends (``ab`` -> ``^a``, ``ab``,
    ``b$``): a one-letter typo leaves all but two or three of them intact."""
    padded = f"{_START}{name}{_END}"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


class PairIndex:
    """Which names are most like a query by their character pairs: a candidate filter for fuzzy scoring.

    Names are ranked by the Dice coefficient of their pair sets, ``2 * shared / (pairs(query) + pairs(name))``,
    which follows rapidfuzz's ratio (``2 * common / (len(query) + len(name))``) but is counted with set
    operations: one bit mask of names per character pair (pairs are few - 156 over the 67,000 names of the
    50,000-session bench - unlike trigrams, so the masks stay small) and one per pair count (name length). A
    query adds up the masks of its pairs in bit-sliced counters (the binary digits of every name's count
    held in a few big integers), so counting runs in C over machine words whatever the number of names."""

    def __init__(self, names: Sequence[str]) -> None:
        postings: dict[str, list[int]] = {}
        sizes: dict[int, list[int]] = {}
        for i, name in enumerate(names):
            pairs = char_pairs(name)
            sizes.setdefault(len(pairs), []).append(i)
            for pair in pairs:
                postings.setdefault(pair, []).append(i)
        self._size = len(names)
        self._masks = {pair: _bits(ids, self._size) for pair, ids in postings.items()}
        self._sizes = {size: _bits(ids, self._size) for size, ids in sizes.items()}

    def __len__(self) -> int:
        return self._size

    def candidates(self, query: str, count: int) -> list[int]:
        """At most ``count`` names (ascending) most like ``query``: by Dice coefficient of their pairs,
        best first; among names scoring as much as the last one taken, the first ones. Names sharing no
        pair with the query are never candidates."""
        own = char_pairs(query)
        masks = [self._masks[p] for p in own if p in self._masks]
        planes: list[int] = []  # planes[k]: the names whose count of shared pairs has binary digit k set
        for carry in masks:
            for k, plane in enumerate(planes):
                if not carry:
                    break
                planes[k], carry = plane ^ carry, plane & carry
            if carry:
                planes.append(carry)
        exactly: dict[int, int] = {}  # shared pairs -> the names sharing exactly that many
        above = 0
        for shared in range(len(masks), 0, -1):
            at_least = self._at_least(planes, shared)
            exactly[shared] = at_least & ~above
            above = at_least
        tiers = sorted(
            ((2 * shared / (len(own) + size), shared, size) for shared in exactly for size in self._sizes),
            key=lambda tier: -tier[0],
        )
        taken: list[int] = []
        for _, shared, size in tiers:
            part = exactly[shared] & self._sizes[size]
            if part:
                taken.extend(_members(part, count - len(taken)))
                if len(taken) >= count:
                    break
        return sorted(taken)

    def _at_least(self, planes: list[int], least: int) -> int:
        """The names whose count (the binary digits in ``planes``) is at least ``least``."""
        above, equal = 0, (1 << self._size) - 1
        for k in range(max(len(planes), least.bit_length()) - 1, -1, -1):
            plane = planes[k] if k < len(planes) else 0
            if least >> k & 1:
                equal &= plane
            else:
                above |= equal & plane
                equal &= ~plane
        return above | equal


def normalise(text: str) -> str:
    """Lower case, outer and inner white space collapsed."""
    return " ".join(text.split()).casefold()


def title_words(title: str) -> list[str]:
    """The words of a normalised title that fuzzy matching anchors on, once each in title order: 3+
    letters, not a number (numbers make poor fuzzy anchors)."""
    return list(dict.fromkeys(w for w in _WORD.findall(title) if len(w) >= 3 and not w.isdigit()))


def name_rows(slug: str, lecture: str | None, title: str | None) -> set[tuple[str, str]]:
    """(kind, normalised name) of one session, as the index knows it: ``slug``, ``lecture``, ``title`` and
    each title ``word`` (see :func:`title_words`); what :mod:`bot.store.names` keeps in SQLite."""
    rows = {("slug", normalise(slug))}
    if lecture:
        rows.add(("lecture", normalise(lecture)))
    if title:
        norm = normalise(title)
        rows.add(("title", norm))
        rows |= {("word", w) for w in title_words(norm)}
    return {(kind, name) for kind, name in rows if name}


@dataclass(frozen=True, slots=True)
class Entry:
    """One served session, by its place in date order (undated last, then site order)."""

    order: int
    slug: str
    lecture: str | None
    title: str | None
    date: dt.date | None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.slug, self.lecture, self.title) if n)


@dataclass(frozen=True, slots=True)
class Match:
    how: How
    entries: list[Entry]  # ordered by date (the index order)
    total: int  # how many matched before ``limit`` was applied
    suggestions: list[Entry] = field(default_factory=list)


class NameIndex:
    """Exact, prefix and fuzzy lookups over the names of the served sessions.

    ``anchor_words`` and ``nearest_ids`` make an index over a part of the sessions answer fuzzy queries
    as the index over all of them would (see :func:`bot.store.names.resolve`): the title words the whole
    vocabulary offers as similar to the query's words (others are no anchors), and the identifiers nearest
    to the query among all (scored instead of this part's own)."""

    def __init__(
        self,
        entries: Iterable[Entry],
        *,
        anchor_words: Iterable[str] | None = None,
        nearest_ids: Sequence[str] | None = None,
    ) -> None:
        self.entries: list[Entry] = sorted(entries, key=lambda e: e.order)
        self._date_keys = [e.date.toordinal() if e.date else _UNDATED for e in self.entries]
        if self._date_keys != sorted(self._date_keys):
            raise ValueError("entries must be in date order, undated last")
        self._slug: dict[str, Entry] = {}
        self._slug_folded: dict[str, list[int]] = {}
        self._lecture: dict[str, list[int]] = {}
        self._exact_title: dict[str, list[int]] = {}
        self._norm_title: list[str] = [normalise(e.title) if e.title else "" for e in self.entries]
        pairs: list[tuple[str, int]] = []
        # lists, not sets: an entry adds a word or identifier once, in entry order (a set of one entry per
        # slug cost ~3 MiB at 10,000 sessions); each name is normalised once and that one string is shared
        # by every table below
        words: dict[str, list[int]] = {}
        ids: dict[str, list[int]] = {}
        haystack: list[str] = []
        for i, entry in enumerate(self.entries):
            slug = normalise(entry.slug)
            lecture = normalise(entry.lecture) if entry.lecture else ""
            title = self._norm_title[i]
            self._slug[entry.slug] = entry
            self._slug_folded.setdefault(slug, []).append(i)
            if entry.lecture:
                self._lecture.setdefault(lecture, []).append(i)
            if entry.title:
                self._exact_title.setdefault(title, []).append(i)
                for word in title_words(title):
                    words.setdefault(word, []).append(i)
            names = [n for n, given in ((slug, entry.slug), (lecture, entry.lecture), (title, entry.title)) if given]
            for name in set(names):
                pairs.append((name, i))
            for name in {slug, lecture} - {""}:
                ids.setdefault(name, []).append(i)
            haystack.append(" \x00 ".join(names))
        # every entry's names on one line of one text: str.find scans it in C, from any entry on
        self._hay_text = "\n".join(haystack)
        self._hay_starts: list[int] = []
        offset = 0
        for line in haystack:
            self._hay_starts.append(offset)
            offset += len(line) + 1
        self._hay_starts.append(offset)  # one past the end
        self._chunk_count, self._char_chunks, self._pair_chunks = self._chunk_masks()
        pairs.sort()
        self._prefix_names = [p[0] for p in pairs]
        self._prefix_ids = [p[1] for p in pairs]
        if anchor_words is not None:
            words = {w: words[w] for w in anchor_words if w in words}
        self._words = words
        self._word_masks: dict[str, int] = {}
        self._word_list = list(words)
        self._nearest_ids = None if nearest_ids is None else list(nearest_ids)
        self._ids = ids
        self._id_list = list(ids)
        self._id_pairs: PairIndex | None = None  # built on the first "did you mean" that needs it

    def __len__(self) -> int:
        return len(self.entries)

    def _chunk_masks(self) -> tuple[int, dict[str, int], dict[tuple[str, str], int]]:
        """Which chunks of :data:`_CHUNK` entries hold each character and each pair of neighbouring
        characters in their names' text, as bit masks over chunks: a substring search then reads only the
        chunks holding all of its pairs (``w0`` at 50,000 sessions: 47 of 782 chunks)."""
        starts, text, size = self._hay_starts, self._hay_text, len(self.entries)
        chars: dict[str, list[int]] = {}
        pairs: dict[tuple[str, str], list[int]] = {}
        count = (size + _CHUNK - 1) // _CHUNK
        for c in range(count):
            part = text[starts[c * _CHUNK] : starts[min(size, (c + 1) * _CHUNK)]]
            for ch in set(part):
                chars.setdefault(ch, []).append(c)
            for pair in set(zip(part, part[1:])):
                pairs.setdefault(pair, []).append(c)
        return (count, {ch: _bits(cs, count) for ch, cs in chars.items()},
                {pair: _bits(cs, count) for pair, cs in pairs.items()})

    def _chunks_with(self, q: str) -> int:
        """The chunks that may hold an entry whose names contain ``q`` (all of them do hold its pairs)."""
        if len(q) == 1:
            return self._char_chunks.get(q, 0)
        mask = (1 << self._chunk_count) - 1
        for pair in set(zip(q, q[1:])):
            mask &= self._pair_chunks.get(pair, 0)
            if not mask:
                break
        return mask

    def get(self, slug: str) -> Entry | None:
        return self._slug.get(slug)

    # -- resolution ---------------------------------------------------------------------------------

    def resolve(self, query: str, *, limit: int = 25) -> Match:
        """Exact slug, then exact lecture id, then case-insensitive prefix, then fuzzy; else none."""
        raw = " ".join(query.split())
        q = normalise(raw)
        if not q:
            return Match("none", [], 0)
        if raw in self._slug:
            return Match("slug", [self._slug[raw]], 1)
        if q in self._slug_folded:
            return self._match("slug", self._slug_folded[q], limit)
        if q in self._lecture:
            return self._match("lecture", self._lecture[q], limit)
        found = self._prefix(q)
        if found:
            exact = self._exact_title.get(q)  # a whole title beats titles that merely start with it
            return self._match("prefix", exact or found, limit)
        groups = self._fuzzy(q)
        if groups and groups[0][0] >= FUZZY_CUTOFF:
            floor = max(FUZZY_CUTOFF, groups[0][0] - FUZZY_MARGIN)
            mask = 0
            for score, members in groups:
                if score >= floor:
                    mask |= members
            return Match("fuzzy", [self.entries[i] for i in _lowest(mask, limit)], mask.bit_count())
        return Match("none", [], 0, suggestions=self._nearest(groups))

    def _nearest(self, groups: list[tuple[float, int]], count: int = 5) -> list[Entry]:
        """The ``count`` best-scoring sessions (``groups`` best first), for "did you mean"."""
        found: list[int] = []
        for _, members in groups:
            found.extend(_lowest(members, count - len(found)))
            if len(found) >= count:
                break
        return [self.entries[i] for i in found]

    def _word_mask(self, word: str) -> int:
        mask = self._word_masks.get(word)
        if mask is None:
            if len(self._word_masks) >= _MASK_CACHE:
                self._word_masks.pop(next(iter(self._word_masks)))
            mask = self._word_masks[word] = _bits(self._words[word], len(self.entries))
        return mask

    def _match(self, how: How, ids: Iterable[int], limit: int) -> Match:
        unique = set(ids)
        first = heapq.nsmallest(limit, unique) if len(unique) > limit else sorted(unique)
        return Match(how, [self.entries[i] for i in first], len(unique))

    def _prefix(self, q: str) -> set[int]:
        lo = bisect.bisect_left(self._prefix_names, q)
        hi = bisect.bisect_left(self._prefix_names, q + "\U0010ffff", lo)
        return set(self._prefix_ids[lo:hi])

    def _fuzzy(self, q: str) -> list[tuple[float, int]]:
        """Fuzzy scores as disjoint, non-empty groups of entries (bit masks, see :func:`_bits`) by score,
        best first: identifiers (slug, lecture) whole, titles via their words.

        A title scores the mean, over the query's words (3+ letters), of its most similar word; titles
        sharing no similar word with the query are never scored. Titles are scored in groups with set
        operations (entries with the same similar words share a score), so the cost follows the number of
        similar words, not of matching titles. Identifiers are scored for a query without white space
        (slugs and lecture ids are single words), or when no title scored (they feed "did you mean")."""
        from rapidfuzz import fuzz, process  # here: exact and prefix lookups never load it

        query_words = set(title_words(q))
        per_word: list[list[tuple[float, int]]] = []  # per query word: disjoint (score, entries)
        for word in query_words:
            similar = process.extract(
                word, self._word_list, scorer=fuzz.ratio, processor=None, limit=5, score_cutoff=_WORD_CUTOFF
            )
            parts: list[tuple[float, int]] = []
            seen = 0
            for title_word, score, _ in sorted(similar, key=lambda hit: -hit[1]):  # an entry keeps its best
                part = self._word_mask(title_word) & ~seen
                if part:
                    parts.append((score, part))
                    seen |= part
            if parts:
                per_word.append(parts)
        groups: list[tuple[float, int]] = []
        if per_word:
            matched = []
            for parts in per_word:
                union = 0
                for _, part in parts:
                    union |= part
                matched.append(union)
            candidates = matched[0]
            for m in matched[1:]:
                candidates &= m
            if not candidates:
                for m in matched:
                    candidates |= m
            totals: list[tuple[float, int]] = [(0.0, candidates)]
            for parts in per_word:
                split: list[tuple[float, int]] = []
                for total, members in totals:
                    for score, part in parts:
                        both = members & part
                        if both:
                            split.append((total + score, both))
                            members &= ~both
                    if members:
                        split.append((total, members))
                totals = split
            count = len(query_words)
            groups = [(total / count, members) for total, members in totals]
        if not groups or not any(c.isspace() for c in q):  # identifiers are single words
            # the ten nearest identifiers (among those sharing the most character pairs with the query)
            for name, score, _ in process.extract(q, self._id_pool(q), scorer=fuzz.QRatio, processor=None, limit=10):
                ids = self._ids[name]
                self._raise_score(groups, 1 << ids[0] if len(ids) == 1 else _bits(ids, len(self.entries)), score)
        merged: dict[float, int] = {}
        for score, members in groups:
            if members:
                merged[score] = merged.get(score, 0) | members
        return sorted(merged.items(), key=lambda g: -g[0])

    def _id_pool(self, q: str) -> list[str]:
        """The identifiers "did you mean" scores for ``q``: all of them, or for a site with more than
        :data:`ID_CANDIDATES`, those sharing the most character pairs with ``q`` (in index order, so ties
        in score go the same way as over all of them)."""
        if self._nearest_ids is not None:
            return self._nearest_ids
        if len(self._id_list) <= ID_CANDIDATES:
            return self._id_list
        if self._id_pairs is None:
            self._id_pairs = PairIndex(self._id_list)
        return [self._id_list[i] for i in self._id_pairs.candidates(q, ID_CANDIDATES)]

    @staticmethod
    def _raise_score(groups: list[tuple[float, int]], entries: int, score: float) -> None:
        """Give the ``entries`` (a mask) ``score`` in ``groups`` (disjoint), each unless it already has as
        much (a zero score is no score): one pass over the groups for all of them, so an identifier shared
        by thousands of sessions (a lecture id reused every year) costs set operations, not one pass each."""
        if score <= 0 or not entries:
            return
        unseen = entries  # not found in a group yet (once none is left, the other groups cannot hold them)
        for at, (current, members) in enumerate(groups):
            both = members & unseen
            if not both:
                continue
            if current >= score:
                entries &= ~both  # these keep their better (or equal) score
            else:
                groups[at] = (current, members & ~both)
            unseen &= ~both
            if not unseen:
                break
        if entries:
            groups.append((score, entries))

    # -- autocomplete -------------------------------------------------------------------------------

    def suggest(self, text: str, *, today: dt.date | None, limit: int = 25) -> list[Entry]:
        """Sessions whose slug, lecture or title contains ``text`` (all when empty; fuzzy when nothing
        contains it): upcoming first (soonest first), then past (latest first), then undated."""
        q = normalise(text)
        if not q:
            return self._upcoming_first(range(len(self.entries)), today, limit)
        chunks = self._chunks_with(q)
        if chunks:  # some chunk may hold it (often: none does)
            dated = bisect.bisect_left(self._date_keys, _UNDATED)
            first_upcoming = 0 if today is None else bisect.bisect_left(self._date_keys, today.toordinal(), 0, dated)
            upcoming = self._containing(q, chunks, first_upcoming, dated, limit)
            past = self._containing(q, chunks, 0, first_upcoming, limit - len(upcoming), backwards=True)
            undated = self._containing(q, chunks, dated, len(self.entries), limit - len(upcoming) - len(past))
            if upcoming or past or undated:
                return [self.entries[i] for i in (*upcoming, *past, *undated)]
        pool = 0
        for score, members in self._fuzzy(q):
            if score >= FUZZY_CUTOFF - 15:
                pool |= members
        return self._upcoming_first_mask(pool, today, limit)

    def _containing(
        self, q: str, chunks: int, start: int, stop: int, count: int, *, backwards: bool = False
    ) -> list[int]:
        """Up to ``count`` entries in ``range(start, stop)`` with a name containing ``q`` (which has no line
        break, so a match never spans two entries), from ``start`` on, or from ``stop`` back; only the
        ``chunks`` (see :meth:`_chunks_with`) are searched."""
        found: list[int] = []
        if start >= stop or count <= 0:
            return found
        first, last = start // _CHUNK, (stop - 1) // _CHUNK
        runs = _runs(chunks & _span(first, last + 1))
        starts, text = self._hay_starts, self._hay_text
        for run_start, run_stop in reversed(runs) if backwards else runs:
            lo = starts[max(start, run_start * _CHUNK)]
            hi = starts[min(stop, run_stop * _CHUNK)]
            while len(found) < count and lo < hi:
                at = text.rfind(q, lo, hi) if backwards else text.find(q, lo, hi)
                if at < 0:
                    break
                i = bisect.bisect_right(starts, at) - 1
                found.append(i)
                if backwards:
                    hi = starts[i]
                else:
                    lo = starts[i + 1]
            if len(found) >= count:
                break
        return found

    def _upcoming_first_mask(self, pool: int, today: dt.date | None, limit: int) -> list[Entry]:
        """The entries of ``pool`` (a mask) as :meth:`_upcoming_first` orders them: upcoming (soonest
        first), past (latest first), undated; at most ``limit``."""
        dated = bisect.bisect_left(self._date_keys, _UNDATED)
        first_upcoming = 0 if today is None else bisect.bisect_left(self._date_keys, today.toordinal(), 0, dated)
        upcoming = _lowest(pool & _span(first_upcoming, dated), limit)
        past = _highest(pool & _span(0, first_upcoming), limit - len(upcoming))
        undated = _lowest(pool & _span(dated, len(self.entries)), limit - len(upcoming) - len(past))
        return [self.entries[i] for i in (*upcoming, *past, *undated)]

    def _upcoming_first(self, pool: Sequence[int], today: dt.date | None, limit: int) -> list[Entry]:
        """``pool`` (ascending index order = date order, undated last) rearranged: upcoming, past, undated."""
        entries = self.entries
        if isinstance(pool, range):
            dated = bisect.bisect_left(self._date_keys, _UNDATED)
            first_upcoming = 0 if today is None else bisect.bisect_left(self._date_keys, today.toordinal(), 0, dated)
            order = [*range(first_upcoming, dated), *range(first_upcoming - 1, -1, -1), *range(dated, len(entries))]
            return [entries[i] for i in order[:limit]]
        upcoming: list[int] = []
        past: list[int] = []
        undated: list[int] = []
        for i in pool:
            date = entries[i].date
            if date is None:
                undated.append(i)
            elif today is None or date >= today:
                if len(upcoming) < limit:
                    upcoming.append(i)
            else:
                past.append(i)
        order = upcoming + past[::-1][: max(0, limit - len(upcoming))] + undated
        return [entries[i] for i in order[:limit]]
