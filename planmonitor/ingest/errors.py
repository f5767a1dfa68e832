"""The one error the reader raises: what is wrong and where, in Bulgarian and English."""

from __future__ import annotations

from planmonitor.ingest.model import Place


class IngestError(Exception):
    """A file the reader refuses. Carries its place and a message in both languages.

    Every library exception met while reading is wrapped in this, so callers
    (the command line, the upload page, the task) catch one thing and show
    one clear line.
    """

    def __init__(self, message_bg: str, message_en: str, place: Place | None = None) -> None:
        self.message_bg = message_bg
        self.message_en = message_en
        self.place = place or Place()
        super().__init__(self.message("en"))

    def message(self, lang: str = "bg") -> str:
        """One line for a person: the place, then what is wrong."""
        text = self.message_bg if lang == "bg" else self.message_en
        where = self.place.describe(lang)
        return f"{where}: {text}" if where else text
