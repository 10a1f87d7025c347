"""Key facts of the loaded seed set, each checked against the source text it comes from.

Every test quotes the sentence it rests on, with its document and paragraph. Documents:
000 = A/59/325 (2 September 2004), 001 = report of the Secretary-General to the fifty-second
session (18 September 1997), 002 = A/63/269 (11 August 2008), 003 = report of the Second
Coordination Meeting (15-16 October 2003), 004 = proceedings of the Third Coordination Meeting
(27-28 October 2004). The CM2 report and the CM3 proceedings number no paragraphs: their
paragraphs are cited by section and position, as the seed files cite them.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from agencies.models import Membership, Organization
from coordination.choices import DeadlineState, ItemStatus
from coordination.models import ActivityUpdate, FollowUpAction, Mandate, Provenance, ReportingObligation, Session
from meetings.choices import DatePrecision, MeetingStatus, ParticipantRole
from meetings.models import Document, Meeting, Participant


def statements(record, **filters) -> set[tuple[str, str, str, str]]:
    """(document key, paragraph, field, value as stated) of the record's provenance rows."""
    return set(
        Provenance.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk, **filters
        ).values_list("document__seed_key", "paragraph", "field", "value_as_stated")
    )


def organizations_of_updates_stated(**filters) -> set[str]:
    """Keys of the organizations whose activity updates carry a provenance row matching ``filters``."""
    update_ids = Provenance.objects.filter(
        content_type=ContentType.objects.get_for_model(ActivityUpdate), **filters
    ).values_list("object_id", flat=True)
    return set(ActivityUpdate.objects.filter(pk__in=update_ids).values_list("organization__seed_key", flat=True))


# --- 003: report of the Second Coordination Meeting (2003) ----------------------------------------


def test_second_coordination_meeting_was_held_15_16_october_2003_in_new_york(seeded, db):
    # 003, I. Report of the meeting, para 1: "The Second United Nations Coordination Meeting on
    # International Migration took place at the Headquarters of the United Nations in New York from
    # 15 to 16 October 2003. The meeting was organized by the United Nations Population Division of
    # the Department of Economic and Social Affairs (DESA)."
    meeting = Meeting.objects.get(seed_key="cm2-2003")
    assert (meeting.start_date, meeting.end_date) == (dt.date(2003, 10, 15), dt.date(2003, 10, 16))
    assert meeting.date_precision == DatePrecision.DAY
    assert "New York" in meeting.venue
    assert meeting.organizer.seed_key == "desa-pd"
    assert meeting.status == MeetingStatus.HELD
    assert (meeting.series.seed_key, meeting.number) == ("un-coordination-meetings-migration", 2)
    # 000, para 5 only says "The second coordination meeting, held in October 2003"; kept as a statement.
    assert (
        "a-59-325",
        "5",
        "start_date",
        "The second coordination meeting, held in October 2003",
    ) in statements(meeting)


def test_world_bank_economist_dilip_ratha_presented_on_workers_remittances_at_the_second_meeting(seeded, db):
    # 003, Section B.1, para 1: "Mr. Dilip K. Ratha, Economist of the World Bank, made a presentation
    # on the role of workers' remittances."
    participant = Participant.objects.get(meeting__seed_key="cm2-2003", person="Dilip K. Ratha")
    assert participant.organization.seed_key == "world-bank"
    assert participant.function == "Economist, World Bank"
    assert participant.role == ParticipantRole.PRESENTER
    assert participant.agenda_item.title == "Current issues: workers' remittances"


def test_iom_meeting_on_trafficking_statistics_due_spring_2004_in_rome_is_lapsed(seeded, db):
    # 003, Section B.2, para 8: "IOM was planning to organize an inter-agency meeting on trafficking
    # statistics, tentatively scheduled for the spring of 2004 in Rome." No document shows it held.
    action = FollowUpAction.objects.with_deadline_state().get(seed_key="cm2-2003-iom-trafficking-statistics-meeting")
    assert action.lead_organization.seed_key == "iom"
    assert (action.due_precision, action.due_date) == (DatePrecision.QUARTER, dt.date(2004, 6, 30))
    assert action.due_as_stated == "tentatively scheduled for the spring of 2004"
    assert action.status == ItemStatus.OPEN
    assert action.deadline_state == DeadlineState.LAPSED


