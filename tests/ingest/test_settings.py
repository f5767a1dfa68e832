"""ReadSettings: defaults, resolve(), and errors that name the bad setting."""

from __future__ import annotations

import pytest

from planmonitor.ingest import IngestError, ReadSettings


def test_defaults_and_resolve():
    settings = ReadSettings.resolve()
    assert settings.max_file_bytes == 50 * 1024 * 1024
    assert ReadSettings.resolve({"lang": "en"}).lang == "en"
    assert ReadSettings.resolve(settings, max_row_shift=1).max_row_shift == 1


@pytest.mark.parametrize(
    ("overrides", "name"),
    [
        ({"max_file_bytes": 0}, "max_file_bytes"),
        ({"max_zip_ratio": -1}, "max_zip_ratio"),
        ({"libreoffice_timeout": "soon"}, "libreoffice_timeout"),
        ({"lang": "de"}, "lang"),
        ({"max_row_shift": 9}, "max_row_shift"),
        ({"institutions_path": "/no/such.csv"}, "institutions_path"),
        ({"max_file_size": 10}, "max_file_size"),
    ],
)
def test_bad_setting_is_named(overrides, name):
    with pytest.raises(IngestError) as caught:
        ReadSettings.resolve(overrides)
    assert name in caught.value.message("bg")
    assert name in caught.value.message("en")
