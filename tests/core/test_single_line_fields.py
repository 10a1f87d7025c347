"""One line where one line is meant (#18): the rule itself, and every text field of our apps carrying
it, so a field added later cannot forget it."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from core.validators import SingleLineValidator, multi_line, one_line, single_line

OUR_APPS = ("agencies", "meetings", "coordination", "core", "ingest")

# Text fields that hold something other than free text, each with why it needs no rule of ours.
NOT_FREE_TEXT = {
    # The list of time zones is its own check (validate_time_zone): no zone holds a control character.
    ("agencies.UserProfile", "time_zone"),
}
# Fields whose own type refuses any space or control character already.
CHECKED_BY_THEIR_TYPE = (models.SlugField, models.EmailField, models.URLField)


def _text_fields():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            # simple_history's copies of a model take its fields, validators included; the columns it
            # adds (history_type, history_change_reason) are its own.
            if hasattr(model, "instance_type"):
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    yield model, field


def _one_line_fields():
    for model, field in _text_fields():
        if isinstance(field, models.TextField) or field.choices or isinstance(field, CHECKED_BY_THEIR_TYPE):
            continue
        if (model._meta.label, field.name) not in NOT_FREE_TEXT:
            yield model, field


def test_every_one_line_field_of_our_apps_refuses_line_breaks():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in _one_line_fields()
        if single_line not in field.validators
    ]
    assert missing == []


def test_every_field_of_several_lines_refuses_a_nul():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in _text_fields()
        if isinstance(field, models.TextField) and multi_line not in field.validators
    ]
    assert missing == []


def test_the_walk_sees_the_titles_and_the_history_keeps_the_rule():
    seen = {f"{model._meta.label}.{field.name}" for model, field in _one_line_fields()}
    assert {"coordination.FollowUpAction.title", "coordination.CallForInputs.title"} <= seen
    assert {"coordination.ActivityUpdate.title", "agencies.Organization.name", "meetings.Document.symbol"} <= seen
    historical = apps.get_model("coordination", "HistoricalFollowUpAction")
    assert single_line in historical._meta.get_field("title").validators


def test_the_exceptions_name_fields_that_exist():
    for label, name in NOT_FREE_TEXT:
        apps.get_model(label)._meta.get_field(name)


@pytest.mark.parametrize(
    "text", ["Line one\nLine two", "Line one\r\nLine two", "a\rb", "a\u2028b", "a\u2029b", "a\x85b"]
)
def test_a_line_break_is_refused_with_a_message_in_words(text):
    with pytest.raises(ValidationError) as refused:
        single_line(text)
    assert refused.value.messages == ["Use one line: remove the line break."]
    assert refused.value.code == "line_break"


@pytest.mark.parametrize(
    ("text", "named"),
    [("a\x0bb", "U+000B"), ("a\tb", "U+0009"), ("a\x00b", "U+0000"), ("a\x7fb", "U+007F"), ("a\x9bb", "U+009B")],
)
def test_a_control_character_is_refused_by_its_code_point(text, named):
    with pytest.raises(ValidationError) as refused:
        single_line(text)
    assert refused.value.messages == [f"Remove the control character ({named})."]


@pytest.mark.parametrize(
    "text", ["Migration \u2013 \u201cmobility\u201d 2027", "Ré-union à Genève", "A\u00a0B", "🌍 report", ""]
)
def test_ordinary_text_in_any_script_is_one_line(text):
    single_line(text)


def test_text_of_several_lines_keeps_its_breaks_and_tabs_but_not_a_nul():
    multi_line("First paragraph.\r\n\r\n\tSecond\x0bparagraph.\u2028")
    with pytest.raises(ValidationError, match=r"Remove the control character \(U\+0000\)\."):
        multi_line("First\x00second")


def test_text_read_from_a_document_is_made_one_line_rather_than_refused():
    assert one_line("  High-level Dialogue on\r\n  International\tMigration\u2028and Development \n") == (
        "High-level Dialogue on International Migration and Development"
    )
    single_line(one_line("a\x00\x0b\x85b"))


def test_the_pattern_a_schema_shows_refuses_exactly_what_the_rule_refuses():
    """The rule is a RegexValidator, so the API's schema can show its pattern to clients."""
    assert single_line == SingleLineValidator()
    assert single_line.deconstruct() == ("core.validators.SingleLineValidator", (), {})
    for code_point in range(0x3000):
        text = f"a{chr(code_point)}b"
        try:
            single_line(text)
            refused = False
        except ValidationError:
            refused = True
        assert refused == (single_line.regex.search(text) is None), hex(code_point)
