"""Programmes, workstreams, PIDs, milestones, KPIs, risks and monthly status updates."""

from programmes.models.choices import RAG
from programmes.models.kpis import KPI, KPIActual, KPITrajectoryPoint
from programmes.models.milestones import Milestone
from programmes.models.pids import PID, Benefit, PlannedMilestone
from programmes.models.programmes import MILESTONE_TOLERANCE_DAYS, Programme, Workstream
from programmes.models.risks import (
    ESCALATION_SCORE,
    Consequence,
    Likelihood,
    Risk,
    RiskBand,
    RiskScore,
    attach_bands,
    banding_for,
)
from programmes.models.updates import StatusUpdate

__all__ = [
    "ESCALATION_SCORE", "KPI", "MILESTONE_TOLERANCE_DAYS", "PID", "RAG", "Benefit",
    "Consequence", "KPIActual", "KPITrajectoryPoint", "Likelihood", "Milestone",
    "PlannedMilestone", "Programme", "Risk", "RiskBand", "RiskScore", "StatusUpdate",
    "Workstream", "attach_bands", "banding_for",
]
