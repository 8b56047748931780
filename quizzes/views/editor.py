"""The question editor: creating a set and its settings, sharing it, and writing its questions
in the browser, with a live preview and quick entry. Every write of a question goes through
bank/writing.py, as the importer's do."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..bank import editing, images, own_sets, writing
from ..bank import problems as problems_module
from ..bank import quick_entry as quick
from ..bank.importing import stored_question
from ..bank.sets import MAX_OWN_SETS, OWN_TYPES
from ..bank.writing import InvalidQuestion, validate
from ..forms import OwnSetForm, SetForm, ShareForm, SourceForm
from ..models import QuestionSet
from ..questions import (
    ID_RE,
    TYPES,
    InvalidResponse,
    Problem,
    check,
    new_seed,
    parse_seed,
)
from ..study import recording

SET_FIELDS = ("slug", "title", "description", "language", "is_public", "requires_sources")


@login_required
def set_create(request):
    """A new set: an instructor's, or a student's own (fewer types, no citing, within limits)."""
    if own_sets.may_own_sets(request.user):
        return _own_set_create(request)
    if not access.is_instructor(request.user):
        raise PermissionDenied
    form = SetForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            qset = editing.create_set(request.user, **{f: form.cleaned_data[f] for f in SET_FIELDS})
        except editing.SetRefused as exc:
            form.add_error("slug", str(exc))
        else:
            if qset.requires_sources:
                messages.success(request, _("The set is created. Add the article its questions cite first."))
                return redirect("set_sources", qset.slug)
            messages.success(request, _("The set is created: write its first question."))
            return redirect("question_new", qset.slug)
    return render(request, "quizzes/editor/set_form.html", {"form": form, "set": None})


def _own_set_create(request):
    form = OwnSetForm(request.POST or None)
    full = own_sets.own_set_count(request.user) >= MAX_OWN_SETS
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                qset = own_sets.create_own_set(request.user, **form.cleaned_data)
            except editing.SetRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your set is made: add its questions, one by one or many at once."))
                return redirect("quick_entry", qset.slug)
    context = {"form": form, "set": None, "own": True, "limits": own_sets.limits()}
    if full and request.method != "POST":
        context["full"] = own_sets.full_message()
    return render(request, "quizzes/editor/set_form.html", context, status=status)


@login_required
def set_settings(request, slug):
    qset = access.set_to_edit(request, slug)
    if qset.personal:
        return _own_set_settings(request, qset)
    # The form writes what it reads into its instance: the set itself is kept apart until saved.
    form = SetForm(request.POST or None, instance=QuestionSet.objects.get(pk=qset.pk), creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            editing.update_settings(qset, **{f: form.cleaned_data[f] for f in SET_FIELDS})
        except editing.SetRefused as exc:
            form.add_error("slug", str(exc))
        else:
            messages.success(request, _("The set's settings are saved."))
            return redirect("set_settings", qset.slug)
    return render(request, "quizzes/editor/set_form.html", {"form": form, "set": qset})


def _own_set_settings(request, qset):
    form = OwnSetForm(request.POST or None, instance=QuestionSet.objects.get(pk=qset.pk))
    if request.method == "POST" and form.is_valid():
        own_sets.update_own_settings(qset, **form.cleaned_data)
        messages.success(request, _("The set's settings are saved."))
        return redirect("set_settings", qset.slug)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "set": qset, "own": True, "limits": own_sets.limits()}
    return render(request, "quizzes/editor/set_form.html", context, status=status)


@login_required
def set_sharing(request, slug):
    """The owner lets other instructors edit the set, or takes it back."""
    qset = access.set_to_share(request, slug)
    form = ShareForm(request.POST or None)
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        if remove:
            if remove.isdigit() and len(remove) < 12 and editing.unshare_set(qset, int(remove)):
                messages.success(request, _("That instructor may no longer edit the set."))
            return redirect("set_sharing", qset.slug)
        if form.is_valid():
            try:
                user = editing.share_set(qset, form.cleaned_data["username"])
            except editing.SetRefused as exc:
                form.add_error("username", str(exc))
            else:
                messages.success(request, _("%(name)s may now edit the set.") % {"name": user})
                return redirect("set_sharing", qset.slug)
    context = {"set": qset, "form": form, "editors": editing.editors_of(qset)}
    return render(request, "quizzes/editor/sharing.html", context)


@login_required
@require_POST
def source_add(request, slug):
    """A new article for the set, so its questions can cite it."""
    qset = access.set_to_edit(request, slug)
    form = SourceForm(request.POST)
    if form.is_valid():
        try:
            editing.add_source(qset, key=form.cleaned_data["key"], title=form.cleaned_data["title"])
        except editing.SetRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The article is added: attach its text below."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("set_sources", qset.slug)


def _question(qset, key):
    return get_object_or_404(qset.questions.prefetch_related("tags"), key=key)


def _type_name(value, qset):
    if value not in _types_of(qset):
        raise BadRequest("No such question type for this set.")
    return value


def _types_of(qset):
    """The question types the set may hold: a student's own set, a few."""
    return {name: t for name, t in TYPES.items() if not qset.personal or name in OWN_TYPES}


