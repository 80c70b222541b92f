"""coursebot: course-announcement bot for Jekyll course sites."""

__version__ = "0.1.0"
