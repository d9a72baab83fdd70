"""Assurance report data for the renderers' tests, shaped as compile_report gives it
(/work/briefs/assurance_schema.md): `sample_report_data()` a small realistic report,
`sized_report_data(workstreams, kpis, risks)` one of any size. Every count agrees with the rows
(the distribution with the ratings, the compliance totals with the compliance rows)."""

import copy
from datetime import date, timedelta

RATINGS = [
    ("green", "Green"),
    ("amber_green", "Amber/Green"),
    ("amber", "Amber"),
    ("amber_red", "Amber/Red"),
    ("red", "Red"),
]
LABELS = dict(RATINGS)
ORDER = [code for code, _ in RATINGS]
CHANGE_LABELS = {
    "improved": "Better than last month",
    "worse": "Worse than last month",
    "same": "Same as last month",
    "new": "Rated for the first time",
    "none": "Not rated",
}
STATE_LABELS = {"on_time": "On time", "late": "Late", "not_submitted": "Not submitted"}

# (programme, SRO, workstream, rating, last rating, state of the update, escalations)
WORKSTREAMS = [
    ("Urgent and Emergency Care", "Fiona Blake", "Frail Elderly", "amber", "green",
     "on_time", "Care home capacity in the north of the county needs NHSE's help with the "
                "independent sector."),
    ("Urgent and Emergency Care", "Fiona Blake", "NHS 111 and Clinical Assessment", "green",
     "green", "on_time", ""),
    ("Planned Care", "Dr Amir Rahman", "Musculoskeletal Pathway", "amber_red", "amber",
     "late", "The procurement of the community MSK service slips to March 2027."),
    ("Planned Care", "Dr Amir Rahman", "Outpatient Transformation", "", "amber_green",
     "not_submitted", ""),
    ("Mental Health", "Bethan O’Neill", "Crisis Café – Stoke", "green", "amber_green",
     "on_time", ""),
    ("Mental Health", "Bethan O’Neill", "Perinatal Services", "amber_green", "",
     "on_time", ""),
]


def sample_report_data(**overrides):
    """A published version 1 of October 2026 for Staffordshire; `overrides` replace top-level
    keys (e.g. version=2, reason="...")."""
    data = _report(WORKSTREAMS)
    data.update(_lists())
    data.update(copy.deepcopy(overrides))
    return data


def sized_report_data(workstreams=20, kpis=60, risks=200):
    """A report of the realistic size (by default) with every list filled."""
    programmes = ["Urgent and Emergency Care", "Planned Care", "Mental Health",
                  "Primary Care", "Digital"]
    rows = []
    for n in range(workstreams):
        rating = "" if n % 9 == 8 else ORDER[n % 5]
        last = ORDER[(n + 1) % 5] if n % 7 else ""
        state = "not_submitted" if not rating else ("late" if n % 4 == 3 else "on_time")
        rows.append((programmes[n % len(programmes)], f"SRO {n % len(programmes) + 1}",
                     f"Workstream {n + 1:02d}", rating, last, state,
                     "Escalated: funding gap for the winter." if n % 5 == 2 else ""))
    data = _report(rows)
    names = [(row[0], row[2]) for row in rows]
    data.update(_lists(names, milestones=workstreams * 2, kpis=kpis, risks=risks))
    return data


def _report(workstream_rows):
    programmes = {}
    for programme, sro, name, rating, last, _state, escalations in workstream_rows:
        entry = programmes.setdefault(programme, {"name": programme, "sro": sro,
                                                  "workstreams": []})
        change = _change(rating, last)
        entry["workstreams"].append({
            "name": name, "rating": rating, "rating_label": LABELS.get(rating, ""),
            "last_rating": last, "last_rating_label": LABELS.get(last, ""),
            "change": change, "change_label": CHANGE_LABELS[change],
            "summary": (f"{name}: the plan for October was delivered in full."
                        if rating else ""),
            "escalations": escalations, "submitted": bool(rating),
        })
    for entry in programmes.values():
        entry["workstreams"].sort(key=lambda w: w["name"])
    ordered = [programmes[name] for name in sorted(programmes)]
    distribution = []
    for code, label in [*RATINGS, ("", "Not rated")]:
        this_month = sum(1 for row in workstream_rows if row[3] == code)
        last_month = sum(1 for row in workstream_rows if row[4] == code)
        distribution.append({"rating": code, "label": label, "this_month": this_month,
                             "last_month": last_month, "change": this_month - last_month})
    compliance = []
    for programme, _sro, name, _rating, _last, state, _esc in workstream_rows:
        submitted = {"on_time": "2026-11-17", "late": "2026-11-24"}.get(state)
        compliance.append({"programme": programme, "workstream": name,
                           "due_date": "2026-11-19", "submitted_on": submitted,
                           "state": state, "state_label": STATE_LABELS[state]})
    compliance.sort(key=lambda c: (c["programme"], c["workstream"]))
    totals = {state: sum(1 for c in compliance if c["state"] == state) for state in STATE_LABELS}
    return {
        "schema": 1,
        "partnership": {"name": "Staffordshire and Stoke-on-Trent", "slug": "staffordshire",
                        "region": "Midlands"},
        "month": "2026-10-01",
        "month_label": "October 2026",
        "version": 1,
        "reason": "",
        "status": "published",
        "published_at": "2026-11-10T09:30:00+00:00",
        "published_by": "Jo Smith",
        "signed_off_at": "2026-11-09T16:05:00+00:00",
        "signed_off_by": "Simon Whitehouse",
        "compiled_on": "2026-11-10",
        "summary": {
            "overall_rating": "amber_green", "overall_rating_label": "Amber/Green",
            "narrative": "Urgent care held up through October; the MSK procurement is the "
                         "programme's main concern.\nWinter plans are agreed with both local "
                         "authorities.",
            "workstreams": len(workstream_rows),
            "distribution": distribution,
        },
        "programmes": ordered,
        "compliance": compliance,
        "compliance_totals": totals,
        "oversight": {"segment": 2,
                      "segment_label": "Segment 2: flexible support for specific issues",
                      "support": "Help from the NHSE Midlands independent sector team on care "
                                 "home capacity."},
    }


def _change(rating, last):
    if not rating:
        return "none"
    if not last:
        return "new"
    if rating == last:
        return "same"
    return "improved" if ORDER.index(rating) < ORDER.index(last) else "worse"


def _lists(names=None, milestones=8, kpis=5, risks=6):
    """Milestones in each list, KPIs with and without values, risks in each list, decisions,
    actions raised and overdue."""
    names = names or [(row[0], row[2]) for row in WORKSTREAMS]
    month_end = date(2026, 10, 31)
    kinds = ["completed", "due_next_month", "slipped", "overdue"]
    milestone_lists = {kind: [] for kind in kinds}
    for n in range(milestones):
        kind = kinds[n % 4]
        programme, workstream = names[n % len(names)]
        baseline = month_end - timedelta(days=20 - n % 30)
        forecast = baseline + timedelta(days=14 * (kind in ("slipped", "overdue")))
        if kind == "due_next_month":
            baseline = forecast = date(2026, 11, 3 + n % 25)
        milestone_lists[kind].append({
            "programme": programme, "workstream": workstream,
            "title": f"Milestone {n + 1}: {'Go live' if n % 2 else 'Business case approved'}",
            "owner": "Joanne Platt" if n % 3 else "",
            "baseline_date": baseline.isoformat(), "forecast_date": forecast.isoformat(),
            "completed_on": (baseline.isoformat() if kind == "completed" else None),
            "days_against_baseline": (forecast - baseline).days if kind != "due_next_month"
            else (None if n % 2 else 0),
            "reason": ("Supplier delayed the kit by two weeks." if kind == "slipped" else ""),
            "status_label": {"completed": "Complete", "due_next_month": "On track",
                             "slipped": "At risk", "overdue": "Late"}[kind],
        })
    kpi_rows = []
    for n in range(kpis):
        programme, workstream = names[n % len(names)]
        measured = n % 5 != 4
        kpi_rows.append({
            "programme": programme, "workstream": workstream,
            "name": f"KPI {n + 1}: {'Patients discharged by midday' if n % 2 else 'Bed days'}",
            "unit": "%" if n % 2 else "number",
            "period": "2026-10-01" if measured else None,
            "actual": round(80 + n * 0.7, 1) if measured else None,
            "trajectory": 90.0 if n % 3 else None, "target": 95.0,
            "variation": "concern_low" if measured else "",
            "variation_label": "Special cause variation: concern (low)" if measured else "",
            "assurance": "fail" if measured and n % 2 else "",
            "assurance_label": "Consistently failing the target" if measured and n % 2 else "",
        })
    kinds = ["high", "new", "closed", "rescored"]
    risk_lists = {kind: [] for kind in kinds}
    for n in range(risks):
        kind = kinds[n % 4] if n < 8 else ("high" if n % 2 else "rescored")
        programme, workstream = names[n % len(names)]
        score = 16 if kind == "high" else 4 + n % 10
        risk_lists[kind].append({
            "reference": f"R{n + 1:03d}", "title": f"Risk {n + 1}: workforce gaps in winter",
            "programme": programme, "workstream": workstream if n % 3 else "",
            "owner": "Dr Helen Ward", "score": score,
            "previous_score": (score - 4) if kind == "rescored" else None,
            "band": "Extreme" if score >= 15 else "Moderate",
            "status_label": "Closed" if kind == "closed" else "Open",
            "raised_on": (date(2026, 10, 1) + timedelta(days=n % 30)).isoformat()
            if kind == "new" else "2026-03-02",
            "closed_on": "2026-10-20" if kind == "closed" else None,
        })
    return {
        "milestones": milestone_lists,
        "kpis": kpi_rows,
        "risks": risk_lists,
        "board": {
            "decisions": [
                {"board": "Programme Board", "meeting_date": "2026-10-14",
                 "reference": "PB26/10/4.1", "item": "Musculoskeletal pathway business case",
                 "text": "Approved the business case for the community MSK service."},
                {"board": "Programme Board", "meeting_date": "2026-10-14",
                 "reference": "PB26/10/5.1", "item": "Winter plan",
                 "text": "Approved the winter discharge plan."},
            ],
            "actions": [
                {"board": "Programme Board", "meeting_date": "2026-10-14",
                 "reference": "PB26/10/A1", "description": "Report the MSK procurement plan.",
                 "owner": "Dr Amir Rahman", "due_date": "2026-12-09",
                 "status_label": "Open"},
            ],
            "overdue_actions": [
                {"board": "Programme Board", "meeting_date": "2026-08-12",
                 "reference": "PB26/08/A3", "description": "Share the care home bed review.",
                 "owner": "Lorraine Hughes", "due_date": "2026-09-30",
                 "status_label": "Open"},
            ],
        },
    }