def _editor_page(request, qset, raw, *, question=None, problems=(), add="", ask_progress=0, status=200, extra=None):
    """The editor form for a question mapping; an htmx request gets only the form's fields."""
    context = {
        "set": qset,
        "question": question,
        "raw": raw,
        "qtype": TYPES[raw["type"]],
        "types": [(name, t.label) for name, t in _types_of(qset).items()],
        "f": editing.editor_fields(raw, add=add),
        "problems": editing.field_problems(problems, raw["type"]),
        "sources": list(qset.sources.values_list("key", "title")),
        "images": images.images_of(qset),
        "ask_progress": ask_progress,
        "reports": problems_module.reports_for_question(question) if question is not None else [],
        "form_url": (
            reverse("question_edit", args=[qset.slug, question.key])
            if question is not None
            else reverse("question_new", args=[qset.slug])
        ),
    }
    context.update(extra or {})
    template = "quizzes/editor/question.html#fields" if request.htmx and add else "quizzes/editor/question.html"
    return render(request, template, context, status=status)


def _add(request):
    add = request.POST.get("add", "")
    return add if add.replace("_", "").isalpha() and len(add) < 20 else ""


@login_required
def question_new(request, slug):
    """A new question of any type; ?from=<key> starts from a copy of that question (duplicate)."""
    qset = access.set_to_edit(request, slug)
    if request.method == "POST":
        type_name = _type_name(request.POST.get("type"), qset)
        form = dict(request.POST.lists())
        given = request.POST.get("key", "").strip()
        raw = editing.question_from_editor(form, type_name=type_name, key=given)
        if _add(request):
            return _editor_page(request, qset, raw, add=_add(request))
        if not given:
            raw["id"] = editing.new_key(qset, raw)
        elif ID_RE.match(given) and qset.questions.filter(key=given).exists():
            problems = [Problem(("id",), _("The set already has a question with the key “%(key)s”.") % {"key": given})]
            return _editor_page(request, qset, raw, problems=problems, status=422)
        try:
            result = editing.save_edit(qset, raw, author=request.user)
        except InvalidQuestion as exc:
            raw["id"] = given
            return _editor_page(request, qset, raw, problems=exc.problems, status=422)
        if result.outcome == "unchanged":
            # Sent twice, or a copy left as it was: the question exists already, nothing is added.
            message = _("The set already has this very question, as “%(key)s”: nothing was added.")
            messages.info(request, message % {"key": result.question.key})
        else:
            messages.success(request, _("The question is saved."))
        return redirect(f"{reverse('set_questions', args=[qset.slug])}#q-{result.question.key}")
    copy_of = request.GET.get("from", "")
    if copy_of:
        original = _question(qset, copy_of) if ID_RE.match(copy_of) else None
        if original is None:
            raise Http404("No such question.")
        raw = {**stored_question(original), "id": ""}
    else:
        raw = editing.blank_question(_type_name(request.GET.get("type", "single"), qset))
    return _editor_page(request, qset, raw)


