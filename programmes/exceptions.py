"""What the write functions refuse, each with a message to show the person who asked."""


class TransitionNotAllowed(Exception):
    """A record cannot move to the state asked for (or cannot be changed in its state)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class AppointmentNotAllowed(Exception):
    """A role cannot be given to that person from that date."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
