"""The board pack panel on a meeting's page: versions, PDF progress, publish button."""


def pack_panel(meeting, user):
    """What the meeting page shows about the meeting's packs, for this person."""
    return {}
