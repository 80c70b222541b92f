"""Reading lists in the styles other course sites use, each labelled by hand per shared/corpus/gold/SPEC.md.

Every case is a small realistic post body and the readings a careful human reads off it, as
``(section, required, title, urls)``. The corpus has one style (``## Required Readings:`` over ``###``
paper headings); these cases keep the parser honest on the others.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from bot.course.posts import parse_post
from bot.course.readings import extract_readings

R = tuple[str | None, bool, str, tuple[str, ...]]


class Case(NamedTuple):
    body: str
    expected: list[R]


def found(body: str) -> list[R]:
    return [(r.section, r.required, r.title, r.urls) for r in extract_readings(body)[0]]


CASES: dict[str, Case] = {
    # --- list styles -------------------------------------------------------------------------------
    "numbered-citations": Case(
        "## Readings\n\n"
        "1. Vaswani, A. et al. *Attention Is All You Need*. NeurIPS 2017. https://arxiv.org/abs/1706.03762\n"
        "2. Devlin, J. et al. *BERT: Pre-training of Deep Bidirectional Transformers*. NAACL 2019. "
        "https://arxiv.org/abs/1810.04805\n",
        [
            ("Readings", True, "Attention Is All You Need",
             ("https://arxiv.org/abs/1706.03762",)),
            ("Readings", True, "BERT: Pre-training of Deep Bidirectional Transformers",
             ("https://arxiv.org/abs/1810.04805",)),
        ],
    ),
    "link-then-author-year": Case(
        "## Papers\n\n"
        "- [Scaling Laws for Neural Language Models](https://arxiv.org/abs/2001.08361) (Kaplan et al., 2020)\n"
        "- [Training Compute-Optimal Large Language Models](https://arxiv.org/abs/2203.15556) (Hoffmann et "
        "al., 2022)\n",
        [
            ("Papers", True, "Scaling Laws for Neural Language Models",
             ("https://arxiv.org/abs/2001.08361",)),
            ("Papers", True, "Training Compute-Optimal Large Language Models",
             ("https://arxiv.org/abs/2203.15556",)),
        ],
    ),
    "bold-title-with-pdf-and-code-links": Case(
        "## Reading List\n\n* **LoRA: Low-Rank Adaptation** - [pdf](https://arxiv.org/pdf/2106.09685) "
        "[code](https://github.com/microsoft/LoRA)\n"
        "* **QLoRA** - [pdf](https://arxiv.org/pdf/2305.14314)\n",
        [
            ("Reading List", True, "LoRA: Low-Rank Adaptation - pdf code",
             ("https://arxiv.org/pdf/2106.09685", "https://github.com/microsoft/LoRA")),
            ("Reading List", True, "QLoRA - pdf", ("https://arxiv.org/pdf/2305.14314",)),
        ],
    ),
    "link-only-items": Case(
        "## Readings\n\n- <https://arxiv.org/abs/2302.13971>\n- <https://arxiv.org/abs/2307.09288>\n",
        [
            ("Readings", True, "https://arxiv.org/abs/2302.13971", ("https://arxiv.org/abs/2302.13971",)),
            ("Readings", True, "https://arxiv.org/abs/2307.09288", ("https://arxiv.org/abs/2307.09288",)),
        ],
    ),
    "nested-links-and-abstract-under-a-paper": Case(
        "## Required Reading\n\n"
        "- **Chain-of-Thought Prompting Elicits Reasoning in Large Language Models**\n"
        "  - [arXiv](https://arxiv.org/abs/2201.11903)\n"
        "  - [blog](https://research.google/blog/cot)\n"
        "  - Shows that a few worked examples make large models reason step by step.\n"
        "- **Self-Consistency Improves Chain of Thought Reasoning**\n"
        "  - [arXiv](https://arxiv.org/abs/2203.11171)\n",
        [
            ("Required Reading", True, "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models",
             ("https://arxiv.org/abs/2201.11903", "https://research.google/blog/cot")),
            ("Required Reading", True, "Self-Consistency Improves Chain of Thought Reasoning",
             ("https://arxiv.org/abs/2203.11171",)),
        ],
    ),
    "multiple-links-in-parentheses": Case(
        "## Readings\n\n- ReAct: Synergizing Reasoning and Acting ([arXiv](https://arxiv.org/abs/2210.03629), "
        "[code](https://github.com/ysymyth/ReAct), [site](https://react-lm.github.io/))\n",
        [
            ("Readings", True, "ReAct: Synergizing Reasoning and Acting (arXiv, code, site)",
             ("https://arxiv.org/abs/2210.03629", "https://github.com/ysymyth/ReAct", "https://react-lm.github.io/")),
        ],
    ),
    "book-chapters-without-links": Case(
        "## Readings\n\n- Jurafsky & Martin, *Speech and Language Processing*, Chapter 9\n"
        "- Goodfellow et al., *Deep Learning*, Chapter 10\n",
        [
            ("Readings", True, "Speech and Language Processing", ()),
            ("Readings", True, "Deep Learning", ()),
        ],
    ),
    "required-and-optional-list-groups": Case(
        "## Readings\n\n- Required:\n  - [Paper A](https://a.org/1)\n- Optional:\n  - [Paper B](https://b.org/2)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "link-only-items-after-a-titled-item-are-its-links": Case(
        "## Readings\n\n- Attention Is All You Need\n- https://arxiv.org/abs/1706.03762\n",
        [("Readings", True, "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",))],
    ),
    "title-colon-bare-url": Case(
        "## Readings\n\n- Mamba: Linear-Time Sequence Modeling: https://arxiv.org/abs/2312.00752\n"
        "- RWKV: https://arxiv.org/abs/2305.13048\n",
        [
            ("Readings", True, "Mamba: Linear-Time Sequence Modeling", ("https://arxiv.org/abs/2312.00752",)),
            ("Readings", True, "RWKV", ("https://arxiv.org/abs/2305.13048",)),
        ],
    ),
    "optional-marker-on-an-item-makes-it-not-required": Case(
        "## Readings\n\n- [Paper A](https://a.org/1)\n- [Paper B](https://b.org/2) *(optional)*\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", False, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "topic-item-grouping-a-numbered-list": Case(
        "## Readings\n\n- Scaling\n  1. [Paper A](https://a.org/1)\n  2. [Paper B](https://b.org/2)\n"
        "- Alignment\n  1. [Paper C](https://c.org/3)\n  2. [Paper D](https://d.org/4)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
            ("Readings", True, "Paper C", ("https://c.org/3",)),
            ("Readings", True, "Paper D", ("https://d.org/4",)),
        ],
    ),
    "week-section-of-linked-papers": Case(
        "## Week 3: Transformers\n\n- [Attention Is All You Need](https://a.org/1)\n"
        "- [The Annotated Transformer](https://b.org/2)\n",
        [
            ("Week 3: Transformers", True, "Attention Is All You Need", ("https://a.org/1",)),
            ("Week 3: Transformers", True, "The Annotated Transformer", ("https://b.org/2",)),
        ],
    ),
    "discussion-questions-section-is-not-readings": Case(
        "## Readings\n\n- [Paper A](https://a.org/1)\n\n## Discussion Questions\n\n"
        "- Does [this benchmark](https://bench.org) measure reasoning?\n"
        "- How would you [red-team](https://rt.org) it?\n",
        [("Readings", True, "Paper A", ("https://a.org/1",))],
    ),
    # --- tables ------------------------------------------------------------------------------------
    "table-title-authors-link": Case(
        "## Readings\n\n| Title | Authors | Link |\n|---|---|---|\n"
        "| Attention Is All You Need | Vaswani et al. | [arXiv](https://arxiv.org/abs/1706.03762) |\n"
        "| Language Models are Few-Shot Learners | Brown et al. | [arXiv](https://arxiv.org/abs/2005.14165) |\n",
        [
            ("Readings", True, "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",)),
            ("Readings", True, "Language Models are Few-Shot Learners", ("https://arxiv.org/abs/2005.14165",)),
        ],
    ),
    "table-with-linked-title-cell": Case(
        "## Papers\n\n| Paper | Venue |\n|---|---|\n| [DPO](https://arxiv.org/abs/2305.18290) | NeurIPS 2023 |\n",
        [("Papers", True, "DPO", ("https://arxiv.org/abs/2305.18290",))],
    ),
    # --- headings as readings ------------------------------------------------------------------------
    "readings-split-by-rules": Case(
        "## Readings\n\n### Toolformer\n[paper](https://arxiv.org/abs/2302.04761)\n\n---\n\n"
        "### Gorilla: Large Language Model Connected with Massive APIs\n"
        "[paper](https://arxiv.org/abs/2305.15334)\n\n---\n",
        [
            ("Readings", True, "Toolformer", ("https://arxiv.org/abs/2302.04761",)),
            ("Readings", True, "Gorilla: Large Language Model Connected with Massive APIs",
             ("https://arxiv.org/abs/2305.15334",)),
        ],
    ),
    "heading-with-trailing-colon-and-emoji": Case(
        "## 📚 Readings:\n\n### 📄 Constitutional AI: Harmlessness from AI Feedback:\n"
        "- https://arxiv.org/abs/2212.08073\n",
        [("📚 Readings", True, "📄 Constitutional AI: Harmlessness from AI Feedback",
          ("https://arxiv.org/abs/2212.08073",))],
    ),
    "setext-section-heading": Case(
        "Readings\n--------\n\n- [Paper A](https://a.org/1)\n",
        [("Readings", True, "Paper A", ("https://a.org/1",))],
    ),
    "deeper-abstract-heading-belongs-to-the-reading": Case(
        "## Readings\n\n### Paper A\n[pdf](https://a.org/1)\n\n#### Abstract\nWe study things. See https://a.org/2.\n\n"
        "### Paper B\n[pdf](https://b.org/1)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1", "https://a.org/2")),
            ("Readings", True, "Paper B", ("https://b.org/1",)),
        ],
    ),
    # --- link forms --------------------------------------------------------------------------------
    "html-anchor-in-list-item": Case(
        '## Readings\n\n- <a href="https://arxiv.org/abs/2009.03300">Measuring Massive Multitask Language '
        "Understanding</a>\n",
        [
            ("Readings", True, "Measuring Massive Multitask Language Understanding",
             ("https://arxiv.org/abs/2009.03300",)),
        ],
    ),
    "reference-style-links": Case(
        "## Readings\n\n- [Attention Is All You Need][1]\n- [BERT][bert]\n\n"
        "[1]: https://arxiv.org/abs/1706.03762\n[bert]: https://arxiv.org/abs/1810.04805 \"BERT paper\"\n",
        [
            ("Readings", True, "Attention Is All You Need", ("https://arxiv.org/abs/1706.03762",)),
            ("Readings", True, "BERT", ("https://arxiv.org/abs/1810.04805",)),
        ],
    ),
    "link-lines-with-bold-titles-in-a-paragraph": Case(
        "## Readings\n\n**Direct Preference Optimization** https://arxiv.org/abs/2305.18290\n"
        "**KTO: Model Alignment as Prospect Theoretic Optimization** https://arxiv.org/abs/2402.01306\n",
        [
            ("Readings", True, "Direct Preference Optimization", ("https://arxiv.org/abs/2305.18290",)),
            ("Readings", True, "KTO: Model Alignment as Prospect Theoretic Optimization",
             ("https://arxiv.org/abs/2402.01306",)),
        ],
    ),
    "numbered-paper-headings": Case(
        "## Papers\n\n### 1. Toolformer\n[arXiv](https://arxiv.org/abs/2302.04761)\n\n"
        "### 2. ReAct\n[arXiv](https://arxiv.org/abs/2210.03629)\n",
        [
            ("Papers", True, "Toolformer", ("https://arxiv.org/abs/2302.04761",)),
            ("Papers", True, "ReAct", ("https://arxiv.org/abs/2210.03629",)),
        ],
    ),
    "html-list-of-links": Case(
        '## Readings\n\n<ul>\n<li><a href="https://a.org/1">Paper A</a></li>\n'
        '<li><a href="https://b.org/2">Paper B</a></li>\n</ul>\n',
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "html-list-unclosed-items-and-bare-addresses": Case(
        '## Readings\n\n<ul>\n<li><a href="https://a.org/1">Paper A</a> &amp; notes\n'
        '<li>Paper B https://b.org/2\n</ul>\n',
        [
            ("Readings", True, "Paper A & notes", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "html-nested-list-topic-groups-its-papers": Case(
        '## Readings\n\n<ul>\n<li>Scaling\n<ul>\n<li><a href="https://a.org/1">Paper A</a></li>\n'
        '<li><a href="https://b.org/2">Paper B</a></li>\n</ul>\n</li>\n</ul>\n',
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "html-item-lines-without-a-list-tag": Case(
        '## Talks to watch\n\n<li> <a style="text-decoration: none;" href="https://www.youtube.com/watch?v=abc"> '
        "<b>Keystone Species</b> by R. Paine.</a> A talk.</li>\n"
        '<li> <a href="https://www.youtube.com/watch?v=def"><b>Trophic Cascades</b></a></li>\n',
        [
            ("Talks to watch", True, "Keystone Species by R. Paine. A talk.", ("https://www.youtube.com/watch?v=abc",)),
            ("Talks to watch", True, "Trophic Cascades", ("https://www.youtube.com/watch?v=def",)),
        ],
    ),
    "html-link-list-under-a-paper-heading-gives-its-links": Case(
        '## Readings\n\n### Paper A\n\n<ul>\n<li><a href="https://a.org/pdf">pdf</a></li>\n'
        '<li><a href="https://a.org/code">code</a></li>\n</ul>\n',
        [("Readings", True, "Paper A", ("https://a.org/pdf", "https://a.org/code"))],
    ),
    "bold-title-paragraphs-each-with-a-link": Case(
        "## Readings\n\n**Sparks of AGI.** Bubeck et al. [link](https://arxiv.org/abs/2303.12712)\n\n"
        "**GPT-4 Technical Report.** OpenAI. [link](https://arxiv.org/abs/2303.08774)\n",
        [
            ("Readings", True, "Sparks of AGI. Bubeck et al. link", ("https://arxiv.org/abs/2303.12712",)),
            ("Readings", True, "GPT-4 Technical Report. OpenAI. link", ("https://arxiv.org/abs/2303.08774",)),
        ],
    ),
    "blockquote-note-between-readings": Case(
        "## Readings\n\n### Paper A\n[pdf](https://a.org/1)\n\n"
        "> Read sections 1-3 only. Errata: https://a.org/errata\n\n"
        "### Paper B\n[pdf](https://b.org/2)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1", "https://a.org/errata")),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "bold-title-paragraphs-over-link-lists": Case(
        "## Readings\n\n**Attention Is All You Need**\n\n- [pdf](https://arxiv.org/pdf/1706.03762)\n\n"
        "**BERT: Pre-training of Deep Bidirectional Transformers**\n\n[arXiv](https://arxiv.org/abs/1810.04805)\n",
        [
            ("Readings", True, "Attention Is All You Need", ("https://arxiv.org/pdf/1706.03762",)),
            ("Readings", True, "BERT: Pre-training of Deep Bidirectional Transformers",
             ("https://arxiv.org/abs/1810.04805",)),
        ],
    ),
    "bold-slides-label-after-the-readings": Case(
        "## Readings\n\n- [Paper A](https://a.org/1)\n- [Paper B](https://b.org/2)\n\n**Slides:**\n\n"
        "- [Lecture 5 slides](https://s.org/l5.pdf)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "placeholder-items-are-not-readings": Case(
        "## Readings\n\n- TBA\n\n## More Readings\n\nNone this week.\n",
        [],
    ),
    # --- section names -----------------------------------------------------------------------------
    "optional-and-background-section-names": Case(
        "## Readings (optional)\n\n- [Paper A](https://a.org/1)\n\n## Background reading\n\n"
        "- [Paper B](https://b.org/2)\n\n"
        "## Recommended\n\n- [Paper C](https://c.org/3)\n",
        [
            ("Readings (optional)", False, "Paper A", ("https://a.org/1",)),
            ("Background reading", False, "Paper B", ("https://b.org/2",)),
            ("Recommended", True, "Paper C", ("https://c.org/3",)),
        ],
    ),
    "non-reading-sections-are-skipped": Case(
        "## Readings\n\n- [Paper A](https://a.org/1)\n\n## Homework\n\n- [Problem set 2](https://hw.org/2)\n\n"
        "## Logistics\n\n- [Sign-up sheet](https://docs.google.com/forms/x)\n",
        [("Readings", True, "Paper A", ("https://a.org/1",))],
    ),
    "slides-and-recording-sections-are-not-readings": Case(
        "## Readings\n\n- [Paper A](https://a.org/1)\n\n## Slides\n\n- [Lecture 5 slides](https://s.org/l5.pdf)\n\n"
        "## Recording\n\n- [Zoom recording of the class](https://zoom.us/rec/5)\n",
        [("Readings", True, "Paper A", ("https://a.org/1",))],
    ),
    "intro-prose-with-a-link-before-the-readings": Case(
        "This week we look at [retrieval](https://en.wikipedia.org/wiki/Retrieval).\n\n"
        "## Readings\n\n- [RAG](https://arxiv.org/abs/2005.11401)\n",
        [("Readings", True, "RAG", ("https://arxiv.org/abs/2005.11401",))],
    ),
    # --- gap 1: level-1 headings as sections -------------------------------------------------------
    "level1-readings-sections": Case(
        "# Readings\n\n- [Paper A](https://a.org/1)\n- [Paper B](https://b.org/2)\n\n# Notes\n\n"
        "- [Scribe notes](https://n.org/1)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "level1-required-and-optional-sections": Case(
        "# Required Reading\n\n1. [Paper A](https://a.org/1)\n\n# Optional Reading\n\n1. [Paper B](https://b.org/2)\n\n"
        "# Blog\n\n- [Paper C](https://c.org/3)\n",
        [
            ("Required Reading", True, "Paper A", ("https://a.org/1",)),
            ("Optional Reading", False, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "level1-papers-section-with-paper-headings": Case(
        "# Papers\n\n### Paper A\n- https://a.org/1\n\n### Paper B\n- https://b.org/2\n",
        [
            ("Papers", True, "Paper A", ("https://a.org/1",)),
            ("Papers", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "level1-blog-heading-still-ends-the-list": Case(
        "## Readings\n\n- [Paper A](https://a.org/1)\n\n# Blog\n\n# Readings\n\n- [Paper B](https://b.org/2)\n",
        [("Readings", True, "Paper A", ("https://a.org/1",))],
    ),
    # --- gap 2: a heading that is not a reading ends the reading above -------------------------------
    "slides-heading-after-a-list-reading": Case(
        "## Readings\n\n- [Paper A](https://a.org/1)\n\n### Slides\n\n[pdf](https://s.org/slides.pdf)\n",
        [("Readings", True, "Paper A", ("https://a.org/1",))],
    ),
    "discussion-heading-after-a-heading-reading": Case(
        "## Readings\n\n### Paper A\n- https://a.org/1\n\n### Discussion\n\n"
        "- Is [this benchmark](https://bench.org) fair?\n",
        [("Readings", True, "Paper A", ("https://a.org/1",))],
    ),
    "schedule-heading-after-a-reading": Case(
        "## Readings\n\n### Paper A\n- https://a.org/1\n\n#### Schedule\n\nSee the [calendar](https://cal.org).\n",
        [("Readings", True, "Paper A", ("https://a.org/1",))],
    ),
    "grouping-heading-still-followed-by-readings": Case(
        "## More Readings\n\n### Paper A\n- https://a.org/1\n\n### Even More:\n\n- [Paper B](https://b.org/2)\n",
        [
            ("More Readings", False, "Paper A", ("https://a.org/1",)),
            ("More Readings", False, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "lecture-section-with-readings-and-slides-subheadings": Case(
        "## Lecture 5: RLHF\n\n### Readings\n\n- [InstructGPT](https://arxiv.org/abs/2203.02155)\n"
        "- [DPO](https://arxiv.org/abs/2305.18290)\n\n### Slides\n\n- [Lecture 5 slides](https://s.org/l5.pdf)\n",
        [
            ("Lecture 5: RLHF", True, "InstructGPT", ("https://arxiv.org/abs/2203.02155",)),
            ("Lecture 5: RLHF", True, "DPO", ("https://arxiv.org/abs/2305.18290",)),
        ],
    ),
    "deeper-slides-heading-belongs-to-the-paper-heading": Case(
        "## Readings\n\n### Paper A\n- https://a.org/1\n\n#### Slides\n- [deck](https://a.org/slides)\n\n"
        "### Paper B\n- https://b.org/2\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1", "https://a.org/slides")),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "abstract-and-links-subheadings-under-a-paper": Case(
        "## Readings\n\n### Paper A\n#### Abstract\nWe study attention.\n#### Links\n- [pdf](https://a.org/1)\n"
        "- [code](https://a.org/code)\n\n### Paper B\n- https://b.org/2\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1", "https://a.org/code")),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "paper-titles-that-start-with-topic-words": Case(
        "## Readings\n\n### Schedule-Free Learning\n- https://a.org/1\n\n"
        "### Code Llama: Open Foundation Models for Code\n- https://b.org/2\n\n### Notes on Transformers\n"
        "- https://c.org/3\n",
        [
            ("Readings", True, "Schedule-Free Learning", ("https://a.org/1",)),
            ("Readings", True, "Code Llama: Open Foundation Models for Code", ("https://b.org/2",)),
            ("Readings", True, "Notes on Transformers", ("https://c.org/3",)),
        ],
    ),
    "links-heading-after-readings-lists-more-readings": Case(
        "## Readings\n\n- [Paper A](https://a.org/1)\n\n### Links\n\n- [Paper B](https://b.org/2)\n"
        "- [Paper C](https://c.org/3)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
            ("Readings", True, "Paper C", ("https://c.org/3",)),
        ],
    ),
    "plain-colon-labels": Case(
        "## Readings\n\nRequired:\n\n- [Paper A](https://a.org/1)\n\nSlides:\n\n- [Lecture deck](https://s.org/deck)\n",
        [("Readings", True, "Paper A", ("https://a.org/1",))],
    ),
    "italic-note-between-readings-is-not-a-reading": Case(
        "## Readings\n\n- [Paper A](https://a.org/1)\n\n*Note: slides will be posted after class.*\n\n"
        "- [Paper B](https://b.org/2)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "bold-week-label-over-papers": Case(
        "## Readings\n\n**Week 3**\n\n- [Paper A](https://a.org/1)\n- [Paper B](https://b.org/2)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "placeholder-heading-is-not-a-reading": Case(
        "## Readings\n\n### TBD\n\n## More Readings\n\n- [Paper A](https://a.org/1)\n",
        [("More Readings", False, "Paper A", ("https://a.org/1",))],
    ),
    "level1-readings-over-level2-required-and-optional": Case(
        "# Readings\n\n## Required\n\n- [Paper A](https://a.org/1)\n\n## Optional\n\n- [Paper B](https://b.org/2)\n",
        [
            ("Required", True, "Paper A", ("https://a.org/1",)),
            ("Optional", False, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "course-part-with-videos-notes-readings-homework": Case(
        "## Part 1\n\nIntroduction to the part.\n\n##### Lecture videos\n\n1. [Lecture 1](https://youtu.be/l1)\n"
        "2. [Lecture 2](https://youtu.be/l2)\n\n##### Lecture notes\n\n1. [Lecture 1](https://notes.org/l1.pdf)\n"
        "2. [Lecture 2](https://notes.org/l2.pdf)\n\n##### Readings\n\n"
        "- [Paper 1](https://doi.org/p1) - about one thing.\n"
        "- [Paper 2](https://doi.org/p2) - about another.\n\n##### Homework\n\n"
        "- [Problem set 1](https://hw.org/ps1.pdf)\n",
        [
            ("Part 1", True, "Paper 1", ("https://doi.org/p1",)),
            ("Part 1", True, "Paper 2", ("https://doi.org/p2",)),
        ],
    ),
    # --- gap 3: grouping labels without level-2 sections ---------------------------------------------
    "bold-labels-inside-a-section-keep-the-section-required": Case(
        "## Readings\n\n**Required:**\n\n- [Paper A](https://a.org/1)\n\n**Optional:**\n\n"
        "- [Paper B](https://b.org/2)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", True, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "an-optional-sub-heading-inside-a-section-makes-its-items-not-required": Case(
        # the section stays the level-2 heading; the nearest sub-heading saying Optional decides required
        # (hold-out labels of two evaluators: "#### Optional Reading" under "## Reading lists")
        "## Readings\n\n### Required\n\n- [Paper A](https://a.org/1)\n\n#### Optional\n\n"
        "- [Paper B](https://b.org/2)\n",
        [
            ("Readings", True, "Paper A", ("https://a.org/1",)),
            ("Readings", False, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "bold-labels-without-sections-decide-required": Case(
        "**Required:**\n\n- [Paper A](https://a.org/1)\n\n**Further reading**\n\n- [Paper B](https://b.org/2)\n",
        [
            # SPEC "Lead-in lines": the label over a list plays the heading's role (section = its text)
            ("Required", True, "Paper A", ("https://a.org/1",)),
            ("Further reading", False, "Paper B", ("https://b.org/2",)),
        ],
    ),
    "headings-without-sections-decide-required": Case(
        "### Required reading\n\n- [Paper A](https://a.org/1)\n- [Paper B](https://b.org/2)\n\n"
        "### Optional reading\n\n- [Paper C](https://c.org/3)\n- [Paper D](https://d.org/4)\n",
        [
            (None, True, "Paper A", ("https://a.org/1",)),
            (None, True, "Paper B", ("https://b.org/2",)),
            (None, False, "Paper C", ("https://c.org/3",)),
            (None, False, "Paper D", ("https://d.org/4",)),
        ],
    ),
    "nested-optional-group-without-sections": Case(
        "- Required:\n  - [Paper A](https://a.org/1)\n- Optional:\n  - [Paper B](https://b.org/2)\n"
        "- [Paper C](https://c.org/3)\n",
        [
            (None, True, "Paper A", ("https://a.org/1",)),
            (None, False, "Paper B", ("https://b.org/2",)),
            (None, True, "Paper C", ("https://c.org/3",)),
        ],
    ),
}

# Cases the parser gets wrong today, with the reason; removed as the rules are fixed.
KNOWN_GAPS: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name])) if name in KNOWN_GAPS
        else name
        for name in CASES
    ],
)
def test_style(name: str) -> None:
    case = CASES[name]
    assert found(case.body) == case.expected


def post(front: str, body: str = "## Readings\n\n- [Paper A](https://a.org/1)\n") -> bytes:
    return f"---\n{front}---\n\n{body}".encode()


def test_tags_as_one_comma_separated_string() -> None:
    session = parse_post("_posts/2024-02-01-l5.md", post('title: L5\ntags: "alignment, rlhf"\n')).session
    assert session is not None
    assert session.tags == ("alignment", "rlhf")


def test_space_separated_tags_string() -> None:
    session = parse_post("_posts/2024-02-01-l5.md", post("title: L5\ntags: alignment rlhf\n")).session
    assert session is not None
    assert session.tags == ("alignment", "rlhf")


def test_role_lists_presenter_discussants_scribes() -> None:
    front = "title: L5\npresenter: Alice\ndiscussants:\n  - Bob\n  - Carol\nscribes: [Dan, Eve]\ndiscussion: open\n"
    session = parse_post("_posts/2024-02-01-l5.md", post(front)).session
    assert session is not None
    assert session.roles == {"presenter": "Alice", "discussants": "Bob, Carol", "scribes": "Dan, Eve"}


def test_html_list_items_carry_their_file_lines() -> None:
    body = (
        '## Readings\n<ul>\n<li><a href="https://a.org/1">Paper A</a></li>\n'
        "<li>Paper B https://b.org/2</li>\n</ul>\n"
    )
    readings, _ = extract_readings(body, line_offset=10)
    assert [(r.title, r.line) for r in readings] == [("Paper A", 13), ("Paper B", 14)]


def test_html_with_unclosed_tags_gives_what_it_can() -> None:
    body = "## Readings\n\n<div>" + "<li" * 2000 + "\n\n<ul><li>" + "<b" * 2000 + " Paper https://a.org/1\n"
    readings, _ = extract_readings(body)
    assert [r.urls for r in readings] == [("https://a.org/1",)]
