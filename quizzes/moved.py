"""A set renamed since a link to it was made: the exception a resolver raises, and the middleware
turns into a permanent redirect. Imports nothing of the app, so settings' logging may load the
middleware before the models are ready."""


class SetMoved(Exception):
    """The set was renamed: a page read at its old slug answers with a permanent redirect to
    `url` (quizzes/middleware.py turns this into the response)."""

    def __init__(self, url):
        super().__init__(url)
        self.url = url
