"""A JSON serialisation for backups that keeps every microsecond (``SERIALIZATION_MODULES["json_exact"]``).

Django's JSON encoder shortens times to milliseconds (the ECMAScript form), so
a ``.json`` backup restored would not give back the same rows: every audit
entry's time would change. This format writes full ISO times and is read back
by Django's own ``json`` deserializer (the file still ends in ``.json``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder without the rounding of times to milliseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
