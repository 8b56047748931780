"""The instructor's area: their sets, and a set's YAML downloaded, or uploaded, previewed and applied."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..access import instructor_required
from ..bank import banks, bundles, editing, history, sources, template, writing
from ..bank.editing import editable_sets
from ..bank.formats import registry
from ..bank.importing import (
    ImportFailed,
    ImportProblem,
    change_rows,
    export_set,
    import_set,
    plan_import,
)
from ..bank.sets import OWN_TYPES
from ..questions import TYPES


@login_required
def my_sets(request):
    # An instructor's page, and the way in for anyone else given a set to edit; a student's own
    # sets are listed on their dashboard.
    sets = editable_sets(request.user)
    if not access.is_instructor(request.user):
        sets = sets.filter(personal=False)
        if not sets.exists():
            return redirect(f"{reverse('dashboard')}#own-sets")
    return render(request, "quizzes/authoring/sets.html", _sets_context(request, sets))


def _sets_context(request, sets, **extra):
    accept = ",".join([*registry.extensions(), ".zip"])
    return {"sets": sets, "writers": registry.writers(), "accept": accept, **extra}


@login_required
def export_yaml(request, slug):
    # The file holds the answers: only those who may edit the set may download it.
    qset = access.set_to_edit(request, slug)
    response = HttpResponse(export_set(qset).encode(), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{qset.slug}.yaml"'
    return response


@login_required
def export_zip(request, slug):
    """The set with everything it needs elsewhere: its YAML, its articles' texts and its pictures."""
    qset = access.set_to_edit(request, slug)
    response = HttpResponse(bundles.write_bundle(qset), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{qset.slug}.zip"'
    return response


@login_required
def export_bank(request, slug, fmt):
    """The set in another tool's format, for whoever may edit it (the file holds the answers)."""
    qset = access.set_to_edit(request, slug)
    return _download(qset, fmt)


@login_required
def export_anki_deck(request, slug):
    """The set as an Anki deck, for a student who may see it to study it in Anki."""
    qset = access.set_to_see(request, slug)
    return _download(qset, "apkg")


def _download(qset, fmt):
    try:
        download = banks.write_set(qset, fmt)
    except KeyError:
        raise Http404("No such format.") from None
    response = HttpResponse(download.written.data, content_type=download.media_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


def _read_upload(request, data, name):
    """The uploaded bank under the slug the form asks for (banks.read_upload); ImportFailed for
    anything wrong with it, including a set of that slug that the uploader may not edit."""
    read = banks.read_upload(data, name, slug=request.POST.get("slug", ""), title=request.POST.get("title", ""))
    _check_may_edit(request, read.qset, read.parsed, name)
    return read, read.bundle


def _parsed_yaml(request, data, name):
    """The YAML a preview posts back, under the slug the form asks for (banks.read_preview)."""
    read = banks.read_preview(data, name, slug=request.POST.get("slug", ""))
    _check_may_edit(request, read.qset, read.parsed, name)
    return read.parsed


def _check_may_edit(request, qset, parsed, name):
    if qset is not None and not access.may_edit(request.user, qset):
        message = _("A set with the slug “%(slug)s” belongs to someone else: give the upload a new slug.")
        raise ImportFailed([ImportProblem(name, 1, 1, "", message % {"slug": parsed.slug})])


@instructor_required
def import_format(request):
    """The YAML format explained, with an example of each question type."""
    context = {"examples": template.examples(), "slug": template.TEMPLATE_SLUG}
    return render(request, "quizzes/authoring/import_format.html", context)


@instructor_required
def import_template(request):
    """A small set of every question type to start a file from; it imports as it is."""
    response = HttpResponse(template.template_yaml().encode(), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{template.TEMPLATE_SLUG}.yaml"'
    return response


@instructor_required
@require_POST
def import_preview(request):
    """Validates an uploaded bank (YAML or any format of the registry) and shows what it would
    change, and what it leaves out; writes nothing."""
    upload = request.FILES.get("file")
    if upload is None:
        return _upload_refused(request, [ImportProblem("—", 1, 1, "", _("Choose a file to upload."))])
    data = upload.read(max(registry.MAX_UPLOAD_BYTES, bundles.MAX_ZIP_BYTES) + 1)
    name = upload.name or "upload"
    try:
        read, bundle = _read_upload(request, data, name)
    except ImportFailed as exc:
        return _upload_refused(request, exc.problems)
    plan = plan_import(read.parsed, read.qset)
    context = {
        "plan": plan,
        "set_rows": change_rows(plan.set_fields),
        "changed_rows": {key: change_rows(fields) for key, fields in plan.changed.items()},
        "changed_named": [(plan.prompts.get(key, key), change_rows(fields)) for key, fields in plan.changed.items()],
        "added_named": plan.named(plan.added),
        "retired_named": plan.named(plan.retired),
        "set": read.qset,
        "name": name,
        "slug": read.parsed.slug,
        "title": request.POST.get("title", "")[:200],
        "skipped": read.skipped,
        "notes": read.notes,
    }
    if bundle is None:
        # What Apply posts back: the file itself, or, from another tool, the set it was read as.
        context["content"] = banks.yaml_of(read.parsed) if read.foreign else data.decode("utf-8")
    else:
        context["bundle"] = bundles.keep_pending(request.user.pk, data)
        context["bundle_articles"] = len(bundle.articles)
        context["bundle_images"] = len(bundle.images)
    return render(request, "quizzes/authoring/import_preview.html", context)


@instructor_required
@require_POST
def import_apply(request):
    """Writes the previewed file, all or nothing, after validating it again."""
    name = request.POST.get("name", "upload.yaml")[:200]
    token = request.POST.get("bundle", "")
    if token:
        data = bundles.pending(request.user.pk, token)
        if data is None:
            message = _("The previewed archive is gone (applied already, or never uploaded): upload it again.")
            return _upload_refused(request, [ImportProblem(name, 1, 1, "", message)])
    else:
        data = request.POST.get("content", "").encode("utf-8")
    try:
        if token:
            read, _bundle = _read_upload(request, data, name)
            result = banks.apply_upload(read, owner=request.user, editor=request.user)
        else:
            result = import_set(_parsed_yaml(request, data, name), owner=request.user, editor=request.user)
    except ImportFailed as exc:
        return _upload_refused(request, exc.problems)
    if token:
        bundles.drop_pending(request.user.pk, token)
    messages.success(
        request,
        _("Imported: %(created)d added, %(updated)d changed, %(retired)d retired.")
        % {"created": len(result.created), "updated": len(result.updated), "retired": len(result.retired)},
    )
    return redirect("set_detail", result.slug)


def _upload_refused(request, problems):
    context = _sets_context(request, editable_sets(request.user), problems=problems)
    return render(request, "quizzes/authoring/sets.html", context, status=422)


@login_required
def set_sources(request, slug):
    """The set's articles: attach each one's text (a UTF-8 file or pasted), so quotes are checked
    against it and students can read them in context."""
    qset = access.set_to_edit(request, slug)
    if request.method == "POST":
        source = sources.find_source(qset, request.POST.get("source"))
        if source is None:
            raise Http404("No such source.")
        upload = request.FILES.get("file")
        text = upload.read(sources.MAX_TEXT_BYTES + 1) if upload else request.POST.get("text", "")
        try:
            sources.attach_text(source, text)
        except sources.SourceTextError as exc:
            messages.error(request, str(exc))
            return redirect("set_sources", qset.slug)
        missing = sources.quotes_missing_from(source)
        if missing:
            messages.warning(
                request,
                _("The text is attached, but %(n)d quotes citing it are not in it: %(keys)s.")
                % {"n": len(missing), "keys": ", ".join(key for key, _message in missing)},
            )
        else:
            messages.success(request, _("The text is attached; every quote citing it is in it."))
        return redirect("set_sources", qset.slug)
    rows = [(source, sources.quotes_missing_from(source)) for source in qset.sources.select_related("question_set")]
    return render(request, "quizzes/authoring/sources.html", {"set": qset, "rows": rows})


@login_required
def set_questions(request, slug):
    """The set's questions in order, filtered by type, tag, source or words, live and retired."""
    qset = access.set_to_edit(request, slug)
    filters = {name: request.GET.get(name, "")[:100] for name in ("type", "tag", "source", "q")}
    questions = editing.questions_of(qset, **filters)
    context = {
        "set": qset,
        "questions": questions,
        "filters": filters,
        "types": [(name, t.label) for name, t in TYPES.items() if not qset.personal or name in OWN_TYPES],
        "tags": editing.tags_of(qset),
        "sources": qset.sources.all(),
        # Dragging orders the whole set: a filtered list shows only part of it.
        "reorderable": not any(filters.values()),
    }
    return render(request, "quizzes/authoring/questions.html", context)


def _question(request, slug, key):
    qset = access.set_to_edit(request, slug)
    return qset, get_object_or_404(qset.questions.prefetch_related("tags"), key=key)


@login_required
@require_POST
def question_retire(request, slug, key):
    qset, question = _question(request, slug, key)
    if request.POST.get("action") == "restore":
        try:
            writing.restore_question(question)
        except writing.InvalidQuestion as exc:
            messages.error(request, "; ".join(problem.message for problem in exc.problems))
    else:
        writing.retire_question(question)
    return redirect(f"{reverse('set_questions', args=[qset.slug])}#q-{question.key}")


@login_required
def question_history(request, slug, key):
    """The question's versions, with the difference between two of them (the last two by default)."""
    qset, question = _question(request, slug, key)
    all_versions = history.versions(question)
    by_number = {v.number: v for v in all_versions}
    newer = by_number.get(_number(request.GET.get("b")), all_versions[0] if all_versions else None)
    older = by_number.get(_number(request.GET.get("a")), all_versions[1] if len(all_versions) > 1 else newer)
    context = {
        "set": qset,
        "question": question,
        "versions": all_versions,
        "older": older,
        "newer": newer,
        "diff": history.difference(older, newer) if older and newer else [],
    }
    return render(request, "quizzes/authoring/history.html", context)


@login_required
@require_POST
def question_restore_version(request, slug, key):
    qset, question = _question(request, slug, key)
    version = get_object_or_404(question.versions, number=_number(request.POST.get("version")) or 0)
    try:
        result = history.restore(question, version, author=request.user)
    except writing.InvalidQuestion as exc:
        messages.error(request, "; ".join(problem.message for problem in exc.problems))
    else:
        messages.success(
            request,
            _("Version %(old)d is current again, as version %(new)d.")
            % {"old": version.number, "new": result.version.number},
        )
    return redirect("question_history", qset.slug, question.key)


def _number(value):
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 9 else None
