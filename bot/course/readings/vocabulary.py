"""The vocabulary of the reading parser, as data: every word list and name pattern the rules consult.

Nothing here decides anything; names.py and the layout modules ask these lists. To teach the parser a
new word (a section name, a link label, a placeholder), add it here and a test for the rule that uses it.
"""

from __future__ import annotations

import re

from bot.course.calendar_words import week_of_pattern, week_words_pattern
# compiled when first used: the site reader imports this module for commands that parse nothing
from bot.course.lazy_pattern import lazy_compile


# SPEC: a section is supplementary when its name says More, Extra, Additional, Optional, Background, Further
# (or supplement, bonus, not required). "Recommended" and "Suggested" readings are what the course asks
# students to read: required, as the hand labels of unseen sites have them.
# Words are matched whole: a stem with ``\w*`` would take other words too ("read\w*" takes "Ready" in "Get
# Ready", "Readiness", "README"), so each list spells out the forms it means.
READ = r"read(?:s|ing|ings|er|ers)?"  # read, reads, reading(s), reader(s) ("Course Reader"); not ready, readme
SUPPLEMENT = r"supplement(?:s|ary|al)?"  # supplement(s), supplementary, supplemental
QUIZ = r"quiz(?:zes)?"
EMULATOR = r"emulat(?:e|es|ed|ing|ion|ions|or|ors)"
INSTALL = r"install(?:s|ed|ing|ation|ations|er|ers)?"
SUPPLEMENTARY = lazy_compile(
    rf"\b(more|extra|additional|optional|background|further|{SUPPLEMENT}|bonus"
    r"|not\s+required|non-required)\b",
    re.IGNORECASE,
)
READING_WORDS = lazy_compile(
    rf"\b({READ}|papers?|literature|references?|resources?|materials?|bibliography|articles?|textbooks?"
    rf"|books?|chapters?|required|require|optional|{SUPPLEMENT}|additional|extra|more|further|background"
    r"|recommended|suggested|links?|sources?|related\s+work|videos?|watch|tutorials?)\b",
    re.IGNORECASE,
)
# A lead-in label that asks students to read or watch the one work after it (``**Watch Video:** [Title](..)``,
# ``**Read Article:**``, ``**Listen to:**``): paragraphs so labelled are a reading list wherever they stand.
WORK_VERB_LABEL = lazy_compile(
    r"(?:please\s+)?(?:read|watch|listen(?:\s+to)?|view|skim)(?:\s+(?:the\s+|this\s+)?(?:article|paper|video|chapter"
    r"|book|blog(?:\s+post)?|post|essay|report|talk|lecture|podcast|interview|tutorial|piece|excerpt|story"
    r"|documentary|section|case(?:\s+study)?))?",
    re.IGNORECASE,
)
# A label that names reading matter in so many words ("Reading:", "Required:", "Paper:", "Textbook:"),
# strong enough to make the one link after it a reading; READING_WORDS also takes videos, links, sources.
READING_LABEL = lazy_compile(
    rf"\b({READ}|papers?|references?|bibliography|articles?|textbooks?|books?|chapters?|required|optional"
    rf"|{SUPPLEMENT}|literature)\b",
    re.IGNORECASE,
)
NON_READING_SECTION = lazy_compile(
    rf"\b(blog|summary|summaries|recap|assignments?|homework|hw\d*|exercises?|{QUIZ}|exams?|logistics"
    r"|announcements?|agenda|outline|presenters?|deadlines?|due|grading|teams?|scribes?|to\s*do|todo"
    r"|comments?|feedback|in\s+this\s+session|glossary|study\s+guide|answer\s+key|essay|slides?|recordings?"
    rf"|discussion|questions|notes|themes?|prompts?|description|proposed|topics|{EMULATOR}|simulators?|software|tools?"
    rf"|{INSTALL}|setup|set\s+up|before\s+class|get(ting)?\s+ready|familiari[sz]e|websites?|practice|review|surveys?"
    r"|forms?"
    r"|activit(y|ies)|in[-\s]class|labs?|worksheets?|featured|examples?|inspiration|showcase|gallery"
    r"|notebooks?|jupyter|colab|demos?|codes?|datasets?"
    r"|(research|library|subject)\s+guides?|libguides|credits|acknowledge?ments?|tutors?|tutoring"
    r"|office\s+hours|staff|instructors?|teaching\s+assistants?)\b",
    re.IGNORECASE,
)
# A guide to how to read, as a section name ("Reading Guide", "Reading order", "Reading guidance", "Tips for
# reading", "How to read these papers", "A guide to the readings"): it holds advice about the works, not works
# ("Readings", "Required reading", "Reading list" name the works themselves). The works it may name after its
# words to point at the session's own ("these papers", "the assigned readings") are part of the name, so they do
# not make it a readings section; "How to Read a Paper" (a work's title) points at none, and stays one.
_WORKS = rf"(?:papers?|articles?|{READ}|books?|chapters?|texts?|works?|literature)"
_WORKS_TAIL = (
    r"(?:\s+(?:(?:for|of|to|on|with|in)\s+)?(?:the|these|this|each|our|today['’]?s|this\s+week['’]?s)\s+"
    r"(?:[\w-]+\s+)?" + _WORKS + r")?"
)
READING_GUIDE = (
    rf"(?:{READ}\s+(?:guides?|guidance|order|tips|advice|strateg(?:y|ies)|instructions)"
    rf"|(?:tips|advice|guidance|instructions)\s+(?:for|on)\s+{READ}"
    rf"|how\s+to\s+(?:read|approach)|(?:a\s+)?guide\s+to\s+(?:the\s+)?{READ})" + _WORKS_TAIL
)
# Section names about other class matter even though they contain a reading word ("Study Materials",
# "Helpful websites", "Software to install", "Emulator as koan", the reading's task: "Reading Responses",
# "Reading questions", "Reading Reflection", a guide to reading: READING_GUIDE): never readings.
OTHER_MATTER_SECTION = lazy_compile(
    r"\b(study\s+(materials?|guides?)|review\s+(documents?|materials?)|lecture\s+materials?|before\s+class"
    + "|" + READING_GUIDE +
    r"|(helpful|useful)\s+(websites?|links?|resources?|tools?)"
    rf"|{READ}\s+(responses?|reflections?|questions?|prompts?|{QUIZ})"
    rf"|{EMULATOR}|software|{INSTALL}|setup|familiari[sz]e|practice\s+({QUIZ}|exams?|problems?)|proposed\s+topics)\b",
    re.IGNORECASE,
)
# A section named only for the session's own media ("Videos", "Lecture recordings", "Slides"): not readings
# (SPEC: lists under Slides, Videos are not readings, even when they link somewhere).
MEDIA_SECTION = lazy_compile(
    r"^\W*((lecture|class|session|course|today'?s)\s+)?(videos?|video\s+recordings?|recordings?|slides?"
    r"|slide\s+decks?|lecture\s+(videos?|slides|notes))\W*$",
    re.IGNORECASE,
)
# A section name whose object is the readings ("Other notes/questions on readings", "Comments on the papers",
# "Discussion of this week's readings"): the headings under it name the works its notes are about.
READINGS_OBJECT = lazy_compile(
    r"\b(notes?|questions?|comments?|thoughts?|discussion)\b[^.:]*?\b(on|about|for|of)\s+"
    rf"(?:the\s+|these\s+|this\s+week['’]?s\s+|today['’]?s\s+)?(?:{READ}|papers?|articles?|texts?)\W*$",
    re.IGNORECASE,
)
# A section named only for a part of the session that is no reading matter ("### Code", "### Hands-on exercises",
# "### Where to try LLMs"): the whole name, so "Hands-on Machine Learning, ch. 2" (a work) is not one. Its lists
# are the session's own (demos, tools to try).
SESSION_PART_SECTION = lazy_compile(
    r"^\W*(code|hands[-\s]on(\s+[\w-]+){0,2}|where\s+to\s+(try|play\s+with|test)(\s+[\w-]+){0,3}"
    r"|try\s+it\s+(yourself|out))\W*$",
    re.IGNORECASE,
)
# "### Introduction" among a session page's part headings ("### Slides", "### Code", "### Further materials"):
# the page's opening part, no reading matter. Only there: "## Introduction" in a schedule of lecture topics is
# the first topic, judged by its content.
INTRODUCTION_SECTION = lazy_compile(r"^\W*(introduction|intro|overview)\W*$", re.IGNORECASE)
# A sub-heading named only for resources, videos, tools or code ("##### More Resources", "#### Video Resources",
# "### Resources", "### Videos", "### Helpful Tools"): a few words ending in such a word. Below a heading that
# names reading matter it may still list works; elsewhere its list is other class matter, not readings.
RESOURCE_HEADING = lazy_compile(
    r"^\W*(?:[\w&'’-]+\s+){0,2}(resources?|videos?|tools?|code|demos?|websites?|recordings?|links?)\W*$",
    re.IGNORECASE,
)
# A link text naming a code repository ("GitHub Repository for the Text Module", "Code repo"): outside a section
# that says readings, the session's code to clone, not a work to read.
CODE_REPOSITORY = lazy_compile(
    r"^\W*(the\s+)?((github|gitlab|bitbucket|code|course|project|module)\s+)?(repo|repository|repositories)\b",
    re.IGNORECASE,
)
# A lead-in that says its list gives the link(s) to something ("Below is the link to the online notebook:"): the
# list holds what follows the words, so that decides whether it lists works, not the word "link".
LINKS_TO = lazy_compile(r"\blinks?\s+(?:to|for)\s+", re.IGNORECASE)
# A heading that says "more of the same" before a topic ("##### Additional Divide & Conquer Algorithm", "### More
# on hashing", "### Further examples"): it continues the heading of its level just before it, so after a heading
# about resources or videos it lists more of those, not readings.
CONTINUING_HEADING = lazy_compile(r"^\W*(more|extra|additional|further|other)\b", re.IGNORECASE)
# Link texts that only name a programming language or where the code runs ("[[C++](..)][[Python](..)]",
# "[Online](..)", "[Source](..)"): the versions of one piece of code, not works.
LANGUAGE_LINK_WORDS = frozenset(
    "c c++ c# cpp python python3 py java javascript js typescript ts rust go golang r matlab julia haskell scala "
    "kotlin swift ruby perl php ocaml racket scheme lisp prolog sql bash shell verilog vhdl online source repl "
    "repl.it replit onlinegdb jsfiddle codepen colab notebook jupyter".split()
)
# A heading naming who comes to speak ("## Guest", "## Guests", "### Guest Speaker", "## Speakers"): its links are
# people's pages, not readings. Only as a heading: "Speaker: [Title](..)" in a list is judged as a line.
PEOPLE_HEADING = lazy_compile(
    r"^\W*((our|today'?s|this\s+week'?s)\s+)?((guest|invited|keynote)\s+)?(guests?|speakers?|lecturers?|panel(ists?)?)\W*$",
    re.IGNORECASE,
)
# Section names that are reading words only as adjectives ("## Background" of a paper summary, as against
# "Background reading"): judged by their content, like a name without reading words.
ADJECTIVE_ONLY_SECTION = lazy_compile(r"^\W*(background|further|more|extra|additional|other)\W*$", re.IGNORECASE)
# Section names made only of a word that may cover readings but says no kind ("## Materials" over a lecture's
# slides, its notebook and set-up steps): judged by their content and lead-in lines, like a name without
# reading words. A name that says which materials ("Preparatory Materials", "Reading Materials") is unchanged.
COVER_WORD_SECTION = lazy_compile(r"^\W*(course\s+|class\s+)?materials?\W*$", re.IGNORECASE)
# A heading made only of these words groups readings ("### Even More:", "#### Optional papers").
GROUP_WORDS = frozenset(
    "even more extra additional optional background further required require requires readings reading "
    "read papers paper resources resource materials material references reference suggested recommended "
    "supplementary supplemental other also see and or links link related work works list of the for this "
    "session week lecture class today core main primary secondary must key".split()
)
# Headings that introduce what a session covers, not what to read ("### In this lecture, we cover:").
NON_READING_HEADING = lazy_compile(
    r"^(in\s+this\s+(lecture|session|class|week|module|talk)\b|we\s+(will\s+)?cover\b|(lecture\s+)?outline\b"
    r"|agenda\b|topics(\s+covered)?\W*$|learning\s+(objectives|goals|outcomes)\b|objectives\W*$"
    r"|(study\s+guide|glossary|quiz|answer\s+key|homework|assignments?|announcements?)\b)",
    re.IGNORECASE,
)
# A heading that says it lists papers ("### 2025 HIGH-IMPACT PAPERS on this topic").
PLURAL_GROUP = lazy_compile(r"\b(papers|readings|resources|references|materials|articles|links|tools)\b", re.IGNORECASE)
# Headings below a reading that describe it rather than name another one.
ATTRIBUTE_HEADING = lazy_compile(
    r"^(abstract|summary|tl;?dr|notes?|authors?|venue|bibtex|citation|code|slides|key\s+(ideas|points|takeaways)"
    r"|discussion(\s+questions)?|questions|comments|links?|why\s+read\s+(it|this))\W*$",
    re.IGNORECASE,
)
# ... of these, the ones that describe the reading above wherever they stand.
DESCRIBING_HEADING = lazy_compile(
    r"^(abstract|summary|tl;?dr|notes?|authors?|venue|bibtex|citation|code|key\s+(ideas|points|takeaways)"
    r"|why\s+read\s+(it|this))\W*$",
    re.IGNORECASE,
)
# A heading or label that starts another topic of the session ("### Slides", "**Discussion:**",
# "#### Schedule"): not a reading, and it ends the reading above unless it sits deeper than that
# reading's own heading ("### Paper" / "#### Slides" are the paper's slides).
TOPIC_HEADING = lazy_compile(
    r"^((lecture|class|session|course|today'?s)\s+)?(slides?|slide\s+decks?|recordings?|video\s+recordings?"
    r"|(lecture|class)\s+videos?"
    r"|schedule|logistics|homework|assignments?|announcements?|deadlines?|presenters?|projects?"
    r"|quiz(zes)?|exercises?|discussion(\s+(questions|points|prompts))?|questions|notes|scribe\s+notes|code"
    r"|comments|feedback|agenda|outline|due|to\s*do)\W*$",
    re.IGNORECASE,
)
# What a post writes where a reading will go later ("- TBA", "### TBD").
# So is a value that says there is none ("No reading", "No readings this week", "No assigned reading").
PLACEHOLDER = lazy_compile(
    r"^(tba|tbd|tbc|to\s+be\s+(announced|determined|decided|added)|none(\s+(this|for\s+this)\s+\w+)?|n/?a"
    rf"|no\s+(?:assigned\s+|required\s+)?(?:{READ}|papers?)(?:\s+(?:assigned|required|today|(?:this|for\s+this)\s+\w+))?"
    r"|coming\s+soon|\?+|-+)\W*$",
    re.IGNORECASE,
)
# A heading that only announces readings still to come ("### Additional reading coming soon...", "### Papers TBA").
PLACEHOLDER_TAIL = lazy_compile(
    r"\b(coming\s+soon|to\s+be\s+(announced|determined|decided|added|posted)|tba|tbd|tbc)\W*$", re.IGNORECASE
)
# Link texts that say "here is the address" rather than name a paper.
GENERIC_WORDS = frozenset(
    "url urls link links pdf pdfs paper arxiv here slides slide deck code website web site github video videos blog "
    "post html project page homepage openreview doi source abstract official download repo repository preprint "
    "full text version online available at see also the on in via tutorial notebook colab demo dataset talk "
    "podcast youtube leaderboard huggingface hf card webpage news press release poster bib bibtex citation "
    "supplementary appendix scholar semantic anthology acl click".split()
)
# At most this many lowercase words ending in a generic one only describe a link ("external link", "library
# link", "journal version"): no title.
LINK_DESCRIPTION_WORDS = 3
WORD = lazy_compile(r"[\w@'’.+-]+")
MAX_TITLE_WORDS = 30
# A lowercase link text of at most this many words ending in a generic word describes the link, not the work
# ("external link", "library link", "direct pdf link"), even right after a citation's comma.
DESCRIBED_LINK_WORDS = 3
GROUP_FILLERS = frozenset({"and", "or", "of", "the", "for", "this", "also", "see", "list", "other"})

