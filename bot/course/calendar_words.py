"""Month and weekday names of the main European languages, and their words for a term, as data.

Course pages outside the English-speaking world write days as ``5. října``, ``5. Oktober``, ``3 octobre``,
``el 3 de octubre``, ``3 ottobre``, ``3 października``, ``3 de outubro``: a month's name, often in the case a
day puts it in (Czech, Slovak, Polish, Finnish, Russian and Ukrainian genitives), or a common abbreviation.
``bot.course.days`` reads them; this module only lists them. All entries are lower case, accents kept.

Why a table and not a CLDR library (babel): a page's day is read against every language at once (a site
rarely says its language), which would load every locale's data (tens of megabytes) on every sync, and CLDR
gives no abbreviations that are safe beside English words. Each language's forms are listed per month:
nominative, the inflected forms a day takes, then abbreviations that are no English word (``okt``, ``déc``,
``paź``; not ``set``, ``ago``, ``mag``).
"""

from __future__ import annotations

from collections.abc import Mapping

# language code -> 12 tuples of forms, January first
MONTH_FORMS: dict[str, tuple[tuple[str, ...], ...]] = {
    "cs": (
        ("leden", "ledna"), ("únor", "února", "úno"), ("březen", "března", "bře"),
        ("duben", "dubna"), ("květen", "května", "kvě"), ("červen", "června", "čvn"),
        ("červenec", "července", "čvc"), ("srpen", "srpna", "srp"), ("září", "zář"),
        ("říjen", "října", "říj"), ("listopad", "listopadu"), ("prosinec", "prosince"),
    ),
    "sk": (
        ("január", "januára"), ("február", "februára"), ("marec", "marca"), ("apríl", "apríla"),
        ("máj", "mája"), ("jún", "júna"), ("júl", "júla"), ("august", "augusta"),
        ("september", "septembra"), ("október", "októbra"), ("november", "novembra"), ("december", "decembra"),
    ),
    "pl": (
        ("styczeń", "stycznia"), ("luty", "lutego", "lut"), ("marzec", "marca"),
        ("kwiecień", "kwietnia", "kwi"), ("maj", "maja"), ("czerwiec", "czerwca"),
        ("lipiec", "lipca"), ("sierpień", "sierpnia"), ("wrzesień", "września", "wrz"),
        ("październik", "października", "paź"), ("listopad", "listopada"), ("grudzień", "grudnia", "gru"),
    ),
    "de": (
        ("januar", "jänner", "jän"), ("februar", "feber"), ("märz", "mär", "mrz"), ("april",),
        ("mai",), ("juni",), ("juli",), ("august",), ("september",),
        ("oktober", "okt"), ("november",), ("dezember", "dez"),
    ),
    "nl": (
        ("januari",), ("februari",), ("maart", "mrt"), ("april",), ("mei",), ("juni",),
        ("juli",), ("augustus",), ("september",), ("oktober", "okt"), ("november",), ("december",),
    ),
    "fr": (
        ("janvier", "janv"), ("février", "fevrier", "févr", "fevr"), ("mars",), ("avril", "avr"),
        ("mai",), ("juin",), ("juillet", "juil"), ("août", "aout"), ("septembre",),
        ("octobre",), ("novembre",), ("décembre", "decembre", "déc"),
    ),
    "es": (
        ("enero",), ("febrero",), ("marzo",), ("abril",), ("mayo",), ("junio",),
        ("julio",), ("agosto",), ("septiembre", "setiembre"), ("octubre",), ("noviembre",), ("diciembre", "dic"),
    ),
    "it": (
        ("gennaio",), ("febbraio",), ("marzo",), ("aprile",), ("maggio",), ("giugno", "giu"),
        ("luglio",), ("agosto",), ("settembre", "sett"), ("ottobre", "ott"), ("novembre",), ("dicembre", "dic"),
    ),
    "pt": (
        ("janeiro",), ("fevereiro", "fev"), ("março", "marco"), ("abril",), ("maio",), ("junho",),
        ("julho",), ("agosto",), ("setembro",), ("outubro",), ("novembro",), ("dezembro", "dez"),
    ),
    "ro": (
        ("ianuarie",), ("februarie",), ("martie",), ("aprilie",), ("mai",), ("iunie",),
        ("iulie",), ("august",), ("septembrie",), ("octombrie",), ("noiembrie",), ("decembrie",),
    ),
    "sv": (
        ("januari",), ("februari",), ("mars",), ("april",), ("maj",), ("juni",),
        ("juli",), ("augusti",), ("september",), ("oktober", "okt"), ("november",), ("december",),
    ),
    "da": (  # Norwegian (nb, nn) the same, but for "desember"
        ("januar",), ("februar",), ("marts", "mars"), ("april",), ("maj", "mai"), ("juni",),
        ("juli",), ("august",), ("september",), ("oktober", "okt"), ("november",), ("december", "desember", "des"),
    ),
    "fi": (
        ("tammikuu", "tammikuuta"), ("helmikuu", "helmikuuta"), ("maaliskuu", "maaliskuuta"),
        ("huhtikuu", "huhtikuuta"), ("toukokuu", "toukokuuta"), ("kesäkuu", "kesäkuuta"),
        ("heinäkuu", "heinäkuuta"), ("elokuu", "elokuuta"), ("syyskuu", "syyskuuta"),
        ("lokakuu", "lokakuuta"), ("marraskuu", "marraskuuta"), ("joulukuu", "joulukuuta"),
    ),
    "hu": (
        ("január",), ("február",), ("március", "márc"), ("április", "ápr"), ("május", "máj"), ("június", "jún"),
        ("július", "júl"), ("augusztus",), ("szeptember", "szept"), ("október",), ("november",), ("december",),
    ),
    "sl": (
        ("januar",), ("februar",), ("marec",), ("april",), ("maj",), ("junij",),
        ("julij",), ("avgust",), ("september",), ("oktober",), ("november",), ("december",),
    ),
    "hr": (  # "listopad" is October here, November in Czech and Polish: see month_table
        ("siječanj", "siječnja"), ("veljača", "veljače"), ("ožujak", "ožujka"), ("travanj", "travnja"),
        ("svibanj", "svibnja"), ("lipanj", "lipnja"), ("srpanj", "srpnja"), ("kolovoz", "kolovoza"),
        ("rujan", "rujna"), ("listopad", "listopada"), ("studeni", "studenoga", "studenog"), ("prosinac", "prosinca"),
    ),
    "ru": (
        ("январь", "января", "янв"), ("февраль", "февраля", "фев"), ("март", "марта"), ("апрель", "апреля", "апр"),
        ("май", "мая"), ("июнь", "июня"), ("июль", "июля"), ("август", "августа", "авг"),
        ("сентябрь", "сентября", "сен", "сент"), ("октябрь", "октября", "окт"), ("ноябрь", "ноября", "ноя"),
        ("декабрь", "декабря", "дек"),
    ),
    "uk": (
        ("січень", "січня"), ("лютий", "лютого"), ("березень", "березня"), ("квітень", "квітня"),
        ("травень", "травня"), ("червень", "червня"), ("липень", "липня"), ("серпень", "серпня"),
        ("вересень", "вересня"), ("жовтень", "жовтня"), ("листопад", "листопада"), ("грудень", "грудня"),
    ),
}

