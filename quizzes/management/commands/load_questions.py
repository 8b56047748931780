"""python manage.py load_questions FILE... — validates and imports question sets from YAML."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quizzes.bank.importing import ImportFailed, import_set, parse_file
from quizzes.bank.sets import set_named


class Command(BaseCommand):
    help = "Validate YAML question sets and import them, all or nothing per file."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--owner",
            help="username of the instructor who imports: owns a new set, and may only update sets they may edit",
        )
        parser.add_argument(
            "--if-changed",
            action="store_true",
            help="skip a file whose set exists and whose content is unchanged since it was last loaded",
        )

    def handle(self, *args, files, owner=None, if_changed=False, **options):
        owner_user = None
        if owner:
            try:
                owner_user = get_user_model().objects.get(username=owner)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user named {owner!r}.") from None
        failed = 0
        for name in files:
            try:
                parsed = parse_file(name)
            except ImportFailed as exc:
                failed += 1
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                continue
            except OSError as exc:
                failed += 1
                self.stderr.write(f"{name}: {exc.strerror}")
                continue
            named = set_named(parsed.slug)
            if if_changed and named is not None and named.source_hash == parsed.file_hash:
                self.stdout.write(f"{name}: {parsed.slug} unchanged, skipped")
                continue
            # The command line speaks for the site: without --owner a set keeps its owner; with it, a
            # set without an owner becomes theirs, and another instructor's set is never taken over.
            editor = owner_user if named is not None and named.owner_id is not None else None
            try:
                result = import_set(parsed, owner=owner_user, editor=editor)
            except ImportFailed as exc:
                failed += 1
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                continue
            self.stdout.write(
                f"{name}: {result.slug}: {len(result.created)} created, {len(result.updated)} updated, "
                f"{len(result.unchanged)} unchanged, {len(result.retired)} retired"
            )
        if failed:
            raise CommandError(f"{failed} file(s) had errors; nothing was imported from them.")
