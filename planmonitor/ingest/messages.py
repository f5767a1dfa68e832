"""Warning texts in Bulgarian and English, with named placeholders.

The ingest package has no Django and so no gettext; its messages live here,
one key per situation, and callers pick the language through ReadSettings.lang.
"""

from __future__ import annotations

from planmonitor.ingest.model import Place, ReadWarning

MESSAGES: dict[str, tuple[str, str]] = {
    "table_without_header": (
        "Таблица без разпознат заглавен ред („{header}“); пропусната.",
        "Table without a recognised header row (\"{header}\"); skipped.",
    ),
    "no_measure_column": (
        "В таблицата няма колона с мерки или дейности (колони: „{header}“); мерки от нея не са прочетени.",
        "The table has no column of measures or activities (columns: \"{header}\"); no measures were read from it.",
    ),
    "not_a_plan_table": (
        "Таблицата не е таблица на плана (колони: „{header}“: количества и цени); пропусната.",
        "The table is not a plan table (columns: \"{header}\": quantities and prices); skipped.",
    ),
    "unit_column": (
        "Колоната „{header}“ съдържа мерни единици, не мерки; не е прочетена като мерки.",
        "The column \"{header}\" holds units of measure, not measures; it was not read as measures.",
    ),
    "not_a_period": (
        "„{text}“ в колоната за срок не прилича на срок; проверете дали клетките на реда не са разместени.",
        "\"{text}\" in the period column does not look like a period; please check that the row's cells are not "
        "shifted.",
    ),
    "not_a_body": (
        "„{text}“ в колоната за отговорна институция прилича на статус или срок; проверете реда.",
        "\"{text}\" in the responsible column looks like a status or a period; please check the row.",
    ),
    "stacked_cells": (
        "Редът съдържа {count} мерки, а клетките му изглеждат по един запис за всяка; проверете срока, "
        "финансирането, статуса и другите стойности на мярката.",
        "The row holds {count} measures and its cells look like one entry for each; please check the measure's "
        "period, funding, status and other values.",
    ),
    "empty_text": (
        "Мярка без текст: въведете текста ѝ.",
        "Measure without text: please enter its text.",
    ),
    "unknown_header": (
        "Непозната колона „{header}“; съдържанието ѝ не е прочетено.",
        "Unknown column \"{header}\"; its content was not read.",
    ),
    "shifted_header": (
        "Заглавният ред е изместен с една колона наляво; колоните са подравнени по номерата.",
        "The header row is shifted one column left; columns were aligned by the numbering.",
    ),
    "shifted_row": (
        "Редът е изместен с {shift} колона(и) наляво; клетките са преместени надясно.",
        "The row is shifted {shift} column(s) left; its cells were moved right.",
    ),
    "no_number": (
        "Мярка без номер.",
        "Measure without a number.",
    ),
    "duplicate_code": (
        "Номерът {code} се среща повече от веднъж в приоритета.",
        "Code {code} appears more than once in the priority.",
    ),
    "irregular_number": (
        "В сумата „{text}“ има цифри извън обичайното групиране (изгубен или излишен интервал); "
        "прочетена е като {amount}. Проверете я.",
        "The sum \"{text}\" has digits outside the usual grouping (a lost or extra space); it was read as "
        "{amount}. Check it.",
    ),
    "task_number": (
        "Номерът на задачата „{text}“ не е номер или не съвпада с номера в текста на задачата; проверете "
        "задачата на мярката.",
        "The task number \"{text}\" is no number or differs from the number in the task's text; check the "
        "measure's task.",
    ),
    "unreadable_number": (
        "Сумата „{text}“ не може да се прочете като число.",
        "The sum \"{text}\" cannot be read as a number.",
    ),
    "not_a_status": (
        "„{text}“ в колоната за статус не е познат статус; проверете го.",
        "\"{text}\" in the status column is not a known status; please check it.",
    ),
    "quoted_goal": (
        "Цел {code} повтаря вече използван номер и няма мерки; приета за цитат от друг документ.",
        "Goal {code} repeats a number already used and has no measures; taken as a quotation from another document.",
    ),
    "prefixed_codes": (
        "Номерата под „{heading}“ повтарят вече използвани; получават представка {prefix}-.",
        "The numbers under \"{heading}\" repeat ones already used; they get the prefix {prefix}-.",
    ),
    "hidden_merge": (
        "Клетката е празна в таблица без линии; ако в документа е обединена с горната, стойността е „{value}“. "
        "Проверете.",
        "The cell is empty in a table without rules; if the document merges it with the one above, the value is "
        "\"{value}\". Please check.",
    ),
    "page_merge": (
        "Клетката е празна в началото на страница; ако в документа е обединена с горната от предишната страница, "
        "стойността е „{value}“. Проверете.",
        "The cell is empty at the top of a page; if the document merges it with the one above on the page before, "
        "the value is \"{value}\". Please check.",
    ),
    "page_cut": (
        "Клетката в началото на страницата започва по средата на изречение; може да е продължение на клетката "
        "„{value}“ от предишната страница, обединена с нея. Проверете.",
        "The cell at the top of the page opens mid-sentence; it may go on from the cell \"{value}\" on the page "
        "before, merged with it. Please check.",
    ),
    "joined_row": (
        "Редът след прекъсването на страницата е присъединен към тази мярка, защото не започва нова; проверете текста ѝ.",
        "The row after the page break was joined to this measure because it starts nothing new; please check its text.",
    ),
    "guessed_goal": (
        "Редът „{text}“ няма думата „Цел“ или номер; прочетен е като цел, защото под него следват мерки. Проверете целта.",
        "The line \"{text}\" has neither the word \"Цел\" nor a number; it was read as a goal because measures follow it. "
        "Please check the goal.",
    ),
    "ocr_doubt": (
        "Разпознато от сканирано копие с ниска сигурност ({confidence} %): „{words}“; сверете стойността със "
        "сканираното копие.",
        "Recognised from a scan with low confidence ({confidence}%): \"{words}\"; please check the value against "
        "the scan.",
    ),
    "ocr_unread": (
        "Част от текста в сканираното копие не е разпозната (на мястото ѝ стои „\ufffd“); сверете стойността "
        "със сканираното копие.",
        "Part of the text in the scan was not recognised (\"\ufffd\" stands in its place); please check the "
        "value against the scan.",
    ),
    "ocr_money": (
        "Сумата е разпозната от сканирано копие и не се чете като сума или е разделена необичайно; сверете я "
        "със сканираното копие.",
        "The sum was recognised from a scan and does not read as a sum or is grouped oddly; please check it "
        "against the scan.",
    ),
    "ocr_numbering": (
        "Номерът на мярката не продължава номера на целта или задачата ѝ (разпознати от сканирано копие); "
        "сверете ги със сканираното копие.",
        "The measure's number does not continue its goal's or task's number (recognised from a scan); please "
        "check them against the scan.",
    ),
    "ocr_value": (
        "Стойността е разпозната от сканирано копие и има число там, където се очаква мерна единица или знак "
        "„%“ (например „42 90“ вместо „42 %“); сверете я със сканираното копие.",
        "The value was recognised from a scan and has a number where a unit or a \"%\" sign would stand (such "
        "as \"42 90\" for \"42 %\"); please check it against the scan.",
    ),
    "no_measures": (
        "В документа не са намерени мерки.",
        "No measures were found in the document.",
    ),
}


def text(key: str, lang: str = "bg", **values: object) -> str:
    """The message for ``key`` in ``lang`` ("bg" unless "en"), placeholders filled."""
    bg, en = MESSAGES[key]
    return (en if lang == "en" else bg).format(**values)


def warning(place: Place, key: str, lang: str = "bg", measure: str | None = None, field: str | None = None,
            index: int | None = None, **values: object) -> ReadWarning:
    """A ReadWarning in ``lang`` about ``measure`` (its code; ``index``: its position among the plan's
    measures) and ``field``, carrying the English text as well."""
    return ReadWarning(place, text(key, lang, **values), measure, field, text(key, "en", **values), index)
