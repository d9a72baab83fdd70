"""Boards, meetings, agendas, attendance, minutes, the action log and the register of interests."""

from django.urls import path

from governance.views.meetings import actions, agenda, boards, interests, meetings, minutes

urlpatterns = [
    path("boards/", boards.board_list, name="board_list"),
    path("boards/<int:board>/", boards.detail, name="board"),
    path("boards/<int:board>/meetings/new/", meetings.create, name="meeting_create"),
    path("meetings/<int:meeting>/", meetings.detail, name="meeting"),
    path("meetings/<int:meeting>/edit/", meetings.edit, name="meeting_edit"),
    path("meetings/<int:meeting>/held/", meetings.held, name="meeting_held"),
    path("meetings/<int:meeting>/items/new/", agenda.create, name="agenda_item_create"),
    path("meetings/<int:meeting>/items/<int:item>/edit/", agenda.edit, name="agenda_item_edit"),
    path("meetings/<int:meeting>/items/<int:item>/move/", agenda.move, name="agenda_item_move"),
    path("meetings/<int:meeting>/items/<int:item>/delete/", agenda.delete,
         name="agenda_item_delete"),
    path("meetings/<int:meeting>/items/<int:item>/paper/", agenda.paper, name="agenda_paper"),
    path("meetings/<int:meeting>/attendance/", minutes.attendance, name="meeting_attendance"),
    path("meetings/<int:meeting>/minutes/", minutes.detail, name="meeting_minutes"),
    path("meetings/<int:meeting>/minutes/approve/", minutes.approve, name="minutes_approve"),
    path("meetings/<int:meeting>/items/<int:item>/minutes/", minutes.item, name="item_minutes"),
    path("actions/", actions.log, name="action_log"),
    path("actions/<int:action>/", actions.detail, name="action"),
    path("interests/", interests.register, name="interest_register"),
    path("interests/new/", interests.create, name="interest_create"),
    path("interests/<int:interest>/edit/", interests.edit, name="interest_edit"),
]