@login_required
def question_edit(request, slug, key):
    """One question's form; a change to what is graded, of a question students have studied,
    first asks whether to keep their progress or reset it."""
    qset = access.set_to_edit(request, slug)
    question = _question(qset, key)
    if request.method != "POST":
        return _editor_page(request, qset, stored_question(question), question=question)
    form = dict(request.POST.lists())
    raw = editing.question_from_editor(form, type_name=_type_name(request.POST.get("type"), qset), key=question.key)
    if _add(request):
        return _editor_page(request, qset, raw, question=question, add=_add(request))
    sources = dict(qset.sources.values_list("key", "text"))
    problems = validate(
        raw,
        list(sources),
        {k: v for k, v in sources.items() if v},
        cite=qset.requires_sources,
        images=writing.set_image_ids(qset),
    )
    if problems:
        return _editor_page(request, qset, raw, question=question, problems=problems, status=422)
    progress = request.POST.get("progress", "")
    studied = editing.studied_by(question) if editing.graded_content_changed(question, raw) else 0
    if studied and progress not in ("keep", "reset"):
        return _editor_page(request, qset, raw, question=question, ask_progress=studied)
    try:
        with transaction.atomic():
            result = editing.save_edit(qset, raw, author=request.user)
            if studied and progress == "reset":
                recording.reset_progress(question.pk)
    except InvalidQuestion as exc:
        return _editor_page(request, qset, raw, question=question, problems=exc.problems, status=422)
    if result.outcome == "unchanged":
        messages.info(request, _("Nothing changed."))
    elif studied and progress == "reset":
        messages.success(
            request,
            _("Saved as version %(n)d; the students who studied it start it anew.") % {"n": result.version.number},
        )
    else:
        messages.success(request, _("Saved as version %(n)d.") % {"n": result.version.number})
    return redirect("question_edit", qset.slug, question.key)


@login_required
@require_POST
def question_move(request, slug, key):
    qset = access.set_to_edit(request, slug)
    question = _question(qset, key)
    expected = request.POST.get("position", "")
    moved = False
    if expected.isdigit() and len(expected) < 10:
        moved = writing.move_question(question, request.POST.get("direction"), expected_position=int(expected))
    if request.htmx:
        return _question_list(request, qset, moved=question.key if moved else "")
    return redirect(f"{reverse('set_questions', args=[qset.slug])}#q-{question.key}")


# A set holds a few hundred questions; a longer order is refused before it reaches the database.
MAX_ORDER = 5000


@login_required
@require_POST
def question_reorder(request, slug):
    """The set's live questions in the order the author dragged them to: `order` names every live
    question's key once (all or nothing), `moved` the one dragged, whose new place is announced."""
    qset = access.set_to_edit(request, slug)
    keys = request.POST.getlist("order")
    moved = request.POST.get("moved", "")
    if len(keys) > MAX_ORDER or not all(ID_RE.fullmatch(key) for key in keys) or (moved and moved not in keys):
        raise BadRequest("The order names a question key that is malformed or not in it.")
    try:
        writing.reorder_questions(qset, keys)
    except writing.OrderRefused as exc:
        raise BadRequest(str(exc)) from None
    if request.htmx:
        return _question_list(request, qset, moved=moved)
    url = reverse("set_questions", args=[qset.slug])
    return redirect(f"{url}#q-{moved}" if moved else url)


def _question_list(request, qset, *, moved=""):
    """The set's whole question list, as its page shows it, saying where the question `moved` now is."""
    questions = editing.questions_of(qset)
    live = [question.key for question in questions if question.retired_at is None]
    announcement = ""
    if moved in live:
        announcement = _("Moved to position %(position)d of %(count)d.") % {
            "position": live.index(moved) + 1,
            "count": len(live),
        }
    context = {"set": qset, "questions": questions, "reorderable": True, "announcement": announcement}
    return render(request, "quizzes/authoring/questions.html#list", context)


@login_required
@require_POST
def question_preview(request, slug):
    """The question as the editor's form has it, shown as a student's card shows it; with an
    answer ("try"), graded as a student's would be. Writes nothing. Without htmx, the editor
    page comes back with the preview under the form."""
    qset = access.set_to_edit(request, slug)
    type_name = _type_name(request.POST.get("type"), qset)
    form = dict(request.POST.lists())
    raw = editing.question_from_editor(form, type_name=type_name, key="")
    preview = _preview(request, TYPES[type_name], raw, form)
    if request.htmx:
        return render(request, "quizzes/editor/question.html#preview", {"set": qset, **preview})
    editing_key = request.POST.get("question", "")
    question = _question(qset, editing_key) if ID_RE.match(editing_key) else None
    if question is None:
        raw["id"] = request.POST.get("key", "").strip()
    else:
        raw["id"] = question.key
    return _editor_page(request, qset, raw, question=question, extra=preview)