# language code -> 7 tuples of weekday names, Monday first (full names; short forms are too often words)
WEEKDAY_FORMS: dict[str, tuple[tuple[str, ...], ...]] = {
    "cs": (("pondělí",), ("úterý",), ("středa", "středu"), ("čtvrtek",), ("pátek",), ("sobota", "sobotu"),
           ("neděle", "neděli")),
    "sk": (("pondelok",), ("utorok",), ("streda", "stredu"), ("štvrtok",), ("piatok",), ("sobota", "sobotu"),
           ("nedeľa", "nedeľu")),
    "pl": (("poniedziałek",), ("wtorek",), ("środa", "środę"), ("czwartek",), ("piątek",), ("sobota", "sobotę"),
           ("niedziela", "niedzielę")),
    "de": (("montag",), ("dienstag",), ("mittwoch",), ("donnerstag",), ("freitag",), ("samstag", "sonnabend"),
           ("sonntag",)),
    "nl": (("maandag",), ("dinsdag",), ("woensdag",), ("donderdag",), ("vrijdag",), ("zaterdag",), ("zondag",)),
    "fr": (("lundi",), ("mardi",), ("mercredi",), ("jeudi",), ("vendredi",), ("samedi",), ("dimanche",)),
    "es": (("lunes",), ("martes",), ("miércoles", "miercoles"), ("jueves",), ("viernes",), ("sábado", "sabado"),
           ("domingo",)),
    "it": (("lunedì", "lunedi"), ("martedì", "martedi"), ("mercoledì", "mercoledi"), ("giovedì", "giovedi"),
           ("venerdì", "venerdi"), ("sabato",), ("domenica",)),
    "pt": (("segunda",), ("terça", "terca"), ("quarta",), ("quinta",), ("sexta",), ("sábado", "sabado"),
           ("domingo",)),
    "sv": (("måndag",), ("tisdag",), ("onsdag",), ("torsdag",), ("fredag",), ("lördag",), ("söndag",)),
    "da": (("mandag",), ("tirsdag",), ("onsdag",), ("torsdag",), ("fredag",), ("lørdag",), ("søndag",)),
    "ro": (("luni",), ("marți", "marti"), ("miercuri",), ("joi",), ("vineri",), ("sâmbătă", "sambata"),
           ("duminică", "duminica")),
}

# Words between a day's parts (``el 3 de octubre``, ``am 5. Oktober``, ``le 3 octobre``, ``dne 5. října``,
# ``3 de outubro de 2017``, ``quinta-feira``) that say nothing of the day. Counted as nothing only beside a month
# name. English ones ("the 3rd of October") are left out: beside a month they would make "The March 5 lecture" a day.
DAY_FILLERS = frozenset({"de", "del", "di", "du", "el", "le", "la", "am", "den", "der", "dem", "dne", "feira"})

# The word for a week of the term ("Week 3", "Semaine 3", "Woche 3", "Semana 3", "Settimana 3", "Týden 3",
# "Week of Jan 19", "Semaine du 19 janvier", "Woche vom 19. Januar", "Semana del 19 de enero").
WEEK_WORDS = frozenset({
    "week", "semaine", "woche", "semana", "settimana", "týden", "tyden", "týždeň", "tyzden", "tydzień", "tydzien",
    "vecka", "veckan", "uge", "uke", "viikko", "hét", "săptămâna", "săptămână", "saptamana", "tjedan", "teden",
    "неделя", "тиждень",
})
# Words between a week's word and its first day ("Week of", "Semaine du", "Woche vom", "Semana del"): "of" and the
# words that open a range (RANGE_FROM_WORDS below).
WEEK_OF_WORD = "of"

# Words that open and close a range of days, besides dashes ("du 19 au 26 janvier", "vom 19. bis 26. Januar",
# "del 19 al 26 de enero", "dal 19 al 26 gennaio", "de 19 a 26 de janeiro", "van 19 tot 26 januari", "od 19. do
# 26. ledna", "fra 19. til 26. januar", "19 to 26 January"): a range is dated by its first day.
RANGE_FROM_WORDS = frozenset({"from", "du", "vom", "von", "del", "dal", "de", "van", "od", "от", "fra", "från",
                              "z", "ze", "entre", "între", "intre"})
RANGE_TO_WORDS = frozenset({"to", "through", "thru", "until", "till", "au", "à", "al", "a", "hasta", "bis", "tot",
                            "t/m", "do", "до", "til", "až", "și", "si", "e", "y", "und", "och", "og", "et"})

# Words that call two years in a row an academic year ("Academic year 2020-21", "année universitaire 2020-2021",
# "curso 2020/2021", "Studienjahr 2020/21", "akademický rok 2020/2021", "2020-21 school year"): on a page's prose,
# a span of two years counts as the term's only beside one of them (an instructor's "Postdoc, 2019-2020" does not).
ACADEMIC_YEAR_WORDS = frozenset({
    "academic year", "school year", "year", "ay", "a.y.", "session", "semester", "term", "syllabus",
    "année", "année universitaire", "année scolaire", "année académique", "curso", "curso académico",
    "año académico", "año escolar", "ano letivo", "ano lectivo", "ano académico", "anno", "anno accademico",
    "anno scolastico", "akademisches jahr", "studienjahr", "schuljahr", "akademický rok", "školní rok",
    "rok akademicki", "rok szkolny", "academiejaar", "collegejaar", "schooljaar",
    "läsår", "studieår", "skoleår", "lukuvuosi", "tanév", "anul universitar", "an universitar", "akademska godina",
})

# Words for one offering of a course, after its year and before "of" ("the 2024 version of the course", "the 2019
# edition of CS 101", "the 2022 offering of this class"): a home page naming its year so names the term's year.
# A word opening a reference to an earlier offering ("Previous editions: 2023 version") is no such phrase.
OFFERING_WORDS = frozenset({"version", "edition", "offering", "iteration", "instance", "run"})
EARLIER_OFFERING_WORDS = frozenset({"previous", "past", "last", "earlier", "older", "prior", "former"})

