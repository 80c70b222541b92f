"""Citations written out without a link or a year (bare_citations.py; collect.py: Collector.cite): under a
readings heading, and as the entries of a class meeting's block (``### Tuesday, Jan 21``) in a section named
for its topic. The title is the first title the entry marks; prose, tasks and questions are not readings."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.title, r.urls) for r in extract_readings(body)[0]]


def test_citation_paragraph_without_year_or_link_is_a_reading_under_readings() -> None:
    body = (
        "## Readings\n\n"
        "J.B. Harley, “Deconstructing the Map”, 1-15.\n\n"
        "Marie de France, *Bisclavret*\n\n"
        "**Jacques Le Goff, *Les intellectuels du Moyen Age* (9-28)**\n\n"
        "Umberto Eco, *Serendipities*, \"The Force of Falsity: Ptolemy & The Flat Earth\".\n"
    )
    assert found(body) == [
        ("Readings", "Deconstructing the Map", ()),
        ("Readings", "Bisclavret", ()),
        ("Readings", "Les intellectuels du Moyen Age", ()),
        ("Readings", "Serendipities", ()),
    ]


def test_prose_under_readings_is_not_a_citation() -> None:
    body = (
        "## Readings\n\n"
        "This reading shows how the texts of “Aristotle the Philosopher” survived the end of antiquity.\n\n"
        "Map analysis: the portolan\n\n"
        "Nous reviendrons souvent à ce document, “la carte en T-O”, et à ses éléments.\n"
    )
    assert found(body) == []


def test_meeting_day_block_reads_its_citation_entries_only() -> None:
    body = (
        "## The oikoumene\n\n"
        "### Tuesday, Feb 2\n\n"
        "Map analysis: [al-Idrisi World Map](https://maps.example.org/idrisi.jpg)\n\n"
        "Muhammad al-Idrisi, *La première géographie de l’occident*, “Prologue” (57-68)\n\n"
        "Why do maps put the south at the top?\n\n"
        "In class: presentation of the beasts\n\n"
        "### Thursday, Feb 4\n\n"
        "Dalché, “Comment penser l’océan”, (203-226)\n\n"
        "Boccaccio, Alatel\n\n"
        "Extraits du *Novellino* (à suivre)\n"
    )
    assert found(body) == [
        ("The oikoumene", "La première géographie de l’occident", ()),
        ("The oikoumene", "Comment penser l’océan", ()),
        ("The oikoumene", "Boccaccio, Alatel", ()),
        ("The oikoumene", "Novellino", ()),
    ]


def test_author_and_unmarked_title_alone_is_no_citation() -> None:
    # "Jane Doe, Instructor" shaped lines count only beside entries that mark their titles
    body = "## Welcome\n\n### Week 1\n\nJane Doe, Course Instructor\n"
    assert found(body) == []


def test_meeting_day_entry_linking_a_page_of_the_site_is_a_reading() -> None:
    body = (
        "## The cosmos within\n\n"
        "### Thursday, Jan 28\n\n"
        "**[Cicero, “The Dream of Scipio.”](/texts/somnium.html)**\n\n"
        "[**Macrobius, *Commentary on the Dream of Scipio***](/texts/macrobius.html): Book 1, Chapters XIII & XXII\n\n"
        "[Course calendar](/calendar/)\n"
    )
    assert found(body) == [
        ("The cosmos within", "Cicero, “The Dream of Scipio.”", ()),
        ("The cosmos within", "Macrobius, Commentary on the Dream of Scipio", ()),
    ]


def test_lead_citing_the_source_over_a_row_of_links_gives_one_reading_per_link() -> None:
    body = (
        "## Space and place\n\n"
        "### Week 3\n\n"
        "From the *Encyclopédie* of Denis Diderot - [HOMME](https://enc.example.org/homme); "
        "[TERRE](https://enc.example.org/terre)\n"
    )
    assert found(body) == [
        ("Space and place", "HOMME", ("https://enc.example.org/homme",)),
        ("Space and place", "TERRE", ("https://enc.example.org/terre",)),
    ]


def test_topic_section_without_meeting_days_keeps_its_prose_out() -> None:
    body = (
        "## Overview\n\n"
        "Umberto Eco, *Serendipities*, 1-20.\n\n"
        "We will discuss how “the flat earth” became a myth, and why it matters for the course.\n"
    )
    assert found(body) == []


def test_definition_line_citing_a_marked_title_without_year_is_a_reading() -> None:
    body = "Thu Feb 9\n: Marie de France, *Bisclavret*\n: *Percy Liang*\n: Jane Doe, Course Instructor\n"
    assert found(body) == [("Thu Feb 9", "Bisclavret", ())]


def test_citation_item_is_titled_by_the_first_title_it_marks() -> None:
    body = "## Readings\n\n- Umberto Eco, *Serendipities*, “The Force of Falsity: Ptolemy & The Flat Earth”\n"
    assert found(body) == [("Readings", "Serendipities", ())]


def test_section_named_by_a_meeting_day_reads_its_citation_entries() -> None:
    body = (
        "## Tuesday, Feb 9\n\n"
        "Brunetto Latini, *Le livre du trésor* (399-460)\n\n"
        "In class: presentation of the beasts\n\n"
        "1. Which beasts does Latini describe?\n"
    )
    assert found(body) == [("Tuesday, Feb 9", "Le livre du trésor", ())]


def test_sentence_openers_labels_and_author_lists_are_not_citations() -> None:
    body = (
        "## The ocean\n\n"
        "### Week 4\n\n"
        "Instead, “Inverse LoRA” was used.\n\n"
        "*Applications*: copy-editing, text-based games, chatbots.\n\n"
        "*Episodes: S3E5 \"Yerba Buena\", S3E6 \"And She Was\"* (two this week)\n\n"
        "Albert Gu, Tri Dao\n\n"
        "Dalché, “Comment penser l’océan”, (203-226)\n"
    )
    assert found(body) == [("The ocean", "Comment penser l’océan", ())]
