"""The sizes of the generated data sets: the UN system (issue 24), a fiftieth of it for CI, a tiny one for tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    mandates: int
    paragraphs_per_mandate: int
    obligations_per_year: int
    years: int
    # Answering organizations, sub-units included (divisions under the Secretariat's departments).
    organizations: int
    focal_points: int
    time_zones: int
    actions: int
    meetings: int
    calls: int
    addressees_per_call: int
    # Days of reminder scans in the ledger, ending yesterday.
    ledger_days: int
    officers: int

    def describe(self) -> str:
        return (
            f"{self.mandates:,} mandates ({self.paragraphs_per_mandate} paragraphs each), "
            f"{self.obligations_per_year:,} obligations a year over {self.years} years, "
            f"{self.organizations:,} organizations, {self.focal_points:,} focal points in {self.time_zones} time "
            f"zones, {self.actions:,} follow-up actions, {self.meetings:,} meetings, {self.calls} calls with "
            f"{self.addressees_per_call} addressees each, a reminder ledger of {self.ledger_days} days"
        )


PROFILES: dict[str, Profile] = {
    # Issue 24: the UN80 review counts over 40,000 mandates and about 1,100 reports a year; about 200
    # organizations and Governments answer; thousands of focal points.
    "un-system": Profile(
        name="un-system",
        mandates=40_000,
        paragraphs_per_mandate=10,
        obligations_per_year=1_100,
        years=10,
        organizations=200,
        focal_points=2_000,
        time_zones=40,
        actions=20_000,
        meetings=300,
        calls=50,
        addressees_per_call=100,
        ledger_days=365,
        officers=25,
    ),
    # About a fiftieth of it, for CI (make bench-quick); calls keep their 100 addressees, so that the
    # compilation and the board measure the same work.
    "small": Profile(
        name="small",
        mandates=800,
        paragraphs_per_mandate=10,
        obligations_per_year=22,
        years=10,
        organizations=120,
        focal_points=400,
        time_zones=40,
        actions=400,
        meetings=12,
        calls=3,
        addressees_per_call=100,
        ledger_days=60,
        officers=5,
    ),
    # For the tests: every kind of row, a few of each.
    "tiny": Profile(
        name="tiny",
        mandates=30,
        paragraphs_per_mandate=4,
        obligations_per_year=3,
        years=4,
        organizations=24,
        focal_points=40,
        time_zones=6,
        actions=60,
        meetings=5,
        calls=2,
        addressees_per_call=10,
        ledger_days=40,
        officers=3,
    ),
}
