"""A worker killed in the middle of a report (SIGKILL): after the time limit nothing is left "running"."""

from __future__ import annotations

import time

from tests.core.worker_harness import Site, kill_worker_mid_report


def test_a_killed_worker_leaves_no_task_running_after_the_limit(tmp_path):
    site = Site(tmp_path / "var", time_limit=3)
    site.migrate()
    stuck = kill_worker_mid_report(site)
    assert site.report_state(stuck)[0] == "running"  # what the person saw for good: 10 %, then nothing
    assert site.stuck_tasks() >= 2  # the report and django-tasks-db's own row
    time.sleep(site.time_limit + 0.5)
    site.command("housekeeping")
    assert site.stuck_tasks() == 0
    assert site.report_state(stuck)[0] == "failed"
    error = site.query("SELECT error FROM reports_generatedreport WHERE id = ?", (stuck,))[0][0]
    assert "Фоновият процес спря" in error
    # The person starts it again and a live worker writes it.
    from tests.core.worker_harness import REQUEST_REPORT

    period = site.query("SELECT period_id FROM reports_generatedreport WHERE id = ?", (stuck,))[0][0]
    again = int(site.python(REQUEST_REPORT.format(period=period)))
    worker = site.start_worker()
    try:
        deadline = time.monotonic() + 120
        while site.report_state(again)[0] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert site.report_state(again)[0] == "done"