def test_third_international_forum_for_social_development_was_held_7_8_october_2003_in_new_york(seeded, db):
    # 003, Section A, para 10: "... the Third International Forum for Social Development held in New York
    # from 7 to 8 October 2003." 000, para 8: "the Division for Social Policy and Development convened,
    # on 7 and 8 October 2003, the third meeting of the International Forum for Social Development".
    forum = Meeting.objects.get(seed_key="ifsd-3-2003")
    assert (forum.start_date, forum.end_date) == (dt.date(2003, 10, 7), dt.date(2003, 10, 8))
    assert forum.venue == "New York"
    assert forum.organizer.seed_key == "desa-dspd"
    assert forum.number == 3


# --- 004: proceedings of the Third Coordination Meeting (2004) ------------------------------------


def test_third_coordination_meeting_was_held_27_28_october_2004_in_new_york_with_52_participants(seeded, db):
    # 004, Report of the meeting, introduction, para 1: "The third United Nations Coordination Meeting on
    # International Migration took place at United Nations headquarters in New York from 27 to 28 October
    # 2004. The meeting was organized by the Population Division of the Department of Economic and Social
    # Affairs (DESA) of the United Nations". Para 3: "Fifty-two participants from offices of the United
    # Nations Secretariat, ... attended the meeting."
    meeting = Meeting.objects.get(seed_key="cm3-2004")
    assert (meeting.start_date, meeting.end_date) == (dt.date(2004, 10, 27), dt.date(2004, 10, 28))
    assert "New York" in meeting.venue
    assert meeting.organizer.seed_key == "desa-pd"
    assert (meeting.number, meeting.status) == (3, MeetingStatus.HELD)
    assert (
        "cm3-proceedings-2004",
        "Report of the meeting, introduction, para 3",
        "participants",
        "Fifty-two participants",
    ) in statements(meeting)


def test_ilo_senior_migration_specialist_piyasiri_wickramasekara_presented_at_the_third_meeting(seeded, db):
    # 004, Report of the meeting, III, para 1: "Mr. Piyasiri Wickramasekara, Senior Migration Specialist
    # in ILO, presented the major outcomes of the Conference."
    participant = Participant.objects.get(meeting__seed_key="cm3-2004", person="Piyasiri Wickramasekara")
    assert participant.organization.seed_key == "ilo"
    assert participant.function == "Senior Migration Specialist, ILO"
    assert participant.role == ParticipantRole.PRESENTER
    assert participant.agenda_item.position == 3


def test_gcim_final_report_due_mid_2005_is_half_year_precision_and_lapsed(seeded, db):
    # 004, Report of the meeting, IV, para 3: "The Commission was due to produce its final report by
    # mid-2005." No later source shows the report issued, so the action stays open and lapses.
    action = FollowUpAction.objects.with_deadline_state().get(seed_key="gcim-final-report-mid-2005")
    assert action.lead_organization.seed_key == "gcim"
    assert (action.due_precision, action.due_date) == (DatePrecision.HALF_YEAR, dt.date(2005, 6, 30))
    assert action.due_as_stated == "by mid-2005"
    assert action.status == ItemStatus.OPEN
    assert action.deadline_state == DeadlineState.LAPSED
    # 000, para 51: "The Commission will submit its final report to the Secretary-General of the United
    # Nations in mid-2005."
    assert (
        "a-59-325",
        "51",
        "due",
        "will submit its final report to the Secretary-General of the United Nations in mid-2005",
    ) in statements(action)


# --- 000: A/59/325 (2004) --------------------------------------------------------------------------


def test_resolution_58_208_was_adopted_on_23_december_2003_and_both_stated_dates_are_kept(seeded, db):
    # 000, para 2: "The present report considers the implementation of General Assembly resolution 58/208
    # of 23 December 2003, entitled "International migration and development"."
    # 004, Preface: "In response to General Assembly Resolution 58/208 of 13 February 2004 on International
    # Migration and Development, ..." (the later, conflicting statement; kept as provenance).
    mandate = Mandate.objects.get(body__seed_key="ga", number="58/208")
    assert mandate.adoption_date == dt.date(2003, 12, 23)
    assert mandate.session.seed_key == "ga-58"
    adoption = statements(mandate, field="adoption_date")
    assert ("a-59-325", "2", "adoption_date", "General Assembly resolution 58/208 of 23 December 2003") in adoption
    assert ("cm3-proceedings-2004", "Preface", "adoption_date", "13 February 2004") in adoption
    assert (
        "cm3-proceedings-2004",
        "Report of the meeting, introduction, para 1",
        "adoption_date",
        "13 February 2004",
    ) in adoption


