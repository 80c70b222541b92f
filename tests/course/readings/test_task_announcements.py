"""Lines that announce a course task and its state ("[Assignment 2 Released](lms-link)", "Project 1 due") name no
work (shapes.announces_task, vocabulary.TASK_ANNOUNCEMENT); titles that only hold a task word stay readings."""

from bot.course.readings import extract_readings


def found(body: str):
    return [(r.section, r.title, r.urls) for r in extract_readings(body)[0]]


def test_calendar_lines_announcing_released_tasks_are_not_readings() -> None:
    body = (
        "May 13\n: [Assignment 1 Released](https://lms.example.edu/event/1)\n\n"
        "May 14\n: [Flash Quiz 1 Released](https://lms.example.edu/event/2)\n\n"
        "May 15\n: Project 1 due\n\n"
        "May 16\n: [Midterm exam posted](https://lms.example.edu/event/3)\n\n"
        "May 17\n: [Problem Set 2 due Fri 11:59pm](https://lms.example.edu/event/4)\n"
    )
    assert found(body) == []


def test_calendar_line_citing_a_work_with_a_task_word_in_its_title_is_a_reading() -> None:
    body = (
        "May 13\n: [The Exam Room: a history of testing](https://press.example.org/exam-room)\n\n"
        "May 14\n: [Quizzes as learning: Roediger (2006)](https://doi.org/10.1000/quiz)\n\n"
        "May 15\n: [Assignment 3 Released](https://lms.example.edu/event/5)\n"
    )
    assert found(body) == [
        ("May 13", "The Exam Room: a history of testing", ("https://press.example.org/exam-room",)),
        ("May 14", "Quizzes as learning: Roediger (2006)", ("https://doi.org/10.1000/quiz",)),
    ]


def test_list_items_announcing_tasks_are_not_readings_beside_a_work() -> None:
    body = (
        "## Readings\n\n"
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
        "- [Homework 2 is out](https://lms.example.edu/hw2)\n"
        "- Lab 4 due Friday\n"
        "- [Project 2: Tetris due](https://lms.example.edu/p2)\n"
    )
    assert found(body) == [("Readings", "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",))]


def test_line_of_its_own_announcing_a_task_is_not_a_reading() -> None:
    body = "## Readings\n\n[Assignment 2 Released](https://lms.example.edu/a2)\n\n[Deep Learning](https://book.example.org/dl)\n"
    assert found(body) == [("Readings", "Deep Learning", ("https://book.example.org/dl",))]
