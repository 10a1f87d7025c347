"""The real seed set: valid, complete in provenance, idempotent, and historically quiet."""

import pytest
from django.contrib.contenttypes.models import ContentType

from coordination.choices import DeadlineState
from coordination.models import FollowUpAction, InputRequest, Provenance, ReportingObligation
from seeds.files import read_file, seed_files
from seeds.loader import MODELS, SeedLoader


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name)
def test_every_seed_file_validates_against_the_schema(path):
    assert read_file(path)


def test_every_seeded_record_has_provenance(seeded, db):
    for kind, model in MODELS.items():
        content_type = ContentType.objects.get_for_model(model)
        with_provenance = set(Provenance.objects.filter(content_type=content_type).values_list("object_id", flat=True))
        seeded_ids = set(model.objects.exclude(seed_key="").values_list("pk", flat=True))
        assert seeded_ids, kind
        assert seeded_ids <= with_provenance, f"{kind} without provenance: {seeded_ids - with_provenance}"


def test_loading_twice_changes_nothing(seeded, db):
    from seeds.files import read_seed_set

    report = SeedLoader(read_seed_set()).load()
    assert (report.created, report.changed, report.provenance_created, report.kept) == (0, 0, 0, [])


def test_nothing_historical_is_due_for_a_reminder(seeded, db):
    remindable = {DeadlineState.OVERDUE, DeadlineState.DUE_7, DeadlineState.DUE_30, DeadlineState.LATER}
    for model in (FollowUpAction, ReportingObligation, InputRequest):
        states = set(model.objects.with_deadline_state().values_list("deadline_state", flat=True))
        assert not states & remindable, model.__name__
