"""The attempt's lock: everything that writes an attempt or its rows (save, flag, submit, finalise,
regrade, reopen, extra time) takes it first, inside its transaction, so they run one at a time."""

from ..models import Attempt


def lock_attempt(attempt_id):
    """The attempt's row, locked until the transaction ends (the attempt only, not its quiz)."""
    return Attempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=attempt_id)
