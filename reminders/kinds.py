"""The kinds of reminder and notification: their words, and what each person may choose."""

from dataclasses import dataclass

DIGEST = "digest"
IMMEDIATE = "immediate"
OFF = "off"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # what the preferences page and the PMO's page call it
    heading: str  # the heading it is listed under in the daily e-mail
    hint: str  # who gets it and when, on the preferences page
    optional: bool = True  # False: it cannot be turned off
    allows_immediate: bool = False  # may be sent in an e-mail of its own, straight away
    default: str = DIGEST

    def choices(self):
        """The deliveries a person may choose for this kind, the default first."""
        allowed = [DIGEST]
        if self.allows_immediate:
            allowed.append(IMMEDIATE)
        if self.optional:
            allowed.append(OFF)
        return sorted(allowed, key=lambda choice: choice != self.default)

    def allows(self, choice):
        return choice in self.choices()


UPDATE_DUE = Kind(
    "update_due", "Monthly update due", "Monthly updates",
    "To workstream leads and programme directors, a few working days before the update is due.",
)
UPDATE_OVERDUE = Kind(
    "update_overdue", "Monthly update overdue", "Monthly updates",
    "To workstream leads and programme directors, each working day after it was due.",
)
UPDATE_ESCALATION = Kind(
    "update_escalation", "Monthly update overdue: told to the SRO", "Overdue updates (as SRO)",
    "To the SRO, once an update has been overdue for several working days. The SRO is "
    "accountable for the workstream, so this cannot be turned off.",
    optional=False, allows_immediate=True,
)
MILESTONE_DUE = Kind(
    "milestone_due", "Milestone due soon", "Milestones",
    "To the milestone's owner as its due date comes near.",
)
MILESTONE_OVERDUE = Kind(
    "milestone_overdue", "Milestone overdue", "Milestones",
    "To the milestone's owner, each working day after it was due until it is complete.",
)
ACTION_DUE = Kind(
    "action_due", "Board action due soon", "Board actions",
    "To the action's owner as its due date comes near.",
)
ACTION_OVERDUE = Kind(
    "action_overdue", "Board action overdue", "Board actions",
    "To the action's owner, each working day after it was due until it is closed.",
)
PID_AWAITING = Kind(
    "pid_awaiting_decision", "PID awaiting a decision", "PIDs awaiting a decision",
    "To the PMO, once a week while a PID waits for the board's decision.",
)
RISK_REVIEW = Kind(
    "risk_review_overdue", "Risk review overdue", "Risk reviews",
    "To the risk's owner, once a week while its review date has passed.",
)
KPI_MISSING = Kind(
    "kpi_actual_missing", "KPI actual missing", "KPI actuals",
    "To the workstream lead, once a week from when the monthly update is first reminded.",
)
PAPERS_DUE = Kind(
    "papers_due", "Board paper due", "Board papers",
    "To presenters of agenda items without a paper, before the papers deadline.",
)
PACK_PUBLISHED = Kind(
    "pack_published", "Board pack published", "Board packs",
    "To everyone with a seat on the board when its pack is published or republished.",
    allows_immediate=True, default=IMMEDIATE,
)
ASSURANCE_PUBLISHED = Kind(
    "assurance_published", "Assurance report published", "Assurance reports",
    "To NHS England assurance leads when a partnership publishes its monthly report.",
    allows_immediate=True, default=IMMEDIATE,
)

KINDS = {kind.code: kind for kind in (
    UPDATE_DUE, UPDATE_OVERDUE, UPDATE_ESCALATION, MILESTONE_DUE, MILESTONE_OVERDUE, ACTION_DUE,
    ACTION_OVERDUE, PID_AWAITING, RISK_REVIEW, KPI_MISSING, PAPERS_DUE, PACK_PUBLISHED,
    ASSURANCE_PUBLISHED,
)}
CHOICES = [(kind.code, kind.label) for kind in KINDS.values()]
DELIVERY_WORDS = {
    DIGEST: "In the daily e-mail",
    IMMEDIATE: "Straight away, in an e-mail of its own",
    OFF: "Do not send",
}
