"""Every page of a seeded record (core.models.SeededModel) opens on what the record is about, and shows
its seed key and demo flag read only, last, on its change page (core.admin.SeededRecordAdminMixin)."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.urls import reverse

from core.admin import RECORD_FIELDSET
from core.models import SeededModel

from .admin_records import record_for

pytestmark = pytest.mark.django_db

RECORD = {"seed_key", "is_demo"}
SEEDED = sorted(
    (model._meta.label, model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if issubclass(model, SeededModel)
)


def _shown(response) -> list[str]:
    return flatten_fieldsets(response.context["adminform"].fieldsets)


@pytest.mark.parametrize(("label", "model", "model_admin"), SEEDED, ids=[label for label, _, _ in SEEDED])
def test_a_seeded_record_opens_on_itself_and_keeps_its_seed_key_read_only_at_the_end(
    client, secretariat_user, label, model, model_admin
):
    client.force_login(secretariat_user)
    opts = model._meta
    record = record_for(model, secretariat_user)
    pages = {
        "add": reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        "change": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]),
    }
    for page, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, f"{label} {page}: {response.status_code}"
        shown = _shown(response)
        assert not RECORD & set(response.context["adminform"].form.fields), f"{label} {page}: editable"
        assert shown[0] not in RECORD, f"{label} {page} opens on {shown[0]}"
    name, options = response.context["adminform"].fieldsets[-1]  # the change page
    assert name == RECORD_FIELDSET
    assert set(options["fields"]) >= RECORD
    assert set(response.context["adminform"].readonly_fields) >= RECORD


@pytest.mark.parametrize(
    ("model_name", "first"),
    [
        ("agencies_organization", "name"),
        ("meetings_meeting", "title"),
        ("meetings_document", "title"),
        ("coordination_followupaction", "title"),
        ("coordination_reportingobligation", "description"),
        ("coordination_mandate", "title"),
        ("coordination_callforinputs", "title"),
    ],
)
def test_the_add_page_opens_on_the_title_or_name(client, secretariat_user, model_name, first):
    client.force_login(secretariat_user)
    assert _shown(client.get(reverse(f"admin:{model_name}_add")))[0] == first