def test_report_on_resolution_58_208_is_done_fulfilled_by_a_59_325(seeded, db):
    # 000, Summary: "In its resolution 58/208 of 23 December 2003 on international migration and
    # development, the General Assembly requested the Secretary-General to submit a report on the
    # implementation of that resolution to the Assembly at its fifty-ninth session. Pursuant to that
    # request, the present report provides ..."
    obligation = ReportingObligation.objects.get(mandate__number="58/208", addressee__seed_key="ga")
    assert obligation.status == ItemStatus.DONE
    assert obligation.fulfilled_by == Document.objects.get(symbol="A/59/325")
    assert (obligation.due_precision, obligation.due_session.seed_key) == (DatePrecision.SESSION, "ga-59")


def test_general_assembly_fifty_ninth_session_opens_on_computed_14_september_2004(seeded, db):
    # 000, heading: "Fifty-ninth session"; para 2: "submit a report to the Assembly at its fifty-ninth
    # session". The documents give no opening day: it is computed (the Tuesday of the third week of
    # September 2004, counting from the week holding 1 September, a Wednesday).
    session = Session.objects.get(body__seed_key="ga", number=59)
    assert session.stated_opening_date is None
    assert session.opening_date == dt.date(2004, 9, 14)
    assert session.year == 2004


def test_the_commissions_1998_session_has_no_opening_day_so_the_report_due_at_it_has_no_day(seeded, db):
    # 001, para 20: "the Commission requested the Chairperson of the Task Force to report to it at its 1998
    # session on the progress made in the organization of the technical symposium." No document gives the
    # opening day of a session of the Commission (or of the Commission on Human Rights): only years, so
    # the report has no due day until the secretariat fills it in, never 31 December 1998.
    session = Session.objects.get(body__seed_key="cpd", number=31)
    assert (session.year, session.opening_date) == (1998, None)
    obligation = ReportingObligation.objects.get(due_session=session)
    assert (obligation.due_precision, obligation.due_date, obligation.due_as_stated) == (
        DatePrecision.SESSION, None, "at its 1998 session",
    )  # fmt: skip
    assert obligation.waits_for_opening_day
    assert not Session.objects.exclude(body__session_rule="ga_september").filter(opening_date__isnull=False).exists()


def test_population_division_is_a_division_of_desa(seeded, db):
    # 000, para 4: "The Population Division of the Department of Economic and Social Affairs has been
    # responsible for monitoring levels and trends of international migration as well as international
    # migration policies."
    division = Organization.objects.get(seed_key="desa-pd")
    assert division.parent == Organization.objects.get(acronym="DESA")
    assert division.parent.name == "Department of Economic and Social Affairs"
    assert division.parent.parent.seed_key == "un-secretariat"


def test_geneva_migration_group_was_established_in_april_2003_by_six_organizations(seeded, db):
    # 000, para 41: "In April 2003, the heads of six international organizations and United Nations
    # entities, ... namely, ILO, IOM, the Office of the United Nations High Commissioner for Human Rights,
    # UNHCR, UNCTAD and the United Nations Office on Drugs and Crime, established the Geneva Migration Group."
    memberships = Membership.objects.filter(group__seed_key="geneva-migration-group")
    assert set(memberships.values_list("member__seed_key", flat=True)) == {
        "ilo",
        "iom",
        "ohchr",
        "unhcr",
        "unctad",
        "unodc",
    }
    assert set(memberships.values_list("start_date", flat=True)) == {dt.date(2003, 4, 30)}
    # 003, Section A, para 6 names five heads (no UNCTAD); the statement is kept on UNCTAD's membership.
    unctad = memberships.get(member__seed_key="unctad")
    assert {(doc, para) for doc, para, *_ in statements(unctad)} >= {("cm2-report-2003", "Section A, para 6")}


def test_gcim_first_meeting_was_held_in_stockholm_26_27_february_2004(seeded, db):
    # 000, para 51: "The first meeting of the Global Commission was held in Stockholm, Sweden, on 26 and
    # 27 February 2004."
    meeting = Meeting.objects.get(seed_key="gcim-first-meeting-2004")
    assert (meeting.start_date, meeting.end_date) == (dt.date(2004, 2, 26), dt.date(2004, 2, 27))
    assert meeting.venue == "Stockholm, Sweden"
    assert meeting.organizer.seed_key == "gcim"


