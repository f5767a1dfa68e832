"""The offline round trip: an XLSX per institution and period, filled in Excel or LibreOffice, read back.

Layout (``FORMAT`` names it, in the hidden sheet ``meta``):

* sheet 1, measures: one row per measure the institution answers for. Key
  columns (measure id, report version, number, text) are locked; the status
  has a drop-down of the plans' own words; then what was done, people
  reached with breakdowns, and up to ``MONEY_LINES`` lines of money spent
  (amount, currency, source).
* sheet 2, indicators: one row per indicator of those measures; only the
  value column is editable.

Reading back checks every cell first and names each problem by sheet, row
and column. Only when there is none are the reports saved, each through
``services.save_report`` with the version the sheet was written at, inside
one transaction: a conflict on any row rolls everything back. So an upload
saves all of it or nothing. Rows whose report is already submitted or
approved are written locked and skipped on reading.

``layout`` holds what both directions share (columns, sheet titles, file
name, which institutions and measures); ``writing`` writes a workbook,
``reading`` reads one back.
"""

from planmonitor.monitoring.spreadsheets.layout import FORMAT, file_name, institutions_of, sheet_titles
from planmonitor.monitoring.spreadsheets.reading import Problem, UploadResult, read_workbook
from planmonitor.monitoring.spreadsheets.writing import write_workbook

__all__ = [
    "FORMAT", "Problem", "UploadResult", "file_name", "institutions_of", "read_workbook", "sheet_titles",
    "write_workbook",
]