# --- front matter lists ---------------------------------------------------------------------------
# Keys of a list entry that name the work, and that hold its address.
FRONT_MATTER_TITLE_KEYS = frozenset({"title", "name", "paper", "reading", "work", "book", "article", "citation"})
FRONT_MATTER_LINK_KEYS = frozenset(
    {"url", "link", "href", "pdf", "doi", "arxiv", "video_url", "video", "url_pdf", "paper_url", "website", "web"}
)
# Keys of a list entry that hold a titled group's own list of link entries (``sections: [{title: Recommended
# Readings, links: [{name: .., url: ..}]}]``): the entry is a group, its title a heading, each nested entry a work.
FRONT_MATTER_GROUP_LISTS = frozenset(
    "links items resources readings reading papers references entries materials contents works".split()
)
# A front matter list under a key with one of these words is another kind of material, not readings.
FRONT_MATTER_NON_READING_LISTS = frozenset(
    "slides slide videos video recordings recording extras extra forms form exercises exercise quizzes quiz "
    "assignments assignment homework labs lab projects project links images image files downloads notebooks "
    "code demos announcements presenters team teams authors description presenter speaker speakers lead leads "
    "leader leaders discussant discussants scribe scribes host hosts organizer organizers instructor instructors "
    "people students members".split()
)
# ... unless it also names reading matter (`extra_readings`, `optional_papers`).
FRONT_MATTER_READING_LISTS = frozenset(
    "readings reading papers paper references reference refs bibliography books book articles article "
    "literature texts chapters".split()
)
# Entry keys that mark the entry optional when true, and values of a type-like key that do.
FRONT_MATTER_OPTIONAL_KEYS = frozenset({"optional", "supplementary", "extra", "bonus"})
OPTIONAL_VALUES = frozenset({"optional", "supplementary", "extra", "bonus", "recommended", "further"})

