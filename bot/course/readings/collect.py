"""Collecting the readings of one section from its blocks: list items, table rows, link lines, headings."""

from __future__ import annotations

from collections.abc import Sequence

from bot.course.readings.tree import LIST_BLOCKS, Block, Heading, Item, ListBlock, Para, Table, block_urls
from bot.course.readings.badges import badged_drafts
from bot.course.readings.bare_citations import cited_by_site_link, cited_title, source_row
from bot.course.readings.citations import (
    bare_url_lines,
    is_optional,
    link_row,
    links_work,
    locator_title,
    marked_title,
    names_only_companions,
    names_own_work,
    names_title,
    notes_optional,
    split_works,
    starts_with_work,
    work_urls,
)
from bot.course.readings.draft import Draft
from bot.course.readings.inline import Inline
from bot.course.readings.meeting_days import is_meeting_label
from bot.course.readings.names import is_generic, is_group_label, is_supplementary, says_reading, section_kind
from bot.course.readings.people import names_person
from bot.course.readings.prose import is_notes_heading
from bot.course.readings.shapes import (
    lead_in,
    lead_subject,
    links_site_file,
    asks_questions,
    skipped_work,
    names_other_matter,
    is_linked_citation,
    labels_other_matter,
    without_asides,
    opening_label,
    labelled_work,
    links_only_code_versions,
    links_only_source_files,
    reading_label,
    tasks_on_site_pages,
    is_setup_task,
    announces_task,
    gives_links,
    is_label,
    is_grouping_heading,
    list_names_readings,
)
from bot.course.readings.tables import title_column
from bot.course.readings.vocabulary import (
    ATTRIBUTE_HEADING,
    AUTHOR_DATE_ENTRY,
    CHAPTER_CITATION,
    CITATION_YEAR,
    CLASS_MATERIAL,
    CODE_REPOSITORY,
    DESCRIBING_HEADING,
    MATERIAL_LABEL,
    MAX_TITLE_WORDS,
    NON_READING_HEADING,
    PLACEHOLDER,
    PLACEHOLDER_TAIL,
    QUOTED,
    READING_LABEL,
    READING_WORDS,
    TOPIC_HEADING,
)
from bot.course.text import clean_title, squash


# --- readings -------------------------------------------------------------------------------------


