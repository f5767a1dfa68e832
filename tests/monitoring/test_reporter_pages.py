"""A reporter's first day (issue 10, points 8 and 9): where they land, the report page, evidence."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planmonitor.monitoring import services
from planmonitor.monitoring.models import Evidence, ProgressReport
from tests.monitoring.factories import PASSWORD, make_world
from tests.monitoring.test_views import _form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def _url(w):
    return reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])


def test_after_log_in_a_reporter_lands_on_what_they_have_to_report(client, world):
    response = client.post(reverse("accounts:login"), {"username": "reporter", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("monitoring:todo")
    assert world.own_measure.text in response.content.decode()


def test_a_failed_save_shows_an_error_summary_that_links_to_each_field(client, world):
    client.force_login(world.users["reporter"])
    numeric = world.own_measure.indicators.get(position=1)
    for data, field in ((_form_data(world, **{f"value_{numeric.pk}": "twelve"}), f"id_value_{numeric.pk}"),
                        (_form_data(world, exp_source_1="EU"), "id_exp_amount_1")):
        response = client.post(_url(world), data)
        body = response.content.decode()
        assert response.status_code == 200
        summary = body[body.index('class="error-summary"'):]
        summary = summary[: summary.index("</div>")]
        assert f'href="#{field}"' in summary
        assert body.index("error-summary") < body.index('id="id_measure_status"')  # at the top of the form


def test_the_restore_draft_banner_is_at_the_top_of_the_form(client, world):
    client.force_login(world.users["reporter"])
    body = client.get(_url(world)).content.decode()
    assert 'id="report-form"' in body
    assert body.index("data-draft-restore") < body.index('id="id_measure_status"')


def test_an_exe_renamed_pdf_is_refused_at_its_field_and_nothing_is_attached(client, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["reporter"])
    data = _form_data(world)
    data["evidence_file"] = SimpleUploadedFile("list.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(_url(world), data)
    assert response.status_code == 200
    assert "list.pdf" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_and_a_link_from_the_form_are_both_kept_and_each_can_be_removed(client, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["reporter"])
    data = _form_data(world, evidence_url="https://example.org/photos", evidence_description="Списък")
    data["evidence_file"] = SimpleUploadedFile("list.pdf", b"%PDF-1.4 list")
    assert client.post(_url(world), data).status_code == 302
    assert Evidence.objects.count() == 2
    body = client.get(_url(world)).content.decode()
    link = Evidence.objects.get(url="https://example.org/photos")
    remove = reverse("monitoring:remove_evidence", args=[link.pk])
    assert f'action="{remove}"' in body and f'form="remove-evidence-{link.pk}"' in body
    assert client.post(remove).status_code == 302
    assert list(Evidence.objects.values_list("url", flat=True)) == [""]
    assert ProgressReport.objects.get().status == "draft"


def test_evidence_cannot_be_removed_once_submitted(client, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["reporter"])
    client.post(_url(world), _form_data(world, evidence_url="https://example.org/x", action="submit"))
    item = Evidence.objects.get()
    client.post(reverse("monitoring:remove_evidence", args=[item.pk]))
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_the_reporter_sees_the_units_recommendations_on_their_measures(client, world):
    services.recommend_measure(world.own_measure, actor=world.users["coordinator"],
                               text="Включете и родителите в кампанията", period=world.period)
    client.force_login(world.users["reporter"])
    assert "Включете и родителите" in client.get(_url(world)).content.decode()
    assert "Включете и родителите" in client.get(reverse("monitoring:todo")).content.decode()
