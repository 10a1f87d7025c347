"""The five source documents (the folder of the ``SOURCE_DOCUMENTS_DIR`` setting), and an organization
index like the one a caller builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from ingest.reader import OrganizationIndex, read_document

REGISTRY = Path(__file__).resolve().parents[2] / "seeds" / "data" / "registry.yaml"


def seed_text(prefix: str) -> str:
    """The text of the source document whose file name starts with ``prefix`` ("000" ... "004")."""
    (path,) = Path(settings.SOURCE_DOCUMENTS_DIR).glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


SMALL_INDEX_ENTRIES = [
    ("ilo", "ILO", "International Labour Organization", ()),
    ("iom", "IOM", "International Organization for Migration", ()),
    ("unhcr", "UNHCR", "Office of the United Nations High Commissioner for Refugees", ()),
    ("eclac", "ECLAC", "Economic Commission for Latin America and the Caribbean", ()),
    ("oecd", "OECD", "Organisation for Economic Co-operation and Development", ()),
    ("desa-pd", "", "Population Division, Department of Economic and Social Affairs", ("UN Population Division",)),
    ("unicef", "UNICEF", "United Nations Children's Fund", ()),
    ("who", "WHO", "World Health Organization", ()),
    ("care", "", "CARE", ()),
]


@pytest.fixture(scope="session")
def small_index() -> OrganizationIndex:
    return OrganizationIndex(SMALL_INDEX_ENTRIES)


@pytest.fixture(scope="session")
def registry_index() -> OrganizationIndex:
    import yaml

    registry = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    return OrganizationIndex(
        (o["key"], o.get("acronym") or "", o["name"], o.get("other_names") or ()) for o in registry["organizations"]
    )


@pytest.fixture(scope="session")
def read_seed(registry_index):
    """read_document over a source document with the registry's index, read once per session."""
    cache = {}

    def read(prefix: str):
        if prefix not in cache:
            cache[prefix] = read_document(seed_text(prefix), registry_index)
        return cache[prefix]

    return read
