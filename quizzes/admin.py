from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    Assignment,
    CardState,
    Klass,
    ProblemReport,
    Question,
    QuestionSet,
    QuestionVersion,
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
    list_display = ("title", "slug", "owner", "language", "is_public", "updated_at")
    list_filter = ("is_public", "language")
    search_fields = ("title", "slug", "description")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [SourceInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("key", "question_set", "type", "position", "retired_at")
    list_filter = ("type", "question_set", "tags")
    search_fields = ("key", "prompt", "explanation")
    list_select_related = ("question_set",)
    readonly_fields = ("current_version",)


@admin.register(QuestionVersion)
class QuestionVersionAdmin(admin.ModelAdmin):
    list_display = ("question", "number", "type", "created_at")
    list_filter = ("type",)
    search_fields = ("question__key", "prompt")
    list_select_related = ("question__question_set",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Klass)
class KlassAdmin(admin.ModelAdmin):
    list_display = ("name", "join_code", "created_at")
    search_fields = ("name", "join_code", "instructors__username")
    filter_horizontal = ("instructors", "students")


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
