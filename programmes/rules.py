"""Who may do what to programmes, workstreams and their records (registered with stp.permissions).

- Any member of the partnership reads it: board members, viewers, everyone with a role.
- NHSE assurance leads read too, but never a draft: not a status update in draft or returned,
  not a PID in draft.
- The PMO changes everything in its partnership.
- A programme director, SRO or workstream lead changes only their own programmes and
  workstreams; a role held for a programme covers every workstream in it. Clinical leads read.
- Updates are submitted by the lead or programme director, approved or returned by the SRO
  (of the workstream or of its programme) or the PMO.
- A risk's owner may also change that risk.

Every check reads only the person's cached Access and the ids on the records (load children
with select_related("workstream")): no query per row.
"""

from programmes.models import KPI, PID, Milestone, Programme, Risk, StatusUpdate, Workstream
from stp.permissions import Role, rule

EDITORS = (Role.PROGRAMME_DIRECTOR, Role.SRO, Role.WORKSTREAM_LEAD)
SUBMITTERS = (Role.PROGRAMME_DIRECTOR, Role.WORKSTREAM_LEAD)
APPROVERS = (Role.SRO,)
# Everyone but the assurance lead sees drafts; someone with another role as well sees them too.
DRAFT_READERS = tuple(role for role in Role if role != Role.ASSURANCE_LEAD)
MY_WORK_ROLES = (Role.PMO, *EDITORS, Role.CLINICAL_LEAD)


def placed(record):
    """(partnership id, programme id, workstream id or None) of a record, from loaded ids."""
    if isinstance(record, Programme):
        return record.partnership_id, record.pk, None
    if isinstance(record, Workstream):
        return record.partnership_id, record.programme_id, record.pk
    if isinstance(record, Risk) and record.workstream_id is None:
        return record.partnership_id, record.programme_id, None
    workstream = record.workstream
    return workstream.partnership_id, workstream.programme_id, workstream.pk


def holds(access, roles, record):
    """Whether the person holds one of `roles` for the record's programme or workstream."""
    _, programme_id, workstream_id = placed(record)
    return any(
        programme_id in access.scoped_ids(role, Programme)
        or (workstream_id is not None and workstream_id in access.scoped_ids(role, Workstream))
        for role in roles
    )


def reads(access, record):
    return access.is_member(placed(record)[0])


def reads_drafts(access, record):
    return access.has_role(placed(record)[0], *DRAFT_READERS)


def is_pmo(access, record):
    return access.has_role(placed(record)[0], Role.PMO)


def changes(access, record):
    """PMO of its partnership, or an editor of its programme or workstream."""
    return is_pmo(access, record) or (reads(access, record) and holds(access, EDITORS, record))


# Programmes and workstreams ----------------------------------------------------------------

@rule("view_programme")
def _view_programme(access, programme):
    return reads(access, programme)


@rule("edit_programme")
def _edit_programme(access, programme):
    return changes(access, programme)


@rule("view_workstream")
def _view_workstream(access, workstream):
    return reads(access, workstream)


@rule("edit_workstream")
def _edit_workstream(access, workstream):
    return changes(access, workstream)


# Status updates ----------------------------------------------------------------------------

@rule("view_update")
def _view_update(access, update: StatusUpdate):
    if update.is_draft:
        return reads_drafts(access, update)
    return reads(access, update)


@rule("edit_update")
def _edit_update(access, update: StatusUpdate):
    return update.is_editable and changes(access, update)


@rule("submit_update")
def _submit_update(access, update: StatusUpdate):
    return update.is_editable and (
        is_pmo(access, update) or (reads(access, update) and holds(access, SUBMITTERS, update))
    )


@rule("approve_update")
def _approve_update(access, update: StatusUpdate):
    return update.status == StatusUpdate.Status.SUBMITTED and (
        is_pmo(access, update) or (reads(access, update) and holds(access, APPROVERS, update))
    )


@rule("return_update")
def _return_update(access, update: StatusUpdate):
    return _approve_update(access, update)


# PIDs --------------------------------------------------------------------------------------

@rule("view_pid")
def _view_pid(access, pid: PID):
    if pid.status == PID.Status.DRAFT:
        return reads_drafts(access, pid)
    return reads(access, pid)


@rule("edit_pid")
def _edit_pid(access, pid: PID):
    return pid.is_editable and changes(access, pid)


@rule("submit_pid")
def _submit_pid(access, pid: PID):
    return pid.is_editable and changes(access, pid)


# Milestones, risks and KPIs ----------------------------------------------------------------

@rule("edit_milestone")
def _edit_milestone(access, milestone: Milestone):
    return changes(access, milestone)


@rule("view_risk")
def _view_risk(access, risk: Risk):
    return reads(access, risk)


@rule("edit_risk")
def _edit_risk(access, risk: Risk):
    return changes(access, risk) or (reads(access, risk) and risk.owner_id == access.user.pk)


@rule("view_kpi")
def _view_kpi(access, kpi: KPI):
    return reads(access, kpi)


@rule("enter_kpi_actuals")
def _enter_kpi_actuals(access, kpi: KPI):
    return changes(access, kpi)


# A partnership's sections ------------------------------------------------------------------

@rule("view_programmes")
def _view_programmes(access, partnership):
    return access.is_member(partnership)


@rule("view_risk_register")
def _view_risk_register(access, partnership):
    return access.is_member(partnership)


@rule("view_my_work")
def _view_my_work(access, partnership):
    return access.has_role(partnership, *MY_WORK_ROLES)


@rule("upload_kpi_actuals")
def _upload_kpi_actuals(access, partnership):
    """The PMO, and anyone who enters a KPI's actuals there (the upload takes only theirs)."""
    return access.has_role(partnership, Role.PMO, *EDITORS)
