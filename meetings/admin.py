from django.contrib import admin

from core.admin import (
    HistoryAdmin,
    ServiceRefusalsAdminMixin,
    SpreadsheetAdminMixin,
    TypedLookupsAdminMixin,
    short_name_column,
)
from core.admin_search import RankedSearchAdminMixin
from core.periods import span_at_precision

from . import services
from .models import AgendaItem, Document, Meeting, MeetingSeries, Participant
from .resources import MeetingResource, ParticipantResource
from .search import document_excerpts, documents_matching

# Each record's save and delete, as every door takes them (meetings/services.py).
SAVE = {
    Meeting: lambda record, by: services.meeting_save(meeting=record, by=by),
    AgendaItem: lambda record, by: services.agenda_item_save(item=record, by=by),
    Participant: lambda record, by: services.participant_save(participant=record, by=by),
    Document: lambda record, by: services.document_save(document=record, by=by),
}
DELETE = {
    Meeting: lambda record, by: services.meeting_delete(meeting=record, by=by),
    AgendaItem: lambda record, by: services.agenda_item_delete(item=record, by=by),
    Participant: lambda record, by: services.participant_delete(participant=record, by=by),
    Document: lambda record, by: services.document_delete(document=record, by=by),
}


class ThroughServicesAdminMixin(ServiceRefusalsAdminMixin):
    """The page's record and its inline rows are saved and deleted through the services, as the API's
    and the spreadsheets' are: the same rules, the same history; a refusal is shown on the form."""

    def save_model(self, request, obj, form, change) -> None:
        if change and not form.has_changed():
            return  # only its inline rows changed: the record keeps its version and its history
        SAVE[type(obj)](obj, request.user)

    def delete_model(self, request, obj) -> None:
        DELETE[type(obj)](obj, request.user)

    def save_formset(self, request, form, formset, change) -> None:
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            DELETE[type(row)](row, request.user)
        for row in rows:
            SAVE[type(row)](row, request.user)
        formset.save_m2m()


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
    list_display = ["name", short_name_column("organizer")]
    search_fields = ["name"]
    list_select_related = ["organizer"]
    autocomplete_fields = ["organizer"]


@admin.register(Meeting)
class MeetingAdmin(SpreadsheetAdminMixin, ThroughServicesAdminMixin, HistoryAdmin):
    resource_classes = [MeetingResource, ParticipantResource]
    list_display = ["title", "when", "status", "venue", short_name_column("organizer")]
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
        """The dates at the precision the source gave: "3 to 5 December 2008", "2008"."""
        if meeting.start_date is None:
            return meeting.dates_as_stated or "undated"
        return span_at_precision(meeting.start_date, meeting.end_date, meeting.date_precision or "day")


@admin.register(AgendaItem)
class AgendaItemAdmin(ThroughServicesAdminMixin, HistoryAdmin):
    list_display = ["title", "meeting", "position"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting"]


@admin.register(Participant)
class ParticipantAdmin(ThroughServicesAdminMixin, HistoryAdmin):
    list_display = ["person", short_name_column("organization"), "role", "meeting"]
    list_filter = ["role"]
    search_fields = ["person", "function", "organization__name", "organization__acronym", "meeting__title"]
    list_select_related = ["organization", "meeting"]
    autocomplete_fields = ["meeting", "organization", "agenda_item"]


@admin.register(Document)
class DocumentAdmin(RankedSearchAdminMixin, ThroughServicesAdminMixin, HistoryAdmin):
    # The search box searches symbols and titles, ranked, with excerpts (docs/admin.md).
    search_selector = documents_matching
    excerpt_selector = document_excerpts
    list_display = ["symbol", "title", "kind", "date", short_name_column("author")]
    list_filter = ["kind", "is_demo"]
    search_fields = ["symbol", "title", "author__name", "author__acronym"]
    date_hierarchy = "date"
    list_select_related = ["author"]
    autocomplete_fields = ["author", "meeting"]
    readonly_fields = ["seed_key", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector")