@login_required
@require_POST
def image_upload(request, slug):
    """An image uploaded from the editor's form (sent whole, so nothing typed is lost), shown with
    the prompt or an option if the author says so; the form comes back with it, not yet saved."""
    qset = access.set_to_edit(request, slug)
    type_name = _type_name(request.POST.get("type"), qset)
    form = dict(request.POST.lists())
    editing_key = request.POST.get("question", "")
    question = _question(qset, editing_key) if ID_RE.match(editing_key) else None
    upload = request.FILES.get("new_image")
    error, status = "", 200
    if upload is None:
        error = _("Choose an image file to upload.")
    else:
        try:
            image = images.accept(
                qset,
                upload.read(images.MAX_BYTES + 1),
                request.POST.get("new_image_alt", ""),
                uploaded_by=request.user,
            )
        except images.ImageRefused as exc:
            error = exc.message
        else:
            target = request.POST.get("new_image_for", "")
            if target == "prompt":
                form["image"] = [str(image.uuid)]
            elif target.startswith("option-") and target[7:].isdigit() and len(target) < 12:
                form[f"{target}-image"] = [str(image.uuid)]
            messages.success(request, _("The image is uploaded. Save the question to keep it there."))
    if error:
        status = 422
    raw = editing.question_from_editor(form, type_name=type_name, key="")
    raw["id"] = question.key if question is not None else request.POST.get("key", "").strip()
    return _editor_page(request, qset, raw, question=question, status=status, extra={"image_error": error})


def _preview(request, qtype, raw, form):
    """What the preview shows: the card's question side, or its checked side for a tried answer.

    A try is read and graded by `questions.check`, as a student's answer is, on the seed its
    preview was drawn with; a try without that seed, or on a question changed since its preview,
    is not graded: the preview is drawn again, saying why.
    """
    problems = editing.preview_problems(raw)
    context = {
        "qtype": qtype,
        "preview_problems": editing.field_problems(problems, qtype.name),
        "prompt": raw["prompt"],
        "previewing": True,
    }
    if problems:
        return context
    data = editing.preview_data(raw)
    seed = parse_seed(request.POST.get("seed"))
    tried = bool(request.POST.get("try"))
    if seed is None or (tried and request.POST.get("shown") != editing.preview_digest(data, seed)):
        if tried:
            context["redrawn"] = True
        seed = new_seed()
    context.update(template=qtype.template, data=data, seed=seed, digest=editing.preview_digest(data, seed))
    if not tried or context.get("redrawn"):
        context["shown"] = qtype.display(data, seed)
        return context
    try:
        checked = check(qtype.name, data, seed, form)
    except InvalidResponse as exc:
        context.update(shown=qtype.display(data, seed), answer_error=exc.message)
    else:
        context.update(shown=checked.shown, checked=True, pending={"response": checked.response}, grade=checked.grade)
    return context


@login_required
def quick_entry(request, slug):
    """Many flashcards or short-answer questions from pasted lines: previewed, then saved together."""
    qset = access.set_to_edit(request, slug)
    context = {
        "set": qset,
        "sources": list(qset.sources.values_list("key", "title")),
        "types": [(name, TYPES[name].label) for name in quick.TYPES],
    }
    values = {"type": quick.TYPES[0], "doc": "", "quote": "", "lines": ""}
    status = 200
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in values}
        entry = quick.parse(qset, values["lines"], type_name=values["type"], doc=values["doc"], quote=values["quote"])
        if entry.ok and request.POST.get("action") == "save":
            try:
                results = quick.save(qset, entry, author=request.user)
            except InvalidQuestion as exc:
                entry.errors.append((0, "; ".join(p.message for p in exc.problems)))
            else:
                messages.success(request, _("%(n)d questions saved.") % {"n": len(results)})
                return redirect("set_questions", qset.slug)
        context["entry"] = entry
        status = 200 if entry.ok else 422
    context["values"] = values
    return render(request, "quizzes/editor/quick_entry.html", context, status=status)
