"""Learn mode: a session over a set that asks each question, from choices to typing, until it is
answered right twice, without moving the schedule (`choices.py` makes the choices, `sessions.py`
chooses the next question and moves each one through its stages)."""