# --- items that are class material, forms or badges rather than works ----------------------------
# Link texts naming the session's own material: "Lec3: Cloud computing", "Lecture 2 slides", "Slides".
CLASS_MATERIAL = lazy_compile(
    r"^\s*(lec(ture)?\s*\d+\b|slides?\b|slide\s+deck|recording\b|video\s+recording|lecture\s+(notes|video|slides)"
    r"|(video|recording)\s+(from|of)\s+(today'?s\s+|this\s+|the\s+)?(lecture|class|session)"
    r"|(today'?s\s+)?(lecture|class|session)\s+(video|recording))",
    re.IGNORECASE,
)
# Addresses of sign-up forms and surveys, and words that ask for one (SPEC: a form adds nothing).
FORM_HOSTS = ("forms.gle/", "docs.google.com/forms", "typeform.com", "surveymonkey.", "qualtrics.", "forms.office.com")
FORM_WORDS = lazy_compile(r"\b(survey|sign[\s-]?up|fill\s+out|questionnaire|form)\b", re.IGNORECASE)
# Words by which one item marks itself supplementary, whatever its section (SPEC's supplementary words, as for
# section names): one list for the idea, read by the badge (``**(optional)**{: .label}``, ``**Bonus**{: .label}``,
# a badge "optional but recommended") and by the note in the item's text (``(optional)``, ``[Background]``).
ITEM_SUPPLEMENT = rf"optional|bonus|{SUPPLEMENT}|background|not\s+required"
OPTIONAL_MARK = lazy_compile(rf"\b({ITEM_SUPPLEMENT})\b", re.IGNORECASE)
# A label badge that sets its line beside a main one ("**Supporting Paper**{: .label}" under "**Paper**{: .label}",
# "**Background**", "**Related**", "**Secondary**"), or marks it optional as above: the line is not required.
OPTIONAL_BADGE = lazy_compile(
    rf"\b({ITEM_SUPPLEMENT}|supporting|related|secondary|further|additional|extra)\b", re.IGNORECASE
)
# The note: "(optional" anywhere ("(optional but fun)"); a bracketed note of the other words at the item's end
# ("Sorting Things Out (Starr & Bowker) [Background]", "How Immigration Became Illegal (background)").
OPTIONAL_NOTE = lazy_compile(
    rf"[(\[]\s*(?:optional|bonus\b)|[(\[]\s*(?:{ITEM_SUPPLEMENT})\s*[)\]][\s.]*$", re.IGNORECASE
)
# Between the parts of one work an item lists ("van Steen §4.1-4.2; §8.3", "Ch. 3, 5").
PART_SEPARATOR = lazy_compile(r"[;,]")
# Separators allowed between the links of a row of works ("[A](..); [B](..)", "1 [A](..). 2 [B](..)").
WORK_SEPARATOR = lazy_compile(r"^[\s;,.|/&·•–—\-]*((and|or|\d+[.)]?)[\s;,.|/&·•–—\-]*)*$", re.IGNORECASE)
# Quoted titles in citations: “Title,” "Title."
QUOTED = lazy_compile(r"[“\"]([^”\"]{3,}?)[,.]?[”\"]")
# Badges that mark a line as another kind of class event, not a work ("**Lecture**{: .label}").
OTHER_BADGE = lazy_compile(
    rf"\b(lecture|lec|section|lab|{QUIZ}|exams?|midterm|final|assignments?|homework|hw\d*|due|projects?|discussion"
    r"|survey|holiday|no\s+class|release[ds]?|checkpoint|deadline|office\s+hours|guest|presentations?|break"
    r"|submit(?:s|ted|ting)?|milestones?|sign[\s-]?up)\b",
    re.IGNORECASE,
)
# Of those, the class activities in which works are read: a label naming one beside reading matter
# ("Discussion paper:", "Readings for discussion", "Lecture reading") labels the works read for it.
# Deliverables and events ("Final paper", "Project paper due") stay other class matter.
ACTIVITY_BADGE = lazy_compile(r"\b(lecture|lec|section|lab|discussion|guest|presentations?|seminar)\b", re.IGNORECASE)
# Links to archives of code or data to download ("HW-Threads.tgz", "lab1.zip"): software to run, not a work to
# read, unless a reading label says so.
ARCHIVE_URL = lazy_compile(r"\.(?:tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar|zip|7z|rar)(?:[?#].*)?$", re.IGNORECASE)
# Badges that say a line is reading matter ("**Read**{: .label}", "**Watch**", "**Annotate**", "**Paper**"):
# such lines are readings even under a term about something else ("Due by today").
READING_BADGE = lazy_compile(
    rf"\b({READ}|annotate|watch|listen|papers?|articles?|books?|chapters?|textbooks?)\b", re.IGNORECASE
)
# A line that asks for a step to take rather than naming a work ("[Install the bookmarklet](..)",
# "Create a GitHub account", "Join our reading group", "Set up ...").
SETUP_ACTION = lazy_compile(
    r"^\W*(install|create|join|set\s*up|sign\s*(up|in)|log\s*in|register|download\s+and\s+install|submit|fill\s+(out|in)"
    r"|subscribe|enrol+|pick\s+a|choose\s+a|upload)\b",
    re.IGNORECASE,
)
# An item that tells students what to do about the course ("Make sure to review the [course policies](/policies)",
# "Remember to complete the [discussion prep](/assessments/prep)", "You should ..."), besides SETUP_ACTION: with
# only the site's own pages linked, a task, not a work (a link to a work elsewhere keeps it a reading).
COURSE_TASK = lazy_compile(
    r"^\W*(?:please\s+)?(make\s+sure|be\s+sure|remember|don['’]?t\s+forget|do\s+not\s+forget"
    r"|you\s+(should|must|will|need|are\s+expected)|complete|finish|bring|check\s+(out\s+)?(the|your))\b",
    re.IGNORECASE,
)
# A course task announced by its state, not a work (``[Assignment 2 Released](lms-link)``, ``Flash Quiz 1 Released``,
# ``Project 1 due``, ``Midterm exam posted``, ``HW 3 is out``, ``Lab 4 due Fri 11:59pm``): the task word (with its
# kind, number and a short name), then a status word, then at most when. The line names no work, whatever it links
# (SPEC: a due-date badge adds nothing; so does its plain-text announcement). A title that only holds such a word
# ("The Exam Room: a history of testing", "Quizzes as learning: Roediger (2006)") does not open with the task and
# close on a status word.
TASK_KINDS = r"(?:flash|pop|practice|weekly|daily|in[-\s]class|take[-\s]home|online|final|midterm|programming|coding|reading|lab)"
TASK_WORDS = (
    rf"(?:assignments?|homeworks?|hws?|{QUIZ}|exams?|midterms?|finals?|projects?|labs?|problem\s+sets?|psets?|ps"
    r"|worksheets?|milestones?|checkpoints?|tests?)"
)
TASK_STATUS = (
    r"(?:released?|due|posted|out|opens?|opened|closes?|closed|graded|grades|returned|available|assigned|published"
    r"|starts?|begins?|ends?|deadline)"
)
_WHEN = (
    r"(?:on|by|at|before|until|tonight|today|tomorrow|(?:this|next)\s+\w+|in\s+class"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\.?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|\d[\d/:.\-]*(?:st|nd|rd|th)?|[ap]\.?m\.?|noon|midnight|eod|[ecmp][sd]t|utc|gmt|\([^()]*\)|[,@])"
)
TASK_ANNOUNCEMENT = lazy_compile(
    rf"^\W*(?:the\s+)?(?:{TASK_KINDS}\s+)*{TASK_WORDS}(?![a-z])"
    r"(?:\s*#?\s*\d+[a-z]?(?:\s*(?:&|and|,|-|–)\s*\d+[a-z]?)*)?"  # "Assignment 2", "HW #3", "Labs 3 & 4"
    r"(?:\s*(?::|-|–|—)\s*[^:()]{1,40}?|\s*\([^()]{1,40}\))?"  # "Project 2: Tetris", "Assignment 1 (Sorting)"
    rf"\s+(?:(?:is|are|now|has\s+been|have\s+been|will\s+be|gets?)\s+)*{TASK_STATUS}"
    rf"(?:\s*{_WHEN})*[\s.!]*$",
    re.IGNORECASE,
)
# A setup task listed among the readings: an imperative setup verb opens the item and it names software or an
# account to get ("Install Microsoft Excel", "Download and install [Tesseract](..)", "Set up your GitHub account",
# "Create a [Flourish](..) account", "Sign up for [Tableau Public](..)", "Register for a free account on ..."):
# a step to take, not a work, whatever it links (besides COURSE_TASK, which needs the site's own pages). Not a
# title that only starts with the word ("Installing the future: ...", "How to install ...").
SETUP_TASK = lazy_compile(
    r"^\W*(?:please\s+|first,?\s+)?(?:"
    r"(?:download\s*(?:and|&|\+)\s*)?install"
    r"|set\s*up\s+(?:your|an?)\b"
    r"|sign\s*up\s+(?:for|with|on|at)\b|register\s+(?:for|with|on|at)\b"
    r"|(?:create|make|get|open|register|set\s*up|sign\s*up\s+for)\s+(?:\S+\s+){0,4}?accounts?)\b",
    re.IGNORECASE,
)
# The endings of a source code file ("[hello.cpp](../code/hello.cpp)", "[train.py](https://github.com/x/y/blob/main/train.py)"):
# a link to one is the session's code, not a work to read. (Not ".ipynb": a notebook may be the reading.)
SOURCE_CODE_SUFFIXES = frozenset(
    "c cc cpp cxx c++ h hh hpp hxx py java js mjs ts jsx tsx rs go rb r jl hs scala kt kts swift sh bash zsh sql "
    "v sv vhd vhdl ml mli rkt scm lisp clj pl pm php cs fs m asm s lua dart erl ex exs f90 f95 makefile cmake".split()
)
# The ending of a site address that is a document to read (".pdf", ".epub"), not one of the site's pages.
SITE_DOCUMENT = lazy_compile(r"\.(?!html?(?:[?#]|$)|md(?:[?#]|$))[a-z0-9]{2,5}(?:[?#].*)?$", re.IGNORECASE)
# A year as citations give it: "(2019)", "2019.", "2019a," (with a marked title, a paragraph is a citation).
CITATION_YEAR = lazy_compile(r"(\(|\b)(1[5-9]|20)\d\d[a-z]?(\)|[.,;:]|\b)")
# A reference-list entry in author-date style: authors first ("Field, A., Blodgett, S. L., & Tsvetkov, Y.",
# "Benjamin, R.", "Doe, J. and Roe, K."), then the year in parentheses ("(2021).", "(2020, April).") within
# the entry's opening. A paragraph so shaped is one citation even where no heading says readings.
AUTHOR_DATE_ENTRY = lazy_compile(
    r"^[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?,\s+(?:[A-Z]\.\s?)+[^()]{0,250}?\((?:1[5-9]|20)\d\d[a-z]?(?:,\s*[A-Za-z]+\.?(?:\s\d{1,2})?)?\)[.,]"
)
# What follows a journal or book-series name set in italics in a citation ("*Machine Learning*, 1, 81-106",
# "*Statistical Science*, 16(3)"): a volume, issue or pages. An italic span followed so names the venue.
# A year in parentheses ("_DSC Multilingual Mystery #1_ (2020)") dates the work itself: no venue tail.
VENUE_TAIL = lazy_compile(
    r"^\s*[,.]?\s*(\d+\s*(\(|[,.:]|$)|vol\b|pp\b|\((?!(1[5-9]|20)\d\d[a-z]?\))\d)", re.IGNORECASE
)
# An author-date citation's title: the sentence after "(1986)." ("Quinlan, J. R. (1986). Induction of
# Decision Trees. Machine Learning, ...").
AUTHOR_DATE_TITLE = lazy_compile(r"\((?:1[5-9]|20)\d\d[a-z]?\)\.\s+(?P<title>[^.?!]{8,}?[?!]?)(?=\.|\s*$|[?!])")
# A textbook reference by its parts ("Ch. 3", "Chapters 2-4", "Section 4.2", "§ 2", "pp. 10-25"): with it a
# one-line paragraph under a readings heading names a work even without a link or a marked title.
CHAPTER_CITATION = lazy_compile(
    r"\b(ch(apters?|s)?\.?\s*\d+|sections?\s+\d+(\.\d+)*|pp?\.\s*\d+)|§\s*\d+", re.IGNORECASE
)
# A guide page's words for a section that students need not do ("This is entertainment; not required viewing"),
# also said to some students only ("For those who want a good introduction ...", "if you're interested").
NOT_REQUIRED = lazy_compile(
    r"\b(not\s+(required|mandatory|compulsory|obligatory)|optional|non-?required|no\s+need\s+to|if\s+you\s+have\s+time"
    r"|for\s+(those|anyone|students)\s+(who\s+(want|wish|would\s+like|are\s+interested)|interested|wishing|wanting)"
    r"|if\s+you(['’]re|\s+are)\s+interested)\b",
    re.IGNORECASE,
)
# A note saying one work need not be read ("Note: You do not need to read Lodge and Brau - "The Responsive Voter".
# Consider it an optional refresher."): with that work's quoted title, it is about that work, which is an optional
# reading; it says nothing of the works around it.
SKIP_WORK_NOTE = lazy_compile(
    r"\b(?:(?:do\s+not|don['’]t|need\s+not)\s+(?:need\s+to\s+)?read|no\s+need\s+to\s+read"
    r"|consider\s+(?:it|this)\s+(?:an?\s+)?(?:optional|not\s+required))\b",
    re.IGNORECASE,
)
# The line right under a heading that has students pick some of the works below ("you should choose **one**
# penumbral reading", "Pick two of the following"): no one of them is required.
CHOOSE_SOME = lazy_compile(
    r"\b(choose|pick|select)\s+(any\s+)?(one|two|three|a\s+couple|\d)\b(?!\s+(hour|minute|day|week|group|team|topic|partner)s?\b)",
    re.IGNORECASE,
)
# ... and the line right under a heading that says so of its section ("_Although not mandatory, it is recommended
# that you review the following materials._"): at most this many words, and not a "not optional" that says the reverse.
INTRO_MAX_WORDS = 40
REQUIRED_AFTER_ALL = lazy_compile(r"\bnot\s+optional\b|\bnon-?optional\b", re.IGNORECASE)
# A citation by author and year alone, without a link ("Kuhn (1962), Chapters 2-4", "Jefferson et al. (1776)",
# "van Fraassen (1980), Section 5.4", "Doe and Roe (2019)"): on a schedule line it names a work to read.
AUTHOR_YEAR_CITATION = lazy_compile(
    r"^(?:(?:van|von|de|da|del|der|di|du|le|la)\s+)?[A-Z][\w'’-]+(?:\s+(?:et\s+al\.?|(?:and|&)\s+[A-Z][\w'’-]+))?"
    r"\s*\((?:1[5-9]|20)\d\d[a-z]?\)(?:$|[\s,.:;])"
)
# Badges that mark a paragraph line as reading matter even without a reading word: "**Optional**{: .label}",
# "**Required**{: .label}" (READING_BADGE names the kind of work; these say what is asked of students).
DUTY_BADGE = lazy_compile(rf"\b(optional|required|{SUPPLEMENT}|recommended|suggested)\b", re.IGNORECASE)
# What may follow the link of a one-line reference entry ("[Title](url), Author (2016)", "[Title](url) *(skim)*",
# "[Title](url) by A. Author, Venue, 2019.", "[Title](url) (chapters 1-3)", "[Title](url) - Author"): who wrote it,
# when, where, or which part; a verb after the link makes it a sentence instead.
CITATION_TAIL = lazy_compile(r"^(\(|\[|,|;|:|\.|-|–|—|\||by\b|from\b|in\b)", re.IGNORECASE)
LINKED_CITATION_TAIL_WORDS = 25
# Between the links of a row of works with no lead-in ("[A](..), [B](..); [C](..)"): commas, semicolons, dots.
ROW_SEPARATOR = lazy_compile(r"^\s*[,;·•]\s*$")
# Link texts that name a part or a copy of one work rather than a work ("Part 2", "Video", "alt link", "Slides",
# "Notes": a companion page beside the work's own link).
PART_OF_WORK = lazy_compile(
    r"^\W*(part|chapter|section|vol(ume)?|episode|lecture|lec|slides?|video|recording|mirror|alt|notes|transcript)\b",
    re.IGNORECASE,
)
# A link text that only locates a part of a work by its number ("#7-16", "§2.1", "Ch. 3", "Chapters 2-4",
# "Section 4.2", "pp. 10-25", "Part IV"): it does not name the work, so it is no title (SPEC: the title is
# then the visible item text).
LOCATOR = lazy_compile(
    r"^\W*(?:(?:chapters?|chs?|sections?|secs?|pages?|pp?|parts?|vol(?:ume)?s?|§+|#|no)\.?\s*)?"
    r"(?:\d+[a-z]?(?:\s*(?:[.\-–—:,&]|and|to)\s*\d+[a-z]?)*|(?<=[\s.])[ivxlc]+)\W*$",
    re.IGNORECASE,
)
# Of those, the numbers of a book's chapters or sections ("Ch3", "Chapter 26", "Section 4.1", "§2"): each a unit
# assigned on its own when it has its own document ("[Ch3](ch3.pdf), [Ch4](ch4.pdf)"); a work's "Part 1" and
# "Part 2" (of a talk, an essay) stay one work in parts (SPEC).
CHAPTER_LOCATOR = lazy_compile(r"^\W*(?:chapters?|chs?|sections?|secs?|§+)\.?\s*\d", re.IGNORECASE)
# Bold labels that name a companion of the work beside it, not the work ("**Notes**", "**Slides**",
# "**Video**", "**Code**"): never an item's title.
MATERIAL_LABEL = lazy_compile(
    r"^\W*((lecture|class|course)\s+)?(notes|slides?|videos?|recordings?|code|pdf|html|blog(\s+post)?|demo"
    r"|colab|notebooks?|website|talk|poster|summary|abstract|transcript|links?)\W*$",
    re.IGNORECASE,
)
# A label opening an item that marks it optional ("**Optional:** [Title](..)", "Optional - Author, Title").
# So does a label naming the optional matter ("**Optional Reading**: *Authors* [**Title**](..)").
OPTIONAL_LEAD_WORDS = rf"(optional|{SUPPLEMENT}|bonus)(\s+({READ}|papers?|articles?|materials?))?"
# (A hyphen joined to the next word is no marker: "Optional-Stopping Rules" is a title.)
OPTIONAL_LEAD = lazy_compile(rf"^\W*{OPTIONAL_LEAD_WORDS}(?:\s*[:–—]|\s*-(?!\w))", re.IGNORECASE)
# The same marker opening a reading's own title ("[Optional: Hippocratic Databases](u)", "[Optional:On the ...](u)",
# "(optional) Title", "[Bonus] Title", "Optional - Title"): it says the reading is not required and is no part of
# the title shown. Only a marker set off by a colon or a spaced dash, or in brackets: "Optional Stopping in ..." and
# "Optional-Stopping ..." are titles.
OPTIONAL_TITLE_MARK = lazy_compile(
    rf"^\s*(?:[(\[]\s*{OPTIONAL_LEAD_WORDS}\s*[)\]](?:\s*:|\s*[–—]|\s+-(?=\s))?|{OPTIONAL_LEAD_WORDS}"
    r"(?:\s*:|\s*[–—]|\s+-(?=\s)))\s*",
    re.IGNORECASE,
)
# A section named for the reading students are assigned ("Reading assignment", "Assigned readings"): readings,
# though "assignment" alone names other class matter.
READING_ASSIGNMENT = lazy_compile(rf"\b{READ}\s+assign(?:ment|ments|ed)?\b|\bassigned\s+{READ}\b", re.IGNORECASE)
# A parenthesised aside in a name, left out when judging what the name is about ("(please read before class)").
ASIDE = lazy_compile(r"\([^()]*\)")
# At most this many words make a line with no link a label over the lines under it (": Read",
# ": Temple Library Research Guides"); longer lines say something ("Schedule a time to meet ...").
LEAD_IN_WORDS = 6
# A sentence that asks ("How do you see ...?"): a list of these under a heading is questions, not works.
QUESTION = lazy_compile(r"\?[\s\"'”’)]*$")

