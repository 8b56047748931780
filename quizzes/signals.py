"""What the app announces to whoever listens, so an area that records grades never imports the
areas that pass them on (the LMS's gradebook): sent with ids only, connected in apps.ready."""

from django.dispatch import Signal

# An attempt's grade may have moved: submitted, finalised, regraded, reopened. `attempt_id`.
attempt_grade_changed = Signal()
# A student rated a card of a set. `student_id`, `question_set_id`.
study_progress_changed = Signal()
