"""Rules of ``monitoring.permissions`` that pages only show indirectly: may the report be written now,
and which review decisions the page offers (read from the report pipeline)."""

from __future__ import annotations

import pytest

from planmonitor.monitoring import permissions, services
from planmonitor.monitoring.models import REPORT_PIPELINE, ProgressReport, ReportingPeriod
from tests.monitoring.factories import make_world

pytestmark = pytest.mark.django_db

Status = ProgressReport.Status

# report status (None: no report yet) -> (reporter may write it now, approve offered, return offered, awaiting)
OPEN_PERIOD = {
    None: (True, False, False, False),
    Status.DRAFT: (True, False, False, False),
    Status.SUBMITTED: (False, True, True, True),
    Status.RETURNED: (True, False, False, False),
    Status.APPROVED: (False, False, True, False),
}


def _report(w, status):
    if status is None:
        return None
    return ProgressReport.objects.create(measure=w.own_measure, period=w.period, status=status)


@pytest.mark.parametrize("status", list(OPEN_PERIOD), ids=lambda s: s or "none")
@pytest.mark.parametrize("locked", [False, True], ids=["open", "closed"])
def test_writing_and_review_decisions(status, locked):
    """An open period follows the pipeline; a closed one allows no writing and no decision, whatever the status."""
    w = make_world()
    if locked:
        ReportingPeriod.objects.filter(pk=w.period.pk).update(status=ReportingPeriod.Status.CLOSED)
        w.period.refresh_from_db()
    report = _report(w, status)
    may_write, approve, send_back, awaiting = OPEN_PERIOD[status]
    if locked:
        may_write = approve = send_back = False
    reporter, other = w.users["reporter"], w.users["reporter_other"]
    assert permissions.can_write_report(reporter, w.own_measure, w.period, report) is may_write
    assert permissions.can_write_report(other, w.own_measure, w.period, report) is False
    assert permissions.review_actions(report, w.period) == permissions.ReviewActions(
        approve=approve, send_back=send_back, awaiting=awaiting
    )


def test_the_pages_offer_the_moves_the_services_allow():
    """The review page reads ``REPORT_PIPELINE``; the services refuse what ``services.PIPELINE`` does not allow.
    Until the services read the model's table (one rule), the two must be the same table."""
    assert {k: set(v) for k, v in services.PIPELINE.items()} == {k: set(v) for k, v in REPORT_PIPELINE.items()}