# Running prose: a paragraph of at least this many words, most of them outside its links (prose.py).
PROSE_MIN_WORDS = 25
# ... or one sentence of at least this many words with its links inside it (words before and after them).
SENTENCE_MIN_WORDS = 8
SENTENCE_END = lazy_compile(r"[.!?][\"'”’)]*$")
# Words that say the one linked work after them is what a meeting reads or discusses ("Discussion of the paper by
# Smith et al.:", "We read", "Paper:", "Reading:"): a post whose whole body is one such paragraph names its reading.
DISCUSSED_WORK = lazy_compile(
    rf"\b(discussion\s+of\s+(the\s+|this\s+)?(paper|article|book|chapter|preprint)s?|we\s+(will\s+)?(read|discuss)"
    rf"|(paper|article|{READ}|book|chapter)\s*:)",
    re.IGNORECASE,
)
# Addresses of papers: a PDF, a DOI, arXiv, OpenReview, the ACL Anthology, the ACM and IEEE libraries.
PAPER_ADDRESS = lazy_compile(
    r"\.pdf(?:[?#]|$)|\bdoi\.org/|\barxiv\.org/|\bopenreview\.net/|\baclanthology\.org/|\bdl\.acm\.org/"
    r"|\bieeexplore\.ieee\.org/|\bjstor\.org/stable/|\bsemanticscholar\.org/paper/",
    re.IGNORECASE,
)
# More addresses of papers: a DOI in the path (``science.org/doi/10.1126/..``), the publishers' and proceedings' pages.
PAPER_ADDRESS_MORE = (
    r"|/doi/(?:abs/|full/|pdf/|epdf/)?10\.\d{4}|\bnature\.com/articles/|\bproceedings\.neurips\.cc/|\bpapers\.nips\.cc/"
    r"|\bproceedings\.mlr\.press/|\bjmlr\.org/papers/|\bbiorxiv\.org/|\bmedrxiv\.org/|\bssrn\.com/"
    r"|\blink\.springer\.com/|\bsciencedirect\.com/science/article/"
)
PAPER_ADDRESS = lazy_compile(PAPER_ADDRESS.pattern + PAPER_ADDRESS_MORE, re.IGNORECASE)
# A subtitle that says where a work appeared: a venue's short name and a year ("ICLR 2018", "NeurIPS 2017",
# "IEEE 2016"), or a book's chapter (CHAPTER_CITATION: "<i>Neural Networks and Deep Learning</i>, Chapter 5").
VENUE_YEAR = lazy_compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\.?\s+'?(?:(?:19|20)\d\d|\d\d)\b")
# A word of an address (host or path, split at every non-letter-or-digit) that says it is the class's own
# material or a recording, not a work to read (``/slides/lec3.pdf``, ``/lecture-notes/``, a video host).
OWN_MATERIAL_ADDRESS_WORD = lazy_compile(
    r"^(slides?\d*|decks?|recordings?|videos?|lec(tures?)?\d*|youtube|youtu|vimeo|panopto|zoom)$", re.IGNORECASE
)
# A heading that only names a meeting ("### Week 3", "### Class 4", "### Session 2:", "### Day 5 (Jan 21)"):
# the meeting word and its number; what may follow is a day or nothing (see meeting_days.py).
# The week's word in any language listed (calendar_words.WEEK_WORDS: "Semaine 3", "Woche 3", "Semana 3").
MEETING_LABEL = lazy_compile(
    r"^\W*(?:" + week_words_pattern() + r"|class|session|meeting|lecture|day|seminar|lesson|module|unit)\s*"
    r"(?:no\.?\s*|#\s*)?\d{1,3}[a-z]?\b",
    re.IGNORECASE,
)
# A title that is only a session's number ("01", "#3", "No. 12", "3."): the page's label, naming no work.
SESSION_NUMBER = lazy_compile(r"^\W*(?:no\.?\s*)?\d{1,3}[a-z]?\W*$", re.IGNORECASE)
# A level-1 heading that titles the session: a meeting and its number, then a separator and its topic, or
# nothing ("# Week 10: Graph algorithms lab", "# Lecture 3 - Sorting", "# Session 4: Discussion", "# Week 5 |
# Comic Book Paratexts", "# Class 2"). At the top of the body it is the page's title heading, not a section
# whose name says what stands under it (names.is_session_title); "# Week 3 Readings" (no separator) is no such title.
SESSION_TITLE = lazy_compile(MEETING_LABEL.pattern + r"\s*(?:[:\-–—|.,(\[]|$)", re.IGNORECASE)
# A top heading naming other matter OF a topic ("# Notes for "How do people form opinions?"", "# Summary of Lecture 3",
# "# Questions on Chapter 2"): it titles a page without a front matter title (the post takes its title from it),
# unlike the other matter alone ("# Blog", "# Notes", "# Summary"), which ends the reading list.
MATTER_OF_TOPIC = lazy_compile(
    r"^\W*(?:[\w'’-]+\s+){0,2}?(?:notes|summary|recap|questions|discussion|slides)\s+(?:for|on|about|of|from)\s+\S",
    re.IGNORECASE,
)
# A paragraph made only of Liquid tags ("{% include toc.html %}", "{% assign x = page.y %}", "{{ page.summary }}",
# several on one or more lines): the page shows nothing of this paragraph's own text, so it is read as absent (it
# neither ends what the title heading opens nor stands between a lead-in and its list). Each tag's inside is read
# up to its first closing mark, so the pattern is linear.
LIQUID_ONLY = lazy_compile(r"\s*(?:(?:\{%(?:[^%]|%(?!\}))*%\}|\{\{(?:[^}]|\}(?!\}))*\}\})\s*)+")
# "Week of Jan 21": a week named by its first day ("Semaine du 21 janvier", "Woche vom 21. Januar").
WEEK_OF = lazy_compile(r"^\W*(?:the\s+)?" + week_of_pattern(), re.IGNORECASE)
# What stands between a meeting label and its day ("Week 3 - Tuesday, Jan 21", "Class 4 (Jan 21)", "Day 2:").
MEETING_SEPARATORS = " \t-–—:|,.()[]"
# --- people named on a session's page: a speaker's or guest's link is not a reading (people.py) -----------
# A label saying who speaks or leads ("Speaker:", "**Guest:**", "Presented by", "Discussion lead:", "Intervenant :",
# "Referentin:", "Ponente:", "Relatore:"), in the languages calendar_words lists.
PERSON_LABEL = lazy_compile(
    r"^\W*(?:(?:guest|invited|keynote|featured)\s+)?(?:speakers?|guests?|presenters?|presented\s+by|hosted\s+by"
    r"|led\s+by|hosts?|moderators?|discussants?|panell?ists?|lecturers?|instructors?|facilitators?"
    r"|(?:discussion|session)\s+(?:leads?|leaders?)|intervenant(?:e|s|es)?|conférencier(?:e|s|es)?|invité(?:e|s|es)?"
    r"|orateur|oratrice|referent(?:in|en|innen)?|vortragende[rn]?|gast|gäste|ponentes?|invitad[oa]s?|conferenciante"
    r"|relator(?:e|i|ice)|ospit[ei]|prelegen(?:t|ci|tka)|přednášející|host[ée]|spreker|sprekers|gastspreker"
    r"|föreläsare|foredragsholder|palestrantes?|convidad[oa]s?)(?:\s*\(s\))?\W*$",
    re.IGNORECASE,
)
# Capitalised words of titles that are no part of a person's name ("Attention Is All You Need", "Deep
# Learning", "The Republic", "Language Models"): a link text holding one names a work, not a person.
NOT_NAME_WORDS = frozenset(
    "a an the of for and or in on at to with from by via into about over under as is are was be been all you your "
    "we our us my i it its this that these those what how why when where who which not no new old more most "
    "need needs learning learn deep neural network networks model models language languages data machine machines "
    "introduction intro chapter chapters part parts guide tutorial review survey paper papers book books notes "
    "lecture lectures slides video videos talk talks course theory analysis system systems computing computer "
    "computers science sciences history histories art arts design world worlds modern human humans social open "
    "ai ml nlp intelligence artificial vision reinforcement attention transformer transformers policy ethics "
    "society economy economics politics law war peace age time life mind minds game games story stories "
    "introduction primer handbook manual reader press journal proceedings conference workshop university "
    "institute lab laboratory center centre school department project projects home page site blog "
    "homework assignment lab reading readings resources links wiki website online free".split()
)
# Folders of people's pages ("/people/jdoe/", "/faculty/doe", "/homes/jane/"); "/~jane" is one too.
PERSON_FOLDERS = frozenset(
    "people person persons faculty staff home homes user users member members team profile profiles personal "
    "mitarbeiter personnel personne personen persone personas".split()
)
# Hosts that serve people's pages ("people.csail.mit.edu/jane/", "faculty.univ.edu/doe", "homes.cs.uw.edu/~doe")
PERSONAL_PAGE_HOST = lazy_compile(r"^(?:people|person|faculty|staff|homes?|users?|personal|profiles?|web\.cs)\.",
                                re.IGNORECASE)
