"""What a domain module raises when it refuses a request: nothing was written, and the refusal says why."""


class Refused(Exception):
    """`message` says why, already in the person's language (gettext where it is raised)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class RefusedFor(Exception):
    """`reason` names why in one word (malformed, unknown, revoked...), which the view turns into a page."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason
