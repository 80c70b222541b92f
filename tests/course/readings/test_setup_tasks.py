"""Setup tasks listed among the readings (an imperative setup verb opening the item, naming software or an
account to get: ``Install Microsoft Excel``, ``Create a [Flourish](..) account``) are steps to take, not works,
whatever they link (shapes.is_setup_task, vocabulary.SETUP_TASK). Works whose titles only start with such a word,
and items that also cite a work, stay readings."""

from bot.course.readings import extract_readings


def titles(body: str):
    return [r.title for r in extract_readings(body)[0]]


def test_setup_tasks_among_readings_are_not_readings() -> None:
    body = (
        "## Before class: Readings, resources, and tasks\n"
        "- Install Microsoft Excel (see <https://software.example.edu/>).\n"
        "- Create a [Flourish](https://flourish.example.com/) account.\n"
        "- Download and install [Tesseract](https://github.com/example/tesseract)\n"
        "- Sign up for [Tableau Public](https://public.example.com/)\n"
        "- Set up your GitHub account\n"
        "- Register for a free account on [Overleaf](https://overleaf.example.com/)\n"
        "- Shilling, J. (2022). A design process for dataviz. _Nightingale_. "
        "[https://dataviz.example.com/process/](https://dataviz.example.com/process/)\n"
    )
    assert titles(body) == ["A design process for dataviz"]


def test_setup_task_with_nested_instructions_gives_nothing() -> None:
    body = (
        "## Readings\n"
        "- [Electronic Texts: Audiences and Purposes](https://example.org/texts.html)\n"
        "- Install tesseract\n"
        "\t- On mac, use the [homebrew](https://brew.example.sh) command `brew install tesseract`.\n"
    )
    assert titles(body) == ["Electronic Texts: Audiences and Purposes"]


def test_titles_that_only_start_with_a_setup_word_stay_readings() -> None:
    body = (
        "## Readings\n"
        "- [Installing the Future: A History of Home Computing](https://example.org/history.pdf)\n"
        "- [How to Install Python on Windows](https://example.org/howto) by A. Author (2019)\n"
        "- [Creating Accountability in Algorithmic Systems](https://example.org/acct.pdf)\n"
        "- [Create a New Sheet of Music](https://example.org/music) (2018)\n"
    )
    assert titles(body) == [
        "Installing the Future: A History of Home Computing",
        "How to Install Python on Windows",
        "Creating Accountability in Algorithmic Systems",
        "Create a New Sheet of Music",
    ]


def test_setup_item_that_also_cites_a_work_stays_a_reading() -> None:
    body = (
        "## Readings\n"
        "- Install Python, then read “Python for Everybody” (2016) at <https://example.org/py4e.pdf>\n"
    )
    assert titles(body) == ["Python for Everybody"]


def test_setup_task_on_a_line_or_table_row_of_its_own_is_not_a_reading() -> None:
    body = (
        "## Readings\n\n"
        "Install [Tesseract](https://github.com/example/tesseract)\n\n"
        "[Attention Is All You Need](https://example.org/attention.pdf)\n\n"
        "| Reading | Date |\n|---|---|\n"
        "| Install Microsoft Excel | Sep 3 |\n"
        "| [Deep Residual Learning](https://example.org/resnet.pdf) | Sep 5 |\n"
    )
    assert titles(body) == ["Attention Is All You Need", "Deep Residual Learning"]
