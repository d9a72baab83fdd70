"""Boards, meetings, agendas, decisions, actions, interests, board packs, assurance reports."""

from governance.models.assurance import AssuranceDownload, AssuranceReport, AssuranceVersion
from governance.models.boards import Board, BoardMembership, Constituency
from governance.models.decisions import Action, ActionNote, Decision
from governance.models.interests import Interest, current_interests
from governance.models.meetings import AgendaItem, Attendance, Declaration, Meeting
from governance.models.packs import BoardPack, PackRead

__all__ = [
    "Action", "ActionNote", "AgendaItem", "AssuranceDownload", "AssuranceReport",
    "AssuranceVersion", "Attendance", "Board", "BoardMembership",
    "BoardPack", "Constituency", "Decision", "Declaration", "Interest", "Meeting", "PackRead",
    "current_interests",
]