# Words for a term ("podzim 2017", "Wintersemester 2017", "automne 2017"), with the year after or before them,
# besides English ones (session_vocabulary.TERM_WORDS). The autumn and winter-semester words are late terms
# (the winter semester of Central Europe starts in the autumn): a January..June day falls in the next year.
LATE_TERM_WORDS = frozenset({
    "podzim", "podzimní", "jeseň", "jesień", "herbst", "herbstsemester", "wintersemester", "automne", "otoño",
    "autunno", "outono", "najaar", "höst", "efterår", "høst", "syksy", "ősz", "toamna", "jesen", "zimní", "zimowy",
    "ws", "wise",  # the German winter semester, abbreviated ("WS2023/24", "WiSe 2023/24"): it opens in the autumn
})
EARLY_TERM_WORDS = frozenset({
    "jaro", "jarní", "letní", "letni", "leto", "wiosna", "lato", "frühling", "frühjahr", "frühjahrssemester",
    "sommersemester", "sommer", "printemps", "été", "primavera", "verano", "verão", "voorjaar", "vår",
    "forår", "kevät", "tavasz", "vara", "proljeće", "semestr", "semestre",
    "ss", "sose",  # the German summer semester, abbreviated ("SS2023", "SoSe 2023")
})


# _config.yml keys that name the site's language
LANGUAGE_KEYS = ("lang", "locale", "language")
# Languages whose pages write a day before its month in numbers too (``3/10``, ``3. 10.`` are 3 October): every
# one listed here but Hungarian (``10. 3.`` is October 3), and not English (an English site's ``3/10`` stays
# month first: US-made templates carry ``lang: en``, and ``en-GB`` is no safer).
DAY_FIRST_LANGUAGES = frozenset(MONTH_FORMS) - {"hu"}
MONTH_FIRST_LANGUAGES = frozenset({"hu", "en"})


def month_table(language: str | None = None) -> dict[str, int]:
    """Each foreign month form -> its month (1-12). A form two languages read as different months
    (``listopad``: November in Czech and Polish, October in Croatian) is the month most of the languages give
    it (on a tie, the one of the language listed first), unless ``language`` (a site's ``lang:``, ``cs`` or ``cs-CZ``) is one of them: then that one's."""
    return _table(MONTH_FORMS, language)


def weekday_table(language: str | None = None) -> dict[str, int]:
    """Each foreign weekday name -> its weekday (0 = Monday); as :func:`month_table`."""
    return {word: number - 1 for word, number in _table(WEEKDAY_FORMS, language).items()}


def language_code(value: object) -> str | None:
    """The language code of a site's ``lang:`` / ``locale:`` setting (``cs``, ``cs-CZ``, ``pt_BR``) in lower
    case, without its region; None when it names none."""
    if not isinstance(value, str):
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if 2 <= len(code) <= 3 and code.isalpha() and code.isascii() else None


def _table(forms: Mapping[str, tuple[tuple[str, ...], ...]], language: str | None) -> dict[str, int]:
    votes: dict[str, dict[int, int]] = {}
    for names in forms.values():
        for number, words in enumerate(names, start=1):
            for word in words:
                counts = votes.setdefault(word, {})
                counts[number] = counts.get(number, 0) + 1
    # the month most languages give the form; on a tie, that of the language listed first (max keeps the first)
    table = {word: max(counts, key=counts.__getitem__) for word, counts in votes.items()}
    own = forms.get(language or "")
    if own is not None:
        table.update((word, number) for number, words in enumerate(own, start=1) for word in words)
    return table


def week_words_pattern() -> str:
    """A regular expression (no groups) matching a week's word of any language listed (WEEK_WORDS)."""
    return "(?:" + "|".join(sorted(WEEK_WORDS, key=len, reverse=True)) + ")"


def week_of_pattern() -> str:
    """A regular expression (no groups) matching a week's word and the word before its first day ("week of",
    "semaine du", "Woche vom"), with the white space after it."""
    words = sorted({WEEK_OF_WORD} | RANGE_FROM_WORDS, key=len, reverse=True)
    return week_words_pattern() + r"\s+(?:" + "|".join(words) + r")\s+"
