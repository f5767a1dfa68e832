"""The coordinator's pages (issue 10.5): XLSX problems at their cell and where the person looks; closing asks; next report."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation

from planmonitor.monitoring import spreadsheets
from planmonitor.monitoring.models import ProgressReport
from tests.monitoring.factories import make_world
from tests.monitoring.test_spreadsheets import fill_all, filled

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(measures=6)


def _problems(world, edit):
    content = filled(spreadsheets.write_workbook(world.period, world.school), edit)
    return spreadsheets.read_workbook(world.period, content, actor=world.users["coordinator"]).problems


def test_a_negative_amount_names_its_cell_and_the_rule(world):
    def edit(ms, ind):
        fill_all(ms, ind)
        ms.cell(row=3, column=12, value=-250)

    with translation.override("bg"):
        [problem] = _problems(world, edit)
    assert (problem.row, problem.column) == (3, "L")
    assert "сумата не може да е отрицателна" in problem.message.lower()
    assert not ProgressReport.objects.exists()


def test_a_rule_of_the_service_is_put_at_its_own_cell(world):
    """More women and men than people reached: the women column of that row, not the status column."""
    def edit(ms, ind):
        fill_all(ms, ind)
        ms.cell(row=2, column=8, value=25)  # women
        ms.cell(row=2, column=9, value=25)  # men; people reached is 30

    [problem] = _problems(world, edit)
    assert (problem.row, problem.column) == (2, "H")
    assert not ProgressReport.objects.exists()


def test_problems_are_listed_at_the_top_of_the_period_page_as_a_table(client, world):
    def edit(ms, ind):
        fill_all(ms, ind)
        ms.cell(row=3, column=12, value=-250)

    content = filled(spreadsheets.write_workbook(world.period, world.school), edit)
    client.force_login(world.users["coordinator"])
    upload = io.BytesIO(content)
    upload.name = "filled.xlsx"
    response = client.post(reverse("monitoring:xlsx_upload", args=[world.period.pk]), {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    box = body[body.index('upload-problems'):]
    assert body.index('upload-problems') < body.index('class="table-wrap')  # before the list of reports
    cells = box[: box.index("</table>")]
    assert "<td>3</td>" in cells and "<td>L</td>" in cells


def test_closing_a_period_asks_for_confirmation_first(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("monitoring:close_period", args=[world.period.pk])
    response = client.post(url)
    assert response.status_code == 200
    assert 'name="confirm" value="yes"' in response.content.decode()
    world.period.refresh_from_db()
    assert not world.period.is_locked
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    world.period.refresh_from_db()
    assert world.period.is_locked


def test_after_approving_the_next_report_waiting_is_offered(client, world):
    from planmonitor.monitoring import services

    reporter = world.users["reporter"]
    first, second = list(world.plan.measures.filter(institutions=world.school).order_by("position"))[:2]
    for measure in (first, second):
        report = services.save_report(measure, world.period, services.ReportInput(measure_status="done"),
                                      actor=reporter, version=0)
        services.submit_report(report, actor=reporter)
    client.force_login(world.users["coordinator"])
    review = reverse("monitoring:review", args=[first.pk, world.period.pk])
    response = client.post(review, {"action": "approve"}, follow=True)
    body = response.content.decode()
    assert reverse("monitoring:review", args=[second.pk, world.period.pk]) in body
    assert 'class="next-report"' in body


def test_the_coordinator_s_home_puts_the_review_work_first(client, world):
    from planmonitor.monitoring import services

    reporter = world.users["reporter"]
    report = services.save_report(world.own_measure, world.period, services.ReportInput(measure_status="done"),
                                  actor=reporter, version=0)
    services.submit_report(report, actor=reporter)
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("home"), follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("monitoring:todo")
    review = reverse("monitoring:review", args=[world.own_measure.pk, world.period.pk])
    assert body.index(review) < body.index('class="open-periods"') < body.index("unit-own-reports")
    assert reverse("monitoring:dashboard", args=[world.plan.pk]) in body
