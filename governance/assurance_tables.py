"""The assurance report's sections as tables, from the report's data alone (the schema in
governance.assurance): the XLSX workbook gives each table a sheet and the CSV zip a file, so
both show the same rows in the same order, with dates as dates and numbers as numbers."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import slugify

TEXT, DATE, INT, FLOAT = "text", "date", "int", "float"

MILESTONE_LISTS = [
    ("completed", "Completed this month"),
    ("due_next_month", "Due next month"),
    ("slipped", "Slipped this month"),
    ("overdue", "Overdue"),
]
RISK_LISTS = [
    ("high", "Scored 15 and over"),
    ("new", "New this month"),
    ("closed", "Closed this month"),
    ("rescored", "Re-scored this month"),
]
ACTION_LISTS = [
    ("actions", "Raised this month"),
    ("overdue_actions", "Overdue"),
]
COMPLIANCE_STATES = [("on_time", "On time"), ("late", "Late"), ("not_submitted", "Not submitted")]


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    type: str = TEXT


@dataclass(frozen=True)
class Table:
    """One section: `rows` are dicts keyed by the columns' keys holding str, date, int, float
    or None; `totals` follow the rows, outside the spreadsheet's filter."""

    name: str  # the sheet's name and, slugified, the end of the CSV file's name
    title: str
    columns: list
    rows: list
    totals: list = field(default_factory=list)

    @property
    def slug(self):
        return slugify(self.name)

    def values(self, row):
        return [row.get(column.key) for column in self.columns]


def report_tables(data):
    """Every section of the report as a table, in the report's order."""
    return [
        summary_table(data),
        assessment_table(data),
        workstreams_table(data),
        milestones_table(data),
        kpis_table(data),
        risks_table(data),
        decisions_table(data),
        actions_table(data),
        compliance_table(data),
    ]


# What every file says about the report -----------------------------------------------------

def report_title(data):
    """The document's title: "Assurance report: Staffordshire ..., October 2026, version 1"."""
    version = f"version {data['version']}" if data.get("version") else "draft"
    return f"Assurance report: {data['partnership']['name']}, {data['month_label']}, {version}"


def file_stem(data):
    """The start of every file's name: "staffordshire-2026-10-v1" ("-draft" before publishing)."""
    version = f"v{data['version']}" if data.get("version") else "draft"
    return f"{data['partnership']['slug']}-{data['month'][:7]}-{version}"


def status_words(data):
    """Where the report stands, in a sentence: who published or signed it off, and when."""
    if data.get("status") == "published" and data.get("published_at"):
        words = f"Published {_when(data['published_at'])}"
        words += f" by {data['published_by']}" if data.get("published_by") else ""
    elif data.get("status") == "signed_off" and data.get("signed_off_at"):
        words = f"Signed off {_when(data['signed_off_at'])}, not yet published"
    else:
        words = "Draft: not signed off or published"
    if data.get("reason"):
        words += f". Corrects version {data['version'] - 1}: {data['reason']}"
    return words


def stamp(data):
    """When the files were made, for their metadata (an aware datetime): the publishing time,
    else the day compiled, else the month, so that the same data always gives the same bytes."""
    if data.get("published_at"):
        return datetime.fromisoformat(data["published_at"])
    day = as_date(data.get("compiled_on") or data["month"])
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def as_date(value):
    """An ISO date string from the data as a date (None stays None)."""
    return date.fromisoformat(value[:10]) if value else None


def _when(iso):
    return format_date(timezone.localtime(datetime.fromisoformat(iso)), "j F Y")


# The sections --------------------------------------------------------------------------------

def summary_table(data):
    distribution = data["summary"]["distribution"]
    rows = [{"rating": line["label"], "this_month": line["this_month"],
             "last_month": line["last_month"], "change": line["change"]} for line in distribution]
    this_month = sum(line["this_month"] for line in distribution)
    last_month = sum(line["last_month"] for line in distribution)
    return Table(
        "Summary", "Workstreams at each delivery confidence rating, this month and last",
        [Column("Delivery confidence", "rating"), Column("This month", "this_month", INT),
         Column("Last month", "last_month", INT), Column("Change", "change", INT)],
        rows,
        totals=[{"rating": "Total workstreams", "this_month": this_month,
                 "last_month": last_month, "change": this_month - last_month}],
    )


def assessment_table(data):
    summary, oversight = data["summary"], data["oversight"]
    rows = [
        {"item": "Overall rating", "value": summary["overall_rating_label"] or "Not set"},
        {"item": "Narrative by the programme director", "value": summary["narrative"]},
        {"item": "NHS oversight segment", "value": oversight["segment_label"]},
        {"item": "Support asked of NHS England", "value": oversight["support"]},
    ]
    return Table("Assessment", "The programme's overall assessment and NHS oversight",
                 [Column("Item", "item"), Column("Assessment", "value")], rows)


def workstreams_table(data):
    rows = [
        {"programme": programme["name"], "sro": programme["sro"], "workstream": w["name"],
         "rating": w["rating_label"] or "Not rated",
         "last_rating": w["last_rating_label"] or "Not rated", "change": w["change_label"],
         "submitted": "Yes" if w["submitted"] else "No", "summary": w["summary"],
         "escalations": w["escalations"]}
        for programme in data["programmes"] for w in programme["workstreams"]
    ]
    return Table(
        "Workstreams", "Delivery confidence by programme and workstream",
        [Column("Programme", "programme"), Column("SRO", "sro"),
         Column("Workstream", "workstream"), Column("This month", "rating"),
         Column("Last month", "last_rating"), Column("Change", "change"),
         Column("Approved update", "submitted"), Column("Summary", "summary"),
         Column("Escalations", "escalations")],
        rows,
    )


