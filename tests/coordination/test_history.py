import pytest

from coordination.models import Provenance
from core.models import OutboxMessage
from tests.factories import FollowUpActionFactory, MeetingFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_changes_to_domain_models_are_kept_with_who_and_what(secretariat_user):
    action = FollowUpActionFactory(title="Publish the 2003 revision")
    action._history_user = secretariat_user
    action.title = "Publish the 2005 revision"
    action.save()
    latest, first = action.history.all()[:2]
    assert (first.history_type, latest.history_type) == ("+", "~")
    assert latest.history_user == secretariat_user
    delta = latest.diff_against(first)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("title", "Publish the 2003 revision", "Publish the 2005 revision")
    ]


def test_every_domain_model_keeps_history():
    for factory in (OrganizationFactory, MeetingFactory):
        assert factory().history.count() == 1


def test_ledgers_outbox_and_provenance_keep_no_history():
    assert not hasattr(OutboxMessage, "history")
    assert not hasattr(Provenance, "history")