def test_workshop_on_migration_statistics_was_held_in_geneva_in_september_2003(seeded, db):
    # 000, para 7: "The Statistics Division, in collaboration with the United Nations Conference on Trade
    # and Development (UNCTAD), organized a Workshop on Improving the Compilation of International Migration
    # Statistics, which was held in Geneva in September 2003." (003, C.1 para 5 says only "in 2003".)
    workshop = Meeting.objects.get(seed_key="workshop-compilation-migration-statistics-2003")
    assert (workshop.date_precision, workshop.start_date) == (DatePrecision.MONTH, dt.date(2003, 9, 30))
    assert workshop.venue == "Geneva"
    assert workshop.organizer.seed_key == "desa-unsd"
    assert list(workshop.co_organizers.values_list("seed_key", flat=True)) == ["unctad"]


# --- 001: report of the Secretary-General to the fifty-second session (1997) ----------------------


def test_1997_report_counts_23_government_responses_received_by_26_april_1995(seeded, db):
    # 001, para 1: "By 26 April 1995, responses had been received from the following Governments:
    # Algeria, Argentina, Australia, Canada, Colombia, Croatia, Ecuador, Egypt, Ethiopia, France (on
    # behalf of the 15 members of the European Union), the Libyan Arab Jamahiriya, Morocco, Norway, Peru,
    # the Philippines, Romania, the Russian Federation, Switzerland, Thailand, Togo, the United States of
    # America, Venezuela and Yugoslavia."
    responded = organizations_of_updates_stated(
        document__seed_key="a-52-sg-report-1997", field="response_received_by", value_as_stated="By 26 April 1995"
    )
    assert responded == {
        *("algeria", "argentina", "australia", "canada", "colombia", "croatia", "ecuador", "egypt"),
        *("ethiopia", "france", "libyan-arab-jamahiriya", "morocco", "norway", "peru", "philippines"),
        *("romania", "russian-federation", "switzerland", "thailand", "togo", "united-states"),
        *("venezuela", "yugoslavia"),
    }


def test_1997_report_counts_28_additional_responses_as_at_30_july_1997_and_65_governments_in_all(seeded, db):
    # 001, para 2: "As at 30 July 1997, the following Governments had provided additional responses
    # regarding the convening of an international conference on international migration and development:
    # Algeria, Armenia, Australia, ... , Ukraine and the United Arab Emirates."
    # Para 3: "In summary, 65 Governments expressed their views regarding the convening of a conference
    # on international migration and development, and a further 2 acknowledged receipt of the 1997 letter.
    # The present report is based on the views of the 65 Governments whose complete responses were
    # received by 30 July 1997."
    responded = organizations_of_updates_stated(
        document__seed_key="a-52-sg-report-1997", field="response_received_by", value_as_stated="As at 30 July 1997"
    )
    assert len(responded) == 28
    assert {"armenia", "holy-see", "netherlands", "united-arab-emirates"} <= responded
    assert not {"mongolia", "seychelles"} & responded  # they only acknowledged the 1997 letter
    overall = ActivityUpdate.objects.get(seed_key="a-52-sg-report-1997-views-overall-count")
    assert overall.period_end == dt.date(1997, 7, 30)
    assert {
        ("a-52-sg-report-1997", "3", "responses_count", "65 Governments expressed their views"),
        ("a-52-sg-report-1997", "3", "cut_off", "received by 30 July 1997"),
    } <= statements(overall)


def test_resolution_50_123_was_adopted_on_20_december_1995(seeded, db):
    # 001, para 2: "At that session, the General Assembly adopted resolution 50/123 of 20 December 1995,
    # in which it requested the Secretary-General to prepare a report containing concrete proposals ..."
    mandate = Mandate.objects.get(body__seed_key="ga", number="50/123")
    assert mandate.adoption_date == dt.date(1995, 12, 20)
    obligation = ReportingObligation.objects.get(mandate=mandate)
    assert (obligation.status, obligation.fulfilled_by.seed_key) == (ItemStatus.DONE, "a-52-sg-report-1997")


def test_puebla_conference_was_convened_by_mexico_on_13_14_march_1996(seeded, db):
    # 001, para 50: "On 13-14 March 1996, the Government of Mexico convened an intergovernmental conference
    # on international migration that brought together for the first time representatives of the countries
    # of North and Central America to discuss migration issues. The Conference, held at Puebla, Mexico, was
    # attended by representatives of Belize, Canada, Costa Rica, El Salvador, Guatemala, Honduras, Mexico,
    # Nicaragua, Panama and the United States of America."
    meeting = Meeting.objects.get(seed_key="puebla-process-first-meeting-1996")
    assert (meeting.start_date, meeting.end_date) == (dt.date(1996, 3, 13), dt.date(1996, 3, 14))
    assert meeting.venue == "Puebla, Mexico"
    assert meeting.organizer.seed_key == "mexico"
    governments = {
        *("belize", "canada", "costa-rica", "el-salvador", "guatemala", "honduras", "mexico", "nicaragua"),
        *("panama", "united-states"),
    }
    assert governments <= set(meeting.participants.values_list("organization__seed_key", flat=True))


