"""Shared fixtures: people, a small question set of every type, and a headless browser."""

import os
import shutil
import textwrap

import pytest
from django.contrib.auth.models import Group

from quizzes.bank.importing import import_set, parse_bytes
from quizzes.models import INSTRUCTORS_GROUP

# Playwright's sync API runs an event loop; Django refuses database calls inside one otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

SAMPLE_YAML = textwrap.dedent(
    """\
    slug: sample
    title: مجموعة تجريبية
    description: سؤال من كل نوع
    language: ar
    public: true
    sources:
      - id: doc0
        title: وثيقة تجريبية
        file: 000_28bbfae33bae9d50.txt
    questions:
      - id: founded
        type: number
        prompt: في أي عام أنشئت المنظمة؟
        answer: 2002
        explanation: أنشئت عام 2002.
        tags: [تأسيس]
        sources:
          - doc: doc0
            quote: تم إنشاء المنظمة في عام 2002
      - id: capital
        type: single
        prompt: أي مدينة هي العاصمة الاقتصادية لكازاخستان؟
        options:
          - {key: a, text: ألماتي}
          - {key: b, text: نور سلطان}
          - {key: c, text: طشقند}
          - {key: d, text: بيشكيك}
        answer: a
        explanation: ألماتي هي العاصمة الاقتصادية.
        tags: [أزمة كازاخستان]
        sources:
          - doc: doc0
            quote: ألماتي
      - id: members
        type: multiple
        prompt: أي الدول أعضاء في المنظمة؟
        options:
          - {key: ru, text: روسيا}
          - {key: am, text: أرمينيا}
          - {key: ge, text: جورجيا}
          - {key: az, text: أذربيجان}
        answer: [ru, am]
        tags: [أعضاء]
        sources:
          - doc: doc0
            quote: روسيا وكازاخستان
      - id: first-operation
        type: true_false
        prompt: كانت عملية كازاخستان أول عملية عسكرية للمنظمة.
        answer: true
        sources:
          - doc: doc0
            quote: أول عملية عسكرية
      - id: president
        type: short
        prompt: من رئيس كازاخستان الذي طلب المساعدة؟
        answers:
          - text: توكايف
            variants: [توكاييف]
        sources:
          - doc: doc0
            quote: قاسم جومارت توكايف
      - id: timeline
        type: order
        prompt: رتب الأحداث من الأقدم إلى الأحدث.
        items:
          - {key: treaty, text: توقيع المعاهدة}
          - {key: org, text: إنشاء المنظمة}
          - {key: kz, text: التدخل في كازاخستان}
        sources:
          - doc: doc0
            quote: في عام 2002
      - id: people
        type: match
        prompt: صل كل شخص بمنصبه.
        pairs:
          - {key: putin, left: بوتين, right: رئيس روسيا}
          - {key: pashinyan, left: باشينيان, right: رئيس وزراء أرمينيا}
          - {key: tokayev, left: توكايف, right: رئيس كازاخستان}
        sources:
          - doc: doc0
            quote: نيكول باشينيان
      - id: criterion
        type: cloze
        prompt: أكمل الفراغات.
        text: أنشئت المنظمة عام [[year]] في [[city]].
        gaps:
          - key: year
            answers: ["2002"]
          - key: city
            options:
              - {key: m, text: موسكو}
              - {key: t, text: طشقند}
            answer: m
        sources:
          - doc: doc0
            quote: في موسكو
      - id: medvedev
        type: flashcard
        prompt: معيار ميدفيديف لاستخدام قوات المنظمة
        back: انتهاك حدود دولة عضو من الخارج.
        sources:
          - doc: doc0
            quote: في هذه الحالة فقط يمكننا التدخل
    """
)


def form_for(type_name, data, seed, response):
    """The form a browser posts to give `response` (in author keys, as `correct_response` gives it)
    on the card shown with `seed` (each type's own in tests/question_forms.py)."""
    from tests.question_forms import answer_form

    return answer_form(type_name, data, seed, response)


def correct_form(pending):
    """A form that answers the card `pending` (a PendingAnswer) correctly, as its page would post it."""
    from quizzes.questions import get_type

    version = pending.version
    return form_for(version.type, version.data, pending.seed, get_type(version.type).correct_response(version.data))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (REQUIRE_BROWSER=1) a browser test that skips is a failure: it proves nothing."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("REQUIRE_BROWSER") == "1" and "tests/browser/" in item.nodeid:
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid} was skipped, and browser tests must run here (REQUIRE_BROWSER=1)"


