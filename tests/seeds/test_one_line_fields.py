"""A title or a name that a seed file wraps over several lines is stored on one line (#18): the models
refuse line breaks in one-line fields, and the seeds are made one line rather than refused."""

import textwrap

import pytest

from agencies.models import Organization
from coordination.models import FollowUpAction
from meetings.models import AgendaItem, Participant
from seeds.files import read_seed_set, seed_files
from seeds.loader import SeedLoader
from tests.seeds.test_loader import DOCUMENT, REGISTRY

pytestmark = pytest.mark.django_db


def _wrapped(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_a_title_wrapped_in_a_seed_file_is_loaded_on_one_line_and_a_second_run_changes_nothing(tmp_path):
    registry = _wrapped(
        REGISTRY,
        "    name: International Labour Organization\n",
        "    name: >\n      International Labour\n      Organization\n",
    )
    document = _wrapped(
        DOCUMENT,
        "    title: Submit the final report of the Global Commission\n",
        '    title: "Submit the final report\\r\\nof the Global\\tCommission"\n',
    )
    document = _wrapped(document, "      - title: Selected issues\n", '      - title: "Selected\\u2028issues"\n')
    document = _wrapped(document, "person: Joseph Chamie", 'person: "Joseph\\nChamie"')
    (tmp_path / "registry.yaml").write_text(textwrap.dedent(registry))
    (tmp_path / "a-59-325.yaml").write_text(textwrap.dedent(document))

    def load():
        return SeedLoader(read_seed_set(seed_files(tmp_path))).load()

    load()
    assert Organization.objects.get(seed_key="ilo").name == "International Labour Organization"
    action = FollowUpAction.objects.get(seed_key="gcim-final-report")
    assert action.title == "Submit the final report of the Global Commission"
    assert sorted(AgendaItem.objects.values_list("title", flat=True)) == [
        "Recent activities at the United Nations",
        "Selected issues",
    ]
    assert Participant.objects.get(role="chair").person == "Joseph Chamie"
    action.full_clean()  # what is stored passes the rule the forms apply

    again = load()
    assert (again.created, again.changed, again.kept, again.provenance_created) == (0, 0, [], 0)