PERSONAL_PAGE_HOSTS = (
    "linkedin.com/in/", "twitter.com/", "x.com/", "scholar.google.", "orcid.org/", "dblp.org/pid",
    "dblp.uni-trier.de/pers", "researchgate.net/profile", "semanticscholar.org/author", "bsky.app/profile",
)
# Hosts of personal sites: a user's own site is the host's root ("jane.github.io", "sites.google.com/view/jane").
PERSONAL_SITE_HOSTS = (".github.io", ".gitlab.io", ".netlify.app", ".vercel.app", "sites.google.com")
# --- citations written out without a link or a year (bare_citations.py) -----------------------------
# Words of a name that are not capitalised ("Marie de France", "Ludwig van Beethoven", "Doe et al."), and
# prefixes before a capitalised part ("al-Idrisi", "d'Alembert").
NAME_PARTICLES = frozenset(
    "de du des d' da das do dos di del della van von der den ter la le les al el ibn bin ben y e et and & al. "
    "st. saint".split()
)
NAME_PREFIXES = ("al-", "el-", "d'", "d’", "l'", "l’", "o'", "o’", "mc", "ibn-")
# Words that say which part of a work to read, before its marked title ("Extraits du *Novellino*",
# "Excerpts from *The Prince*", "Selections from “Essays”", "Chapter 2 of *Title*").
EXCERPT_LEAD = lazy_compile(
    r"^(?:(?:short\s+)?(?:excerpts?|extracts?|selections?|selected\s+\w+|passages?|extraits?|morceaux\s+choisis"
    r"|auszüge|auszug|fragmentos?|estratti|brani)(?:\s+(?:from|of|de|du|des|d['’]|de\s+la|aus|dem|der|di|dal"
    r"|dalla|del))?|(?:ch(?:apter|apitre|\.)?|part(?:ie)?|livre|book)\s+[\dIVXLC]+\s+(?:from|of|de|du|des|d['’]|in)"
    r"|from|de|d['’])\s*$",
    re.IGNORECASE,
)
# An entry that cites a work is short: this many words at most, of which at most so many follow its title
# (pages, parts, "(à suivre)", "Livre Douzième, Chapitre 8: Lisez le premier paragraphe seulement:").
CITATION_MAX_WORDS = 25
CITATION_TAIL_MAX_WORDS = 12
# "Boccaccio, Alatel": an author and a title that marks nothing, of at most this many words.
UNMARKED_TITLE_WORDS = 6
# A URL scheme (http:, mailto:, javascript:): a link with none points at a page of the site.
SCHEME = lazy_compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Words that open a sentence with a comma after them ("Instead, ...", "Enfin, ..."): never an author's name.
SENTENCE_OPENERS = frozenset(
    "however instead finally first second third then also thus therefore moreover furthermore meanwhile similarly "
    "additionally next lastly today tomorrow here now yes no otherwise again still indeed overall "
    "ensuite puis enfin donc cependant ainsi aujourd'hui aujourd’hui demain alors aussi "
    "además luego después sin embargo außerdem dann jedoch".split()
)
# What follows a citation's title when the title comes first ("*Les intellectuels du Moyen Age* (9-28)",
# "*Title*, Author", "“Title”. 1-15"): pages, a part or the authors, not a colon's explanation.
TITLE_FIRST_TAIL = lazy_compile(r"^\s*(?:[,.(\[]|\d)")