@pytest.fixture(autouse=True)
def empty_cache():
    # Tests that flush the database start ids again from 1, so a version or a set cached by a
    # previous test could be taken for this test's (in production ids are never reused).
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing takes a third of a second a user; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def images_in_tmp(settings, tmp_path_factory):
    # Each test's images go to a folder of its own, never to the project's media folder.
    folder = tmp_path_factory.mktemp("images")
    settings.STORAGES = {
        **settings.STORAGES,
        "images": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }


TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")


@pytest.fixture
def assert_max_queries():
    """Like django_assert_max_num_queries, but savepoints and other transaction control do not
    count: tests run inside a transaction, so every atomic block adds a savepoint pair that a
    request in production (and the benchmark) does not count as a query."""
    from contextlib import contextmanager

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextmanager
    def at_most(limit):
        with CaptureQueriesContext(connection) as captured:
            yield
        queries = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]
        assert len(queries) <= limit, f"{len(queries)} queries, at most {limit} expected:\n" + "\n".join(queries)

    return at_most


@pytest.fixture
def sample_yaml():
    return SAMPLE_YAML


@pytest.fixture
def make_user(django_user_model):
    def make(username, *, instructor=False, **fields):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD, **fields)
        if instructor:
            user.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
        return user

    return make


@pytest.fixture
def student(make_user):
    return make_user("student")


@pytest.fixture
def instructor(make_user):
    return make_user("teacher", instructor=True)


@pytest.fixture
def sample_set(instructor):
    import_set(parse_bytes(SAMPLE_YAML.encode(), "sample.yaml"), owner=instructor)
    from quizzes.models import QuestionSet

    # Built from a document: every question cites it (the file leaves `cite` out, to keep its lines).
    QuestionSet.objects.filter(slug="sample").update(requires_sources=True)
    return QuestionSet.objects.get(slug="sample")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " and REQUIRE_BROWSER=1", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class _RequestsInFlight:
    """Wraps the live server's WSGI application to count the requests it is still answering, so a
    test's database is flushed only once none is: a browser closed mid-autosave leaves a request
    running in the server's thread, and PostgreSQL's TRUNCATE racing its transaction deadlocks."""

    def __init__(self, app):
        import threading

        self.app = app
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.count += 1
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self.finished()
            raise
        return _ClosedThen(result, self.finished)

    def finished(self):
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_idle(self, timeout):
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout)


class _ClosedThen:
    """A response iterable that calls `then` once the server has closed it (Django fires
    request_finished, closing the request's database connection, in that close)."""

    def __init__(self, result, then):
        self.result = result
        self.then = then

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self.then()


@pytest.fixture(autouse=True)
def live_server_settles(request):
    """A test with a live server ends only once the server answers no request (at most 20 s)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    server = request.getfixturevalue("live_server")
    httpd = server.thread.httpd
    if not isinstance(httpd.get_app(), _RequestsInFlight):
        httpd.set_app(_RequestsInFlight(httpd.get_app()))
    yield
    assert httpd.get_app().wait_idle(timeout=20), "the live server still answers a request 20 s after the test"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ar")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, user, password=PASSWORD):
    """Logs a user in through the real login form."""
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/dashboard/")


def signed_in(browser, live_server, user, language, **options):
    """(context, page): a browser context of its own in `language` (its locale and the language
    cookie), with the context `options` (viewport, has_touch), and `user` logged in."""
    context = browser.new_context(base_url=live_server.url, locale=language, **options)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, user)
    return context, page


@pytest.fixture
def login(page, live_server):
    """Logs a user in through the real login form."""

    def do_login(user, password=PASSWORD):
        log_in(page, user, password)

    return do_login


@pytest.fixture
def make_quiz(sample_set):
    """A quiz on the sample set for a class of its owner with `students` in it; settings as given."""
    from quizzes import classes
    from quizzes.models import Quiz

    def make(*students, **settings):
        teacher = sample_set.owner
        klass = classes.create_class(teacher, "صف الاختبار")
        klass.students.add(*students)
        quiz = Quiz.objects.create(
            title="اختبار قصير", owner=teacher, question_set=sample_set, shuffle_questions=False, **settings
        )
        quiz.classes.add(klass)
        return quiz

    return make


@pytest.fixture
def task_worker(settings, monkeypatch):
    """Tasks go to the database backend (production's), and calling the fixture runs the worker
    once, as `manage.py db_worker --batch` does: every task ready now, then it returns."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.management.commands.db_worker import Worker

    # The worker renews its connection between tasks; inside a test's transaction it must not
    # (Django's test client likewise keeps the connection across requests).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

    def run():
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run
