from django.urls import path

from .views import accounts, authoring, classes, health, pages, sources, study

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("dashboard/", pages.dashboard, name="dashboard"),
    path("signup/", accounts.signup, name="signup"),
    path("settings/", accounts.settings_page, name="settings"),
    path("authoring/", authoring.my_sets, name="my_sets"),
    path("authoring/import/", authoring.import_preview, name="set_import_preview"),
    path("authoring/import/apply/", authoring.import_apply, name="set_import_apply"),
    path("sets/<slug:slug>/export.yaml", authoring.export_yaml, name="set_export"),
    path("authoring/sets/<slug:slug>/sources/", authoring.set_sources, name="set_sources"),
    path("authoring/sets/<slug:slug>/questions/", authoring.set_questions, name="set_questions"),
    path("authoring/sets/<slug:slug>/questions/<slug:key>/retire/", authoring.question_retire, name="question_retire"),
    path(
        "authoring/sets/<slug:slug>/questions/<slug:key>/history/", authoring.question_history, name="question_history"
    ),
    path(
        "authoring/sets/<slug:slug>/questions/<slug:key>/history/restore/",
        authoring.question_restore_version,
        name="question_restore_version",
    ),
    path("sets/<slug:slug>/", pages.set_detail, name="set_detail"),
    path("sets/<slug:slug>/restore/", pages.restore_card, name="restore_card"),
    path("sets/<slug:slug>/problems/", pages.set_problems, name="set_problems"),
    path("sets/<slug:slug>/problems/resolve/", pages.resolve_problem, name="resolve_problem"),
    path("sets/<slug:slug>/study/", study.study_page, name="study"),
    path("sets/<slug:slug>/study/check/", study.check, name="study_check"),
    path("sets/<slug:slug>/study/dont-know/", study.dont_know, name="study_dont_know"),
    path("sets/<slug:slug>/study/rate/", study.rate, name="study_rate"),
    path("sets/<slug:slug>/study/override/", study.override, name="study_override"),
    path("sets/<slug:slug>/study/undo/", study.undo, name="study_undo"),
    path("sets/<slug:slug>/study/suspend/", study.suspend, name="study_suspend"),
    path("sets/<slug:slug>/study/report/", study.report, name="study_report"),
    path("sets/<slug:slug>/study/restart/", study.restart, name="study_restart"),
    path("sets/<slug:slug>/sources/<path:key>/", sources.source_page, name="source"),
    path("classes/", classes.class_list, name="classes"),
    path("classes/new/", classes.class_create, name="class_create"),
    path("classes/join/", classes.class_join, name="class_join"),
    path("classes/<int:pk>/", classes.class_detail, name="class_detail"),
    path("classes/<int:pk>/regenerate/", classes.class_regenerate, name="class_regenerate"),
    path("classes/<int:pk>/assign/", classes.class_assign, name="class_assign"),
    path("classes/<int:pk>/unassign/", classes.class_unassign, name="class_unassign"),
    path("classes/<int:pk>/instructors/", classes.class_add_instructor, name="class_add_instructor"),
    path("classes/<int:pk>/leave/", classes.class_leave, name="class_leave"),
]