class Collector:
    """Collects the readings of one level-2 section."""

    def __init__(self, name: str | None, kind: str) -> None:
        self.name = name
        self.kind = kind
        self.drafts: list[Draft] = []
        self.current: Draft | None = None
        self.supplementary = False  # the last grouping label said Optional, More, Further, ...
        self.heading_optional = False  # the sub-headings over what comes now say Optional, Additional, ...
        self.meeting = False  # in the blocks of one class meeting (under "### Tuesday, Jan 21")
        self.unmarked: list[Draft] = []  # citations that mark no title ("Boccaccio, Alatel")

    def start(
        self, title: str, line: int, urls: Sequence[str] = (), *, level: int | None = None, bare: bool = False
    ) -> Draft:
        draft = Draft(title, line, list(urls), level=level, bare=bare, supplementary=self.supplementary,
                      heading_optional=self.heading_optional)
        self.drafts.append(draft)
        self.current = draft
        return draft

    def attach(self, block: Block) -> None:
        if self.current is not None:
            self.current.add(block)

    def group(self, label: str) -> None:
        """A label grouping the readings after it ("### Optional", "**Further reading**")."""
        self.current = None
        if is_group_label(label):
            self.supplementary = is_supplementary(label)

    def takes_links(self) -> bool:
        """Does a bare link here belong to the reading above? Not when that reading is itself a bare link
        ("- <https://a>" then "- <https://b>" are two resources)."""
        return self.current is not None and not self.current.bare

    # items mode: list items, table rows and link lines name readings
    def items(self, blocks: Sequence[Block]) -> None:
        skipping = False  # under a label that starts another topic ("**Slides:**")
        for n, block in enumerate(blocks):
            if isinstance(block, Para) and is_label(block.inline):
                text = block.inline.text
                if skipping and says_reading(lead_subject(text.rstrip(":").strip())):
                    skipping = False  # "_Readings for next week_" after "**Homework:**": the nearest label decides
                if is_group_label(text):
                    self.group(text)
                    skipping = False
                    continue
                if TOPIC_HEADING.match(text) and not (
                    self.current is not None and DESCRIBING_HEADING.match(text)
                ):
                    self.current = None
                    skipping = True
                    continue
            if skipping:
                continue
            if isinstance(block, (ListBlock, Table)) and self.kind != "reading":
                previous = blocks[n - 1] if n else None
                lead = lead_in(previous) or opening_label(previous)
                if lead is not None:
                    # SPEC "Lead-in lines": where no heading says so, the line that introduces a list
                    # decides whether it lists works ("A few references:") or something else
                    # ("We looked at four areas:", "Lecture Materials:") and plays the heading's role
                    subject = lead_subject(lead)  # "Below is the link to the online notebook": a notebook
                    if not READING_WORDS.search(subject) or section_kind(subject) == "other":
                        self.current = None
                        continue
                    self.led_block(block, lead)
                    continue
                if names_other_matter(previous):
                    self.current = None  # "Featured" alone over a list of project links: a heading in all but form
                    continue
            if isinstance(block, ListBlock):
                self.list_block(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Para):
                self.paragraph(block, blocks[n + 1] if n + 1 < len(blocks) else None)
            else:
                self.attach(block)

    def reading_lead_ins(self, blocks: Sequence[Block]) -> None:
        """The blocks under a heading about other matter (``#### Assignments``, ``### Homework``): only a list
        right after a lead-in line naming reading matter in so many words (names.says_reading:
        ``_Readings for next week_``, ``For Tuesday, read:``) is a reading list, the lead-in playing the
        heading's role as where no heading stands (SPEC "Lead-in lines"): the nearest line introducing a list
        decides. The heading's other lists are its other matter."""
        self.current = None
        for n, block in enumerate(blocks):
            if not n or not isinstance(block, (ListBlock, Table)):
                continue
            lead = lead_in(blocks[n - 1]) or opening_label(blocks[n - 1])
            if lead is None or not says_reading(lead_subject(lead)):
                continue
            self.led_block(block, lead)

    def led_block(self, block: ListBlock | Table, lead: str) -> None:
        """The list or table a lead-in line introduces as listing works: read, each draft noting its lead-in."""
        before = len(self.drafts)
        self.list_block(block) if isinstance(block, ListBlock) else self.table(block)
        for draft in self.drafts[before:]:
            draft.lead = lead
        self.current = None

    def list_block(self, block: ListBlock) -> None:
        if self.takes_links() and any(item.is_just_link for item in block.items):
            self.attach(block)  # the links and abstract of the reading above
            return
        for item in block.items:
            self.item(item)

    def item(self, item: Item) -> None:
        text = item.inline.text
        nested = [c for c in item.children if isinstance(c, ListBlock)]
        if not item.inline.urls and (not text or is_group_label(text)) and nested:
            outer = self.supplementary
            self.group(text)  # "- Optional:" grouping the items below it
            self.items(item.children)
            self.supplementary = outer
            return
        if not text and not item.inline.urls:
            self.items(item.children)
            return
        if nested and self.lead_in_item(item, nested):
            return
        if labels_other_matter(item.inline):
            return  # "- **Homework:** [HW1](..)", "- Slides: [pdf](..)": the session's other material
        if links_only_code_versions(item.inline):
            return  # "- Live coding (Repl.it) [[C++](..)][[Python](..)]": one piece of code in its languages
        if links_only_source_files(item.inline):
            return  # "- [hello.cpp](../code/hello.cpp)": the session's code, not a work
        if tasks_on_site_pages(item.inline):
            self.current = None
            return  # "+ Make sure to review the [course policies](/policies) ...": a task, not a work
        if is_setup_task(item.inline):
            self.current = None
            return  # "- Install Microsoft Excel", "- Create a [Flourish](..) account": a setup step, not a work
        if names_person(item.inline):
            self.current = None
            return  # "- Speaker: [Jane Doe](https://univ.edu/~jane)": who speaks, not what to read
        if announces_task(item.inline):
            self.current = None
            return  # "- [Assignment 2 Released](lms-link)", "- Project 1 due": a task's state, not a work
        if self.kind == "neutral" and item.inline.urls and CODE_REPOSITORY.match(text):
            self.current = None
            return  # "- [GitHub Repository for the Module](..)" under "## Materials": code to clone
        labelled = reading_label(item.inline)
        if labelled is not None and not item.inline.links and PLACEHOLDER.match(labelled[1] or "-"):
            self.current = None
            return  # "- Reading: None", "- Reading: No reading": nothing to read for this topic
        works = split_works(item.inline) or link_row(item.inline)
        if not works and labelled is not None:
            works = split_works(item.inline, least=1)  # "- Reading: [Syllabus](../syllabus)": the one work it labels
        if works:  # "Reading: [A](..); [B](..)", "[A](..), [B](..)": one reading per work, each with its own link
            for work, url in works:
                draft = self.start(clean_title(work), item.line, work_urls(url))
                draft.optional, draft.linked = is_optional(item.inline), bool(url.strip())
                if labelled is not None:
                    draft.grouped_by = labelled[0]  # the item's own label says reading, as a heading would
            for child in nested:
                if any(names_own_work(i.inline) for i in child.items):
                    self.nested_works(draft, child)  # works of their own under the row, each a reading
            self.current = None
            return
        if names_only_companions(item.inline):
            return  # "**Video** [Lecture 2](..)": a badge and the session's own material, no work named
        title = text if text and not is_generic(text) else ""
        head = item.inline.head
        if title and head and not is_generic(head) and not MATERIAL_LABEL.match(head):
            title = head  # "**Title**  \n Authors, venue": the first line names the paper
        elif title:
            # a citation: the title it marks; "Chapter 3, sections [#7-16](..)": its text, without a "Reading:" label
            title = marked_title(item.inline) or locator_title(item.inline) or title
        bare = False
        if not title:
            if self.takes_links() and item.is_just_link:
                self.attach(ListBlock(False, [item], item.line))
                return
            if text and (CLASS_MATERIAL.match(text) or self.kind == "neutral"):
                return  # "[Slides](..)", "[Colab notebook](..)": the session's own material, no work named
            title = item.inline.urls[0] if item.inline.urls else text
            bare = not text  # shown as its own address, not as "[pdf](...)"
        cited = None if item.inline.urls or item.inline.links else cited_title(item.inline)
        if cited:
            title = cited  # "- Umberto Eco, *Serendipities*, “The Force of Falsity”": the first title marked
        if labelled is not None and title == text and labelled[1]:
            title = labelled[1]  # "- Reading: Section 1.3": the text after the label names the work
        draft = self.start(clean_title(title), item.line, item.inline.urls, bare=bare)
        if labelled is not None:
            draft.grouped_by = labelled[0]  # the item's own label says reading, as a heading would
        draft.optional = is_optional(item.inline) or skipped_work(item.inline) is not None  # "You do not need to read"
        draft.item = True
        draft.linked = links_work(item.inline)
        draft.cited = bool(cited)
        if (
            not item.inline.urls
            and len(nested) == 1
            and len(item.children) == 1
            and list_names_readings(nested[0])
        ):
            self.current = None
            self.drafts.pop()
            self.items(item.children)
            return
        if title is item.inline.head and text.startswith(title):
            draft.prose.append(text[len(title) :].strip())
        for child in item.children:
            if isinstance(child, ListBlock) and any(names_own_work(i.inline) for i in child.items):
                self.nested_works(draft, child)
            else:
                (self.current or draft).add(child)

    def nested_works(self, parent: Draft, block: ListBlock) -> None:
        """A list nested in a reading's item whose items carry their own linked titles (``1. The Stanford
        [CS231n](..) course has excellent tutorials`` over ``1. [Gradient Descent](..)``, or an ``**Optional
        Reading**: ...`` item under a paper): each such item is a reading of its own with its own links (an
        optional one not required); the parent keeps the links of its own line. A nested item that names no
        work of its own (``[pdf](..)``, a note) gives its links to the reading above it."""
        self.current = parent
        for nested in block.items:
            if names_own_work(nested.inline):
                self.item(nested)
            else:
                (self.current or self.drafts[-1]).add(ListBlock(block.ordered, [nested], nested.line))

    def lead_in_item(self, item: Item, nested: Sequence[ListBlock]) -> bool:
        """``- From the textbook (Smith, 2020):`` or ``- Read from *Designing Data-Intensive Applications*:`` over
        a nested list of chapters: the line only introduces the works under it (SPEC: not a reading); each
        nested item is one, the line playing the lead-in's role. The line ends with a colon and links nothing,
        or links only its source over items that are all parts of it ("Chapter 3: ..."). Outside a readings
        section the line must name reading matter. True when the item was read so."""
        text = item.inline.text
        if not text.endswith(":") or len(text.split()) > MAX_TITLE_WORDS:
            return False
        if item.inline.urls or item.inline.links:
            parts = [i for block in nested for i in block.items]
            if not parts or not all(CHAPTER_CITATION.search(i.inline.text) for i in parts):
                return False
        lead = text.rstrip(":").strip()
        if self.kind != "reading" and (not READING_WORDS.search(lead) or section_kind(without_asides(lead)) == "other"):
            return False
        before, outer = len(self.drafts), self.supplementary
        self.current = None
        self.supplementary = outer or is_supplementary(lead)
        self.items(item.children)
        self.supplementary = outer
        for draft in self.drafts[before:]:
            if draft.lead is None:
                draft.lead = lead
        self.current = None
        return True

    def table(self, block: Table) -> None:
        column = title_column(block)
        for cells, line in block.rows:
            if not cells:
                continue
            if column < len(cells) and is_setup_task(cells[column]):
                self.current = None
                continue  # "| Install Excel | [here](..) |": a setup step, not a work
            urls = [u for c in cells for u in c.urls]
            works = link_row(cells[column]) if column < len(cells) else None
            if works:  # "| 9/5 | [BERT](..), [RoBERTa](..) |": one reading per work in the cell
                for work, url in works:
                    self.start(clean_title(work), line, work_urls(url)).linked = bool(url.strip())
                self.current = None
                continue
            title = cells[column].text if column < len(cells) else ""
            if not title or is_generic(title):
                title = next((c.text for c in cells if c.text and not is_generic(c.text)), "")
            if not title:
                if not urls:
                    continue
                title = urls[0]
            draft = self.start(clean_title(title), line, urls)
            draft.prose.extend(c.text for i, c in enumerate(cells) if i != column and not is_generic(c.text))

    def paragraph(self, block: Para, following: Block | None) -> None:
        inline = block.inline
        if names_person(inline):
            self.current = None  # "**Guest:** [Jane Doe](https://janedoe.com)": who speaks, not what to read
            return
        if len(inline.lines) == 1 and is_setup_task(inline):
            self.current = None  # "Install [Tesseract](..)" on a line of its own: a setup step, not a work
            return
        if announces_task(inline):
            self.current = None  # "[Assignment 2 Released](lms-link)" on a line of its own: a task, not a work
            return
        skipped = skipped_work(inline) if self.kind == "reading" else None
        if skipped is not None:
            # "*Note: You do not need to read ... "The Responsive Voter". Consider it optional.*": that work, optional
            draft = self.start(clean_title(skipped), block.line)
            draft.optional = draft.item = True
            self.current = None
            return
        badged = badged_drafts(inline, block.line)
        if badged is not None:  # "**Reading**{: .label} [A](..)" / "**Code**{: .label} [B](..)" lines
            self.drafts.extend(badged)
            self.current = None
            return
        if (
            inline.emphasised
            and self.kind == "reading"
            and gives_links(following)
            and not ATTRIBUTE_HEADING.match(inline.text)
            and not is_generic(inline.text)
            and inline.text.count(" ") < MAX_TITLE_WORDS
        ):
            # "**Attention Is All You Need**" on its own line over "[pdf](...)" names a paper, as a heading would
            self.start(clean_title(inline.text), block.line)
            return
        works = split_works(inline, least=1)
        if works:
            lead = inline.gap(0, inline.links[0][2]).rstrip("0123456789.) ").rstrip(":").strip()
            # "**Readings:** [A](..); [B](..)": a lead-in naming reading matter over a row of works;
            # "Reading: [A](..)" alone: only a label that says reading in so many words
            if (READING_WORDS if len(works) > 1 else READING_LABEL).search(lead):
                for work, url in works:
                    draft = self.start(clean_title(work), block.line, work_urls(url))
                    draft.lead, draft.item, draft.linked = lead, True, bool(url.strip())
                self.current = None
                return
        labelled = labelled_work(inline)
        if labelled is not None:
            # "**Main paper:** [Title](url) (Author et al., 2017)", "**Background:** [Title](url)": the label
            # plays the lead-in's role for the one work it introduces
            label, title, hrefs = labelled
            draft = self.start(clean_title(title), block.line, [u for h in hrefs for u in work_urls(h)])
            draft.lead, draft.item, draft.optional, draft.linked = label, True, is_optional(inline), True
            self.current = None
            return
        if self.label_over_lines(inline, block.line):
            return
        if self.current is not None:
            if self.current.item and not inline.is_just_link:
                self.current = None  # prose after a list: an item's links are its own (SPEC "More rules")
                if self.kind != "neutral":
                    return
                # where no heading says readings, the paragraph is judged on its own (a reference entry
                # after a list of questions is one)
            else:
                self.current.add(block)
                return
        if self.kind != "reading":
            if self.kind == "neutral" and self.meeting and self.cite(inline, block.line):
                return  # one citation per paragraph under a meeting day, as under a term
            if self.kind == "neutral" and is_linked_citation(inline):
                # "[ACM Code of Ethics](url) *(skim)*", "["Be Careful What You Code For"](url), D. Boyd (2016)"
                # on its own: a reference-list entry, the work named by its link
                draft = self.start(clean_title(marked_title(inline) or inline.text), block.line, inline.urls)
                draft.item, draft.optional = True, is_optional(inline)
                self.current = None
                return
            if self.kind == "neutral" and AUTHOR_DATE_ENTRY.match(inline.text):
                # "Field, A., ... (2021). [A Survey of ...](url). arXiv." on its own, no heading over it: a
                # reference-list entry (the author-date shape says so), one reading per paragraph
                title = marked_title(inline)
                if title:
                    draft = self.start(clean_title(title), block.line, inline.urls)
                    draft.item, draft.optional = True, is_optional(inline)
                self.current = None
            return
        # "[Title](url)" or "**Title** url" lines directly in a section named for readings
        before = len(self.drafts)
        for number, (raw, urls, marked) in enumerate(inline.lines):
            linked = not urls and marked and starts_with_work(inline, number)
            text = squash(raw) if (urls or linked) and marked else ""
            if text and not is_generic(text):
                self.start(clean_title(text), block.line + number, urls).linked = linked
        if len(self.drafts) == before and lead_in(block) is not None:
            # "**Jacques Le Goff, *Les intellectuels du Moyen Age* (9-28)**": bold like a label, a citation all the same
            self.cite(inline, block.line)
        elif len(self.drafts) == before:
            # one citation per paragraph: "Doe, J. (2020). *A Title*. Venue. https://doi.org/..."
            title = marked_title(inline)
            if title and (inline.urls or CITATION_YEAR.search(inline.text)):
                self.start(clean_title(title), block.line, inline.urls).item = True
            elif self.cite(inline, block.line):
                pass  # "J.B. Harley, “Deconstructing the Map”, 1-15.": no year and no link, still a citation
            elif (
                not inline.urls
                and len(inline.lines) == 1
                and inline.text.count(" ") < MAX_TITLE_WORDS
                and CHAPTER_CITATION.search(inline.text)
            ):
                # "Jurafsky & Martin, Ch. 3" on a line of its own: a textbook chapter, named by its text
                self.start(clean_title(inline.text), block.line).item = True
            else:
                # "The Illustrated Transformer (https://...)", "Title: https://..." lines: each names its work
                for number, (title, urls) in enumerate(bare_url_lines(inline) or ()):
                    self.start(clean_title(title), block.line + number, urls).item = True
        self.current = None

    def label_over_lines(self, inline: Inline, line: int) -> bool:
        """``**Required reading**`` then one linked work per line (hard line breaks, one paragraph): the
        label plays the lead-in's role and each line is a reading with that line's links. The label must
        name reading matter unless the section does. True when the paragraph was taken so."""
        lines = inline.lines
        if len(lines) < 2 or lines[0][1] or inline.line_links(0) or not all(
            urls or starts_with_work(inline, n) for n, (_, urls, _) in enumerate(lines[1:], start=1)
        ):
            return False
        lead = squash(lines[0][0]).rstrip(":").strip()
        if not lead or len(lead.split()) > 8 or not (lines[0][2] or lines[0][0].rstrip().endswith(":")):
            return False  # the first line is a label: bold or italic, or ending with a colon
        if self.kind != "reading" and not READING_WORDS.search(lead):
            return False
        works = []
        for number, (raw, urls, starts_linked) in enumerate(lines[1:], start=1):
            text = squash(raw)
            own = inline.line_links(number)
            linked = own[0][0] if starts_linked and own else ""
            title = linked if names_title(linked) else text
            if title and not is_generic(title):
                works.append((clean_title(title), line + number, urls, notes_optional(text), bool(linked)))
        if not works:
            return False  # "**Links**" over "[pdf](..)" lines: the links of the reading above
        for title, at, urls, optional, linked in works:
            draft = self.start(title, at, urls)
            draft.lead, draft.item, draft.optional, draft.linked = lead, True, optional, linked
        self.current = None
        return True

    def meeting_day(self, blocks: Sequence[Block]) -> None:
        """The blocks under a heading that only names a meeting (``### Tuesday, Jan 21``, ``### Week 3``): the
        heading names no work and its links are the items'. In a section not named for readings, the day lists
        instructions and questions as well as works: only the items that name a work by a link or cite one
        are readings (a question or a task has neither)."""
        self.current = None
        before = len(self.drafts)
        outer, self.meeting, self.unmarked = self.meeting, True, []
        self.items(blocks)
        self.meeting = outer
        if self.kind == "neutral":
            own = [d for d in self.drafts[before:] if d.urls or d.cited or d.linked]
            # "Author, Title" with no title marked is a citation only among others that mark theirs
            if all(any(d is u for u in self.unmarked) for d in own):
                own = [d for d in own if not any(d is u for u in self.unmarked)]
            self.drafts[before:] = own
        self.current = None

    def cite(self, inline: Inline, line: int) -> bool:
        """A paragraph that is one citation and names its work without a web link: a lead citing the source
        over a row of its parts' links, an entry linking a page of the site, or a citation written out
        (bare_citations.py). True when it was taken."""
        row = source_row(inline)
        if row:
            for work, url in row:
                draft = self.start(clean_title(work), line, work_urls(url))
                draft.item, draft.cited, draft.linked = True, True, bool(url.strip())
            self.current = None
            return True
        title = cited_by_site_link(inline)
        linked = title is not None
        if title is None:
            title = cited_title(inline)
        if not title:
            return False
        draft = self.start(clean_title(title), line)
        draft.item, draft.cited, draft.linked, draft.optional = True, True, linked, is_optional(inline)
        if not linked and not (inline.italics or QUOTED.search(inline.text)):
            self.unmarked.append(draft)
        self.current = None
        return True

    # heading mode
    def heading(self, head: Heading, own: Sequence[Block], next_level: int | None, as_group: bool = False) -> None:
        """A sub-heading and what stands under it up to the next one. ``as_group``: a session page's part
        heading naming reading matter ("### Further materials"): it groups the works under it, naming none."""
        text = head.inline.text
        if not head.inline.links and is_meeting_label(text):
            self.meeting_day(own)
            return
        if self.current is not None and ATTRIBUTE_HEADING.match(text):
            level = self.current.level
            if DESCRIBING_HEADING.match(text) or (level is not None and head.level > level):
                for block in own:
                    self.current.add(block)
                return
        if NON_READING_HEADING.match(text) or (TOPIC_HEADING.match(text) and not is_group_label(text)):
            self.current = None  # another topic of the session: its links belong to no reading
            self.reading_lead_ins(own)  # but "_Readings for next week_" under "#### Assignments" lists works
            return
        if not head.inline.urls and not any(block_urls(b) for b in own) and PLACEHOLDER_TAIL.search(text):
            self.current = None  # "### Additional reading coming soon...": no work named yet
            return
        if not head.inline.urls and asks_questions(own) and not (self.kind == "reading" and section_kind(text) == "neutral"):
            # "### Questions to Consider" over questions to think about: no work named; but under a readings
            # heading, "## Page and Shapiro" over questions names the work they are about
            self.current = None
            return
        if self.kind == "neutral" and is_notes_heading(head, own):
            self.current = None  # "### Confidence intervals" over paragraphs of lecture notes: no work named
            return
        first_list = next((i for i, b in enumerate(own) if isinstance(b, LIST_BLOCKS)), None)
        before_urls = list(head.inline.urls) + [u for b in own[: first_list or 0] for u in block_urls(b)]
        grouping = as_group or is_grouping_heading(head, own, first_list, before_urls, next_level)
        if grouping:
            # the heading says Optional/Additional/... of its own items (the nearest such heading decides:
            # "### Required" under "## More" does not, "### Optional reading on X:" under "## Required" does)
            saying = is_supplementary(text)
            if is_group_label(text):
                self.heading_optional = saying
            else:
                self.supplementary = self.supplementary or saying
                self.heading_optional = self.heading_optional or saying
            before = len(self.drafts)
            self.group(text)
            self.items(own)
            if section_kind(text) == "reading" and READING_LABEL.search(text):
                # "### Readings", "### Textbook", not "### Resources" or "### Links" (broader words)
                for draft in self.drafts[before:]:
                    draft.grouped_by = draft.grouped_by or text
            return
        title = text or (head.inline.urls[0] if head.inline.urls else "")
        draft = self.start(clean_title(title), head.line, head.inline.urls, level=head.level)
        # a citation heading whose document is a file of the site ("[PDF]({{ site.docsUrl }}x.pdf)" where the
        # settings name no docsUrl): linked like one whose link is an http(s) URL
        draft.cited = links_site_file([head, *own[: first_list if first_list is not None else len(own)]])
        seen_list = False
        for block in own:
            if isinstance(block, ListBlock):
                if not seen_list or any(item.is_just_link for item in block.items):
                    seen_list = True
                    self.attach(block)
                    continue
                for item in block.items:
                    if item.title_like and item.all_urls():
                        self.item(item)
                    else:
                        self.attach(ListBlock(block.ordered, [item], item.line))
            else:
                self.attach(block)
