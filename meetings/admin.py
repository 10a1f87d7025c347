from django.contrib import admin

from core.admin import HistoryAdmin, ServiceRefusalsAdminMixin, SpreadsheetAdminMixin, TypedLookupsAdminMixin
from core.periods import at_precision

from .models import AgendaItem, Document, Meeting, MeetingSeries, Participant
from .resources import MeetingResource, ParticipantResource


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "notes"]


class ParticipantInline(TypedLookupsAdminMixin, admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "person", "function", "role", "agenda_item"]


class DocumentInline(TypedLookupsAdminMixin, admin.TabularInline):
    model = Document
    extra = 0
    fields = ["symbol", "title", "kind", "date", "author", "url"]
    autocomplete_fields = ["author"]
    show_change_link = True


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(HistoryAdmin):
    list_display = ["name", "organizer"]
    search_fields = ["name"]
    list_select_related = ["organizer"]
    autocomplete_fields = ["organizer"]


@admin.register(Meeting)
class MeetingAdmin(SpreadsheetAdminMixin, ServiceRefusalsAdminMixin, HistoryAdmin):
    resource_classes = [MeetingResource, ParticipantResource]
    list_display = ["title", "when", "venue", "organizer", "status"]
    list_filter = ["status", "kind", "series", "organizer__category", "is_demo"]
    search_fields = ["title", "venue", "organizer__name", "organizer__acronym", "documents__symbol"]
    date_hierarchy = "start_date"
    list_select_related = ["organizer"]
    autocomplete_fields = ["series", "organizer", "co_organizers"]
    # One sitting: the meeting, its agenda, who came, its papers and what it agreed.
    inlines = [AgendaItemInline, ParticipantInline, DocumentInline]
    readonly_fields = ["seed_key", "created_at", "updated_at"]

    @admin.display(description="when", ordering="start_date")
    def when(self, meeting) -> str:
        """The dates at the precision the source gave: "3 December 2008 to 5 December 2008", "2008"."""
        if meeting.start_date is None:
            return meeting.dates_as_stated or "undated"
        precision = meeting.date_precision or "day"
        start = at_precision(meeting.start_date, precision)
        end = at_precision(meeting.end_date, precision) if meeting.end_date else start
        return start if end == start else f"{start} to {end}"


@admin.register(AgendaItem)
class AgendaItemAdmin(HistoryAdmin):
    list_display = ["meeting", "position", "title"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting"]


@admin.register(Participant)
class ParticipantAdmin(HistoryAdmin):
    list_display = ["person", "organization", "role", "meeting"]
    list_filter = ["role"]
    search_fields = ["person", "function", "organization__name", "organization__acronym", "meeting__title"]
    list_select_related = ["organization", "meeting"]
    autocomplete_fields = ["meeting", "organization", "agenda_item"]


@admin.register(Document)
class DocumentAdmin(HistoryAdmin):
    list_display = ["symbol", "title", "kind", "date", "author"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["symbol", "title", "author__name", "author__acronym"]
    date_hierarchy = "date"
    list_select_related = ["author"]
    autocomplete_fields = ["author", "meeting"]
    readonly_fields = ["seed_key", "created_at", "updated_at"]
