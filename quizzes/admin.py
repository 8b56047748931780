"""The admin, for site staff. Question content changes only through bank/writing.py, as everywhere."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .bank import writing
from .models import (
    Assignment,
    Attempt,
    AttemptQuestion,
    CardState,
    Klass,
    Membership,
    ProblemReport,
    Question,
    QuestionSet,
    QuestionVersion,
    Quiz,
    Review,
    Source,
    Tag,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "Study",
            {
                "fields": (
                    "display_name",
                    "time_zone",
                    "language",
                    "desired_retention",
                    "new_per_day",
                    "max_reviews_per_day",
                )
            },
        ),
    )
    list_display = ("username", "display_name", "email", "is_staff", "date_joined")
    search_fields = ("username", "display_name", "email")


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "owner", "language", "is_public", "personal", "updated_at")
    list_filter = ("is_public", "personal", "language")
    search_fields = ("title", "slug", "description")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("editors",)
    # Staff see a student's own set here, for moderation; it stays its owner's alone in the app.
    readonly_fields = ("content_revision", "source_hash", "personal")
    inlines = [SourceInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Source titles are cached with the set's content.
        writing.renew_content(form.instance)


def _raw_question(question, tags):
    """The question's fields as the importer reads one question of a file."""
    return {
        "id": question.key,
        "type": question.type,
        "prompt": question.prompt,
        **(question.data if isinstance(question.data, dict) else {}),
        "explanation": question.explanation,
        "tags": [t.name for t in tags],
        "sources": question.sources,
    }


class QuestionForm(forms.ModelForm):
    """Checks a question with the importer's own validation before anything is written."""

    class Meta:
        model = Question
        fields = ("question_set", "key", "type", "position", "prompt", "data", "explanation", "sources", "tags")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        qset = cleaned.get("question_set") or self.instance.question_set
        question = Question(
            question_set=qset,
            key=cleaned.get("key", self.instance.key),
            type=cleaned.get("type", self.instance.type),
            prompt=cleaned.get("prompt", ""),
            data=cleaned.get("data"),
            explanation=cleaned.get("explanation", ""),
            sources=cleaned.get("sources"),
        )
        raw = _raw_question(question, cleaned.get("tags", []))
        problems = writing.validate(raw, qset.sources.values_list("key", flat=True), cite=qset.requires_sources)
        if problems:
            raise ValidationError(
                [f"{'.'.join(str(p) for p in problem.path) or '—'}: {problem.message}" for problem in problems]
            )
        self.raw = raw
        return cleaned


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm
    list_display = ("key", "question_set", "type", "position", "retired_at")
    list_filter = ("type", "question_set", "tags")
    search_fields = ("key", "prompt", "explanation")
    list_select_related = ("question_set",)
    readonly_fields = ("current_version", "retired_at")
    actions = ["retire", "restore"]

    def get_readonly_fields(self, request, obj=None):
        # A question's set and id are what progress and history hang on.
        if obj is not None:
            return (*self.readonly_fields, "question_set", "key")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        result = writing.save_question(
            form.cleaned_data.get("question_set") or obj.question_set,
            form.raw,
            author=request.user,
            position=form.cleaned_data.get("position"),
        )
        # The admin's own save is skipped: the write path saved it, tags included.
        form.instance = result.question
        obj.pk = result.question.pk

    def save_related(self, request, form, formsets, change):
        pass

    def has_delete_permission(self, request, obj=None):
        # The review log is never deleted: a question with answers is retired instead.
        if obj is not None and obj.reviews.exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Versions may not be deleted one by one, but go with a question nobody answered.
        perms_needed.discard(QuestionVersion._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        writing.delete_question(obj)

    def delete_queryset(self, request, queryset):
        for question in queryset:
            writing.delete_question(question)

    @admin.action(description=gettext_lazy("Retire the selected questions (they leave study, history stays)"))
    def retire(self, request, queryset):
        retired = sum(writing.retire_question(q) for q in queryset.select_related("question_set"))
        self.message_user(request, _("Questions retired: %(n)d.") % {"n": retired}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Restore the selected questions to study"))
    def restore(self, request, queryset):
        restored = 0
        for question in queryset.select_related("question_set"):
            try:
                restored += writing.restore_question(question)
            except writing.InvalidQuestion as exc:
                self.message_user(request, str(exc), messages.ERROR)
        self.message_user(request, _("Questions restored: %(n)d.") % {"n": restored}, messages.SUCCESS)


@admin.register(QuestionVersion)
class QuestionVersionAdmin(admin.ModelAdmin):
    list_display = ("question", "number", "type", "author", "created_at")
    list_filter = ("type",)
    search_fields = ("question__key", "prompt")
    list_select_related = ("question__question_set", "author")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("student",)
    fields = ("student", "joined_at", "removed_at")


@admin.register(Klass)
class KlassAdmin(admin.ModelAdmin):
    list_display = ("name", "join_code", "created_at")
    search_fields = ("name", "join_code", "instructors__username")
    filter_horizontal = ("instructors",)
    inlines = [MembershipInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("klass", "question_set", "due_date")
    list_filter = ("due_date",)
    list_select_related = ("klass", "question_set")


@admin.register(CardState)
class CardStateAdmin(admin.ModelAdmin):
    list_display = ("student", "question", "state", "due", "suspended_at")
    list_filter = ("state",)
    search_fields = ("student__username", "question__key")
    list_select_related = ("student", "question__question_set")
    raw_id_fields = ("student", "question")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("student", "question", "kind", "rating", "score", "reviewed_at", "undone_at")
    list_filter = ("kind", "rating")
    search_fields = ("student__username", "question__key")
    list_select_related = ("student", "question__question_set")
    raw_id_fields = ("student", "question", "version")
    date_hierarchy = "reviewed_at"


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ("question", "reason", "student", "created_at", "resolved_at")
    list_filter = ("reason", "resolved_at")
    search_fields = ("question__key", "comment")
    list_select_related = ("student", "question__question_set")


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "question_set", "owner", "time_limit", "opens_at", "closes_at")
    search_fields = ("title", "question_set__slug", "owner__username")
    list_select_related = ("question_set", "owner")
    raw_id_fields = ("owner", "question_set")
    filter_horizontal = ("classes",)


class AttemptQuestionInline(admin.TabularInline):
    model = AttemptQuestion
    fields = ("position", "question", "version", "response", "score", "saved_at", "flagged")
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Attempts are read here; instructors reopen them or give extra time on the quiz's own pages,
    where the deadline rule is kept."""

    list_display = ("quiz", "student", "number", "state", "score", "started_at", "submitted_at")
    list_filter = ("state",)
    search_fields = ("student__username", "quiz__title")
    list_select_related = ("quiz", "student")
    inlines = [AttemptQuestionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