# --- 002: A/63/269 (2008) --------------------------------------------------------------------------


def test_high_level_dialogue_was_held_in_new_york_on_14_15_september_2006(seeded, db):
    # 002, Summary: "... the High-level Dialogue on International Migration and Development, which the
    # Assembly conducted in New York on 14 and 15 September 2006."
    dialogue = Meeting.objects.get(seed_key="hld-2006")
    assert (dialogue.start_date, dialogue.end_date) == (dt.date(2006, 9, 14), dt.date(2006, 9, 15))
    assert dialogue.date_precision == DatePrecision.DAY
    assert (dialogue.venue, dialogue.status) == ("New York", MeetingStatus.HELD)
    assert dialogue.organizer.seed_key == "ga"
    assert dialogue.session == Session.objects.get(body__seed_key="ga", number=61)
    # 000, para 52 announced it "to be held in 2006": the earlier statement stays as provenance.
    assert (
        "a-59-325",
        "52",
        "start_date",
        "The high-level dialogue on international migration and development, to be held in 2006",
    ) in statements(dialogue)


def test_64_member_states_had_replied_to_the_questionnaire_by_15_july_2008(seeded, db):
    # 002, para 21: "By 15 July 2008, 64 Member States had responded to the questions posed (see figure
    # below)." Box on the questionnaire: "By 15 July 2008, 64 Member States had replied to the
    # questionnaire." Figure: "Map showing in grey the Member States whose responses were received by
    # 30 June 2008".
    update = ActivityUpdate.objects.get(seed_key="a-63-269-desa-pd-questionnaire-replies-2008")
    assert update.period_end == dt.date(2008, 7, 15)
    assert update.document.symbol == "A/63/269"
    assert {
        ("a-63-269", "21", "replies", "By 15 July 2008, 64 Member States had responded"),
        (
            "a-63-269",
            "21, footnote 1",
            "replies",
            "By 15 July 2008, 64 Member States had replied to the questionnaire",
        ),
        ("a-63-269", "21, Figure", "map_cut_off", "received by 30 June 2008"),
    } <= statements(update)
    action = FollowUpAction.objects.get(seed_key="questionnaire-hld-follow-up-2008-replies")
    assert (action.due_date, action.status) == (dt.date(2008, 4, 30), ItemStatus.DONE)


def test_global_migration_group_members_as_of_mid_2008(seeded, db):
    # 002, para 44: "As of mid-2008, the membership of the Group included the Department of Economic and
    # Social Affairs, ILO, IOM, OHCHR, UNCTAD, UNDP, UNESCO, UNFPA, UNHCR, UNICEF, UNITAR, the United
    # Nations Office on Drugs and Crime, the World Bank as well as the regional commissions of the United
    # Nations."
    memberships = Membership.objects.filter(group__seed_key="gmg")
    assert set(memberships.values_list("member__seed_key", flat=True)) == {
        *("desa", "ilo", "iom", "ohchr", "unctad", "undp", "unesco", "unfpa", "unhcr", "unicef", "unitar"),
        *("unodc", "world-bank"),
        *("eca", "ece", "eclac", "escap", "escwa"),  # the regional commissions
    }
    assert set(memberships.values_list("as_of", flat=True)) == {dt.date(2008, 6, 30)}


def test_first_global_forum_met_in_brussels_10_11_july_2007_and_second_was_planned_in_manila(seeded, db):
    # 002, para 12: "The first meeting of the Global Forum took place in Brussels on 10 and 11 July 2007."
    # Para 15: "The Government of the Philippines, which is organizing the meeting, will host it in Manila
    # on 29 and 30 October 2008."
    first = Meeting.objects.get(series__seed_key="gfmd-meetings", number=1)
    assert (first.start_date, first.end_date) == (dt.date(2007, 7, 10), dt.date(2007, 7, 11))
    assert first.venue == "Brussels"
    assert (first.organizer.seed_key, first.status) == ("belgium", MeetingStatus.HELD)
    second = Meeting.objects.get(series__seed_key="gfmd-meetings", number=2)
    assert (second.start_date, second.end_date) == (dt.date(2008, 10, 29), dt.date(2008, 10, 30))
    assert second.venue == "Manila"
    assert (second.organizer.seed_key, second.status) == ("philippines", MeetingStatus.PLANNED)
