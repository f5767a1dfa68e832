"""The Word template of the yearly report (``monitoring_report.docx``) and the script that makes it."""
