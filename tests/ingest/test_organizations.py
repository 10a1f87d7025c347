import pytest

from ingest.reader import OrganizationIndex, read_document
from ingest.reader.organizations import find_new_organizations


def organizations(text: str, index) -> list[tuple]:
    return [
        (p.paragraph, p.data["key"], p.data["name"], p.data["acronym"])
        for p in read_document(text, index).of_kind("organization")
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ILO promotes labour rights.", "ilo"),
        ("with IOM and others", "iom"),
        ("UNHCR reported on refugees.", "unhcr"),
        ("the work of ECLAC in the region", "eclac"),
        ("the International Labour Organization adopted", "ilo"),
        ("the international labour organization adopted", None),  # a name starts with a capital
        ("the Office of the United Nations High Commissioner for Refugees", "unhcr"),
        ("the United Nations High Commissioner for Refugees", "unhcr"),
        ("the Organization for Economic Cooperation and Development", "oecd"),  # -ization, no hyphen
        ("the Organisation for Economic Co-operation and Development", "oecd"),
        ("the Population Division of the Department of Economic and Social Affairs", "desa-pd"),
        ("the UN Population Division", "desa-pd"),  # an extra name of the registry
        ("the United Nations Children\u2019s Fund", "unicef"),  # a curly apostrophe
    ],
)
def test_matches_known_organizations_by_acronym_name_and_variants(small_index, text, key):
    matches = small_index.match(text)
    assert [m.key for m in matches][:1] == ([key] if key else [])


@pytest.mark.parametrize(
    "text",
    [
        "the PILOT project",  # "ILO" inside a word
        "the ilo of the text",  # acronyms are case-sensitive
        "WOMEN WHO MIGRATE",  # a heading in capitals
        "health care for migrants",  # the one-word name "CARE" is matched case-sensitively
    ],
)
def test_does_not_match_look_alikes(small_index, text):
    assert small_index.match(text) == []


def test_one_proposal_per_organization_at_its_first_mention_with_its_full_name(small_index):
    text = (
        "1. ILO and IOM met.\n\n"
        "2. The International Labour Organization (ILO) and the International Organization for Migration (IOM) met.\n"
    )
    assert organizations(text, small_index) == [
        ("1", "ilo", "International Labour Organization", "ILO"),
        ("1", "iom", "International Organization for Migration", "IOM"),
    ]


def test_an_unknown_organization_is_proposed_as_new_only_when_named_with_its_acronym(small_index):
    text = (
        "1. IMP works with the International Centre for Migration Policy Development (ICMPD) and ILO.\n\n"
        "2. The Migration Policy Institute (MPI) and the General Agreement on Trade in Services (GATS) and "
        "the High-Level Dialogue (HLD) and the Some Important Thing were mentioned.\n"
    )
    proposals = read_document(text, small_index).of_kind("organization")
    assert [(p.data["key"], p.data["name"], p.data["acronym"]) for p in proposals] == [
        (None, "International Centre for Migration Policy Development", "ICMPD"),
        ("ilo", "ILO", "ILO"),
        (None, "Migration Policy Institute", "MPI"),
    ]
    new, known = proposals[0], proposals[1]
    assert new.confidence < known.confidence


def test_without_an_index_organizations_named_with_their_acronym_are_proposed_as_new():
    proposals = read_document("The International Labour Organization (ILO) promotes rights.").of_kind("organization")
    assert [(p.data["key"], p.data["name"], p.data["acronym"]) for p in proposals] == [
        (None, "International Labour Organization", "ILO")
    ]


def test_a_new_organization_must_match_its_acronym_initial():
    assert find_new_organizations("the Foo Institute for Bar Studies (XYZ)", None) == []
    (match,) = find_new_organizations("the Foo Institute for Bar Studies (FIBS)", None)
    assert (match.name, match.acronym, match.matched) == (
        "Foo Institute for Bar Studies", "FIBS", "Foo Institute for Bar Studies (FIBS)"
    )  # fmt: skip


def test_the_index_looks_up_names_and_acronyms(small_index):
    assert small_index.lookup("ILO").key == "ilo"
    assert small_index.lookup("the Office of the United Nations High Commissioner for Refugees").key == "unhcr"
    assert small_index.lookup("Nobody") is None
    assert len(small_index) == 9


def test_the_longest_name_wins():
    index = OrganizationIndex(
        [("desa", "DESA", "Department of Economic and Social Affairs", ()),
         ("desa-pd", "", "Population Division, Department of Economic and Social Affairs", ())]
    )  # fmt: skip
    (match,) = index.match("the Population Division of the Department of Economic and Social Affairs")
    assert match.key == "desa-pd"
