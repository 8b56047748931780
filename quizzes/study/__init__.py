"""Spaced-repetition study: the queue, the card as shown, checking, rating, undo, and progress.

A card shown to a student is a `PendingAnswer` row, called the *shown card* throughout: it carries a
one-time token, then its checked result and the outcomes its rating buttons offer.
"""
