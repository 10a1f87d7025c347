import pytest
from django.db import transaction

from seeds.files import read_seed_set
from seeds.loader import SeedLoader


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The whole seed set, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = SeedLoader(read_seed_set()).load()
        yield report
        transaction.set_rollback(True)