def milestones_table(data):
    rows = [
        {"list": label, "programme": m["programme"], "workstream": m["workstream"],
         "title": m["title"], "owner": m["owner"],
         "baseline_date": as_date(m["baseline_date"]),
         "forecast_date": as_date(m["forecast_date"]),
         "completed_on": as_date(m["completed_on"]),
         "days_against_baseline": m["days_against_baseline"],
         "status": m["status_label"], "reason": m["reason"]}
        for key, label in MILESTONE_LISTS for m in data["milestones"][key]
    ]
    return Table(
        "Milestones", "Milestones completed this month, due next month, slipped and overdue",
        [Column("List", "list"), Column("Programme", "programme"),
         Column("Workstream", "workstream"), Column("Milestone", "title"),
         Column("Owner", "owner"), Column("Baseline date", "baseline_date", DATE),
         Column("Forecast date", "forecast_date", DATE),
         Column("Completed on", "completed_on", DATE),
         Column("Days against baseline", "days_against_baseline", INT),
         Column("Status", "status"), Column("Reason for the change", "reason")],
        rows,
    )


def kpis_table(data):
    rows = [
        {"programme": k["programme"], "workstream": k["workstream"], "name": k["name"],
         "unit": k["unit"], "period": as_date(k["period"]), "actual": k["actual"],
         "trajectory": k["trajectory"], "target": k["target"],
         "variation": k["variation_label"], "assurance": k["assurance_label"]}
        for k in data["kpis"]
    ]
    return Table(
        "KPIs", "KPIs: the latest actual against trajectory and target, with Making Data Count",
        [Column("Programme", "programme"), Column("Workstream", "workstream"),
         Column("KPI", "name"), Column("Unit", "unit"), Column("Period", "period", DATE),
         Column("Actual", "actual", FLOAT), Column("Trajectory", "trajectory", FLOAT),
         Column("Target", "target", FLOAT), Column("Variation", "variation"),
         Column("Assurance", "assurance")],
        rows,
    )


def risks_table(data):
    rows = [
        {"list": label, "reference": r["reference"], "title": r["title"],
         "programme": r["programme"], "workstream": r["workstream"], "owner": r["owner"],
         "score": r["score"], "previous_score": r["previous_score"], "band": r["band"],
         "status": r["status_label"], "raised_on": as_date(r["raised_on"]),
         "closed_on": as_date(r["closed_on"])}
        for key, label in RISK_LISTS for r in data["risks"][key]
    ]
    return Table(
        "Risks", "Risks scored 15 and over, new, closed and re-scored this month",
        [Column("List", "list"), Column("Reference", "reference"), Column("Risk", "title"),
         Column("Programme", "programme"), Column("Workstream", "workstream"),
         Column("Owner", "owner"), Column("Score", "score", INT),
         Column("Previous score", "previous_score", INT), Column("Band", "band"),
         Column("Status", "status"), Column("Raised on", "raised_on", DATE),
         Column("Closed on", "closed_on", DATE)],
        rows,
    )


def decisions_table(data):
    rows = [
        {"board": d["board"], "meeting_date": as_date(d["meeting_date"]),
         "reference": d["reference"], "item": d["item"], "text": d["text"]}
        for d in data["board"]["decisions"]
    ]
    return Table(
        "Decisions", "Decisions of the board's meetings in public this month",
        [Column("Board", "board"), Column("Meeting date", "meeting_date", DATE),
         Column("Reference", "reference"), Column("Agenda item", "item"),
         Column("Decision", "text")],
        rows,
    )


def actions_table(data):
    rows = [
        {"list": label, "board": a["board"], "meeting_date": as_date(a["meeting_date"]),
         "reference": a["reference"], "description": a["description"], "owner": a["owner"],
         "due_date": as_date(a["due_date"]), "status": a["status_label"]}
        for key, label in ACTION_LISTS for a in data["board"][key]
    ]
    return Table(
        "Actions", "Board actions raised this month, and actions overdue",
        [Column("List", "list"), Column("Board", "board"),
         Column("Meeting date", "meeting_date", DATE), Column("Reference", "reference"),
         Column("Action", "description"), Column("Owner", "owner"),
         Column("Due date", "due_date", DATE), Column("Status", "status")],
        rows,
    )


def compliance_table(data):
    # A column of ones and noughts per state, so that the totals are numbers to add up.
    rows = [
        {"programme": c["programme"], "workstream": c["workstream"],
         "due_date": as_date(c["due_date"]), "submitted_on": as_date(c["submitted_on"]),
         "state": c["state_label"],
         **{state: int(c["state"] == state) for state, _ in COMPLIANCE_STATES}}
        for c in data["compliance"]
    ]
    totals = data["compliance_totals"]
    return Table(
        "Compliance", "Monthly updates submitted on time, late or not at all",
        [Column("Programme", "programme"), Column("Workstream", "workstream"),
         Column("Due date", "due_date", DATE), Column("Submitted on", "submitted_on", DATE),
         Column("Submission", "state"),
         *[Column(label, state, INT) for state, label in COMPLIANCE_STATES]],
        rows,
        totals=[{"programme": "Total", "workstream": f"{len(rows)} workstreams",
                 **{state: totals[state] for state, _ in COMPLIANCE_STATES}}],
    )
