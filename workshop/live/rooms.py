"""Room names, always computed from server state, never taken from a payload."""


def workshop_room(workshop_id: int) -> str:
    return f"workshop:{workshop_id}"


def staff_room(workshop_id: int) -> str:
    return f"workshop:{workshop_id}:staff"


def participant_room(participant_id: int) -> str:
    return f"participant:{participant_id}"


def section_room(section_id: int) -> str:
    return f"section:{section_id}"
