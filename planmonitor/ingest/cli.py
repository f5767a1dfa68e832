"""``planmonitor import FILE --json``: read a plan and print plan-json/1, touching no database.

Standard output gets the plan (UTF-8, indented); standard error gets one line
per warning, so ``> plan.json`` keeps the two apart. A file the reader refuses
gives one line on standard error and exit status 2, never a traceback.
``--stage NAME`` prints an intermediate stage as JSON instead, for debugging a
document the reader gets wrong (as pdfplumber's ``debug_tablefinder`` does).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from decimal import Decimal
from pathlib import Path

from planmonitor.ingest import exact_json
from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Place
from planmonitor.ingest.settings import ReadSettings

STAGES = ("sniff", "document", "cells", "layout", "structure")
EXIT_OK, EXIT_REFUSED, EXIT_BUG = 0, 2, 3


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit status."""
    parser = argparse.ArgumentParser(prog="planmonitor import", description="Read a plan document into plan-json/1.")
    parser.add_argument("file", help="DOCX, PDF, XLSX, DOC, ODT, ODS, HTML or a text dump, or the http(s) address of a "
                                     "plan published as a web page or a document")
    parser.add_argument("--json", action="store_true", help="print plan-json/1 on standard output (the default here)")
    parser.add_argument("--stage", choices=STAGES, help="print this stage of the pipeline as JSON instead")
    parser.add_argument("--lang", choices=("bg", "en"), default="bg", help="language of messages (default bg)")
    args = parser.parse_args(argv)
    try:
        settings = ReadSettings.resolve(deployment_settings(), lang=args.lang)
        data, name = read_source(args.file)
        if args.stage:
            _write_json(stage_output(args.stage, data, name, settings))
            return EXIT_OK
        from planmonitor.ingest import read_plan

        result = read_plan(data, name, settings, progress=_page_done(args.lang))
    except IngestError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:  # a bug in the reader: still one line, but a different status
        message = "Вътрешна грешка при четенето" if args.lang == "bg" else "Internal error while reading"
        print(f"{args.file}: {message}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_BUG
    _write_json(result.plan)
    for warning in result.warnings:
        print(_warning_line(warning, args.lang), file=sys.stderr)
    return EXIT_OK


def _page_done(lang: str):
    """Print each recognised page of a scan on standard error ("стр. 3/25"): recognition takes seconds a page."""
    word = "стр." if lang == "bg" else "page"

    def report(done: int, total: int) -> None:
        print(f"{word} {done}/{total}", file=sys.stderr, flush=True)

    return report


def deployment_settings() -> dict:
    """The deployment's reader settings from the environment, as Django's settings read them
    (``PLANMONITOR_SOFFICE``, ``PLANMONITOR_INSTITUTIONS``), so ``--json`` reads as the web import does."""
    import os

    values = {}
    if os.environ.get("PLANMONITOR_SOFFICE"):
        values["libreoffice_path"] = os.environ["PLANMONITOR_SOFFICE"]
    if os.environ.get("PLANMONITOR_INSTITUTIONS"):
        values["institutions_path"] = os.environ["PLANMONITOR_INSTITUTIONS"]
    if os.environ.get("PLANMONITOR_TESSERACT"):
        values["tesseract_path"] = os.environ["PLANMONITOR_TESSERACT"]
    return values


def stage_output(stage: str, data: bytes, filename: str, settings: ReadSettings) -> object:
    """The pipeline run up to ``stage``, as plain JSON-able data."""
    from planmonitor.ingest import cells, layout, sniff, structure

    if stage == "sniff":
        return {"file": filename, "bytes": len(data), "format": sniff.sniff(data, filename, settings)}
    document = sniff.read_document(data, filename, settings)
    if stage == "document":
        return to_jsonable(document)
    document = cells.document_to_cells(document)
    if stage == "cells":
        return to_jsonable(document)
    laid = layout.layout_to_joined_rows(layout.cells_to_layout(document, settings))
    if stage == "layout":
        return to_jsonable(laid)
    return to_jsonable(structure.layout_to_structure(laid, settings))


def to_jsonable(value: object) -> object:
    """Frozen dataclasses as dicts tagged with their kind; tuples as lists; Decimals as strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict = {"kind": type(value).__name__}
        for item in dataclasses.fields(value):
            out[item.name] = to_jsonable(getattr(value, item.name))
        return out
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    return value


def read_source(source: str) -> tuple[bytes, str]:
    """The bytes to read and the name that places in messages carry: a file's name, or a web address
    (downloaded with ``fetch.fetch_plan``'s bounds)."""
    from planmonitor.ingest.fetch import fetch_plan, is_address

    if is_address(source):
        return fetch_plan(source).data, source.strip()
    return _read_file(source), Path(source).name


def _read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(
            f"Файлът не може да се отвори ({exc.strerror or type(exc).__name__}).",
            f"The file cannot be opened ({exc.strerror or type(exc).__name__}).",
            Place(file=path),
        ) from exc


def _write_json(value: object) -> None:
    text = exact_json.dumps(value, ensure_ascii=False, indent=2)  # amounts with their exact digits
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()


def _warning_line(warning, lang: str) -> str:
    where = warning.place.describe(lang)
    measure = f" [{warning.code}]" if warning.code else ""
    field = f" {warning.field}:" if warning.field else ""
    return f"{where}{measure}:{field} {warning.message}"
