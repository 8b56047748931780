"""python manage.py import_bank FILE [--into SLUG] — imports a bank from YAML, an Anki deck, a
spreadsheet or any format of the registry, all or nothing, naming every question left out."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quizzes.bank.banks import apply_upload, read_upload
from quizzes.bank.bundles import MAX_ZIP_BYTES
from quizzes.bank.formats.registry import FORMATS, MAX_UPLOAD_BYTES
from quizzes.bank.importing import ImportFailed, plan_import


class Command(BaseCommand):
    help = f"Import a question bank ({', '.join(f.name for f in FORMATS.values() if f.reads)}), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--into", default="", help="slug of the set to import into (new or existing)")
        parser.add_argument("--title", default="", help="title of a new set made from a file that names none")
        parser.add_argument("--owner", help="username of the instructor who owns a new set and may edit the set")

    def handle(self, *args, file, into="", title="", owner=None, **options):
        owner_user = None
        if owner:
            try:
                owner_user = get_user_model().objects.get(username=owner)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user named {owner!r}.") from None
        try:
            with open(file, "rb") as f:
                data = f.read(max(MAX_UPLOAD_BYTES, MAX_ZIP_BYTES) + 1)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        try:
            upload = read_upload(data, file, slug=into, title=title)
            for skipped in upload.skipped:
                where = f"{file}:{skipped.line}" if skipped.line else file
                self.stdout.write(f"{where}: skipped [{skipped.question}]: {skipped.reason}")
            for note in upload.notes:
                self.stdout.write(f"{file}: note: {note}")
            plan = plan_import(upload.parsed, upload.qset)
            self.stdout.write(
                f"{file}: {plan.slug}{' (new set)' if plan.new_set else ''}: {len(plan.added)} to add, "
                f"{len(plan.changed)} to change, {len(plan.retired)} to retire, {len(plan.unchanged)} unchanged"
            )
            qset = upload.qset
            editor = owner_user if qset is not None and qset.owner_id is not None else None
            result = apply_upload(upload, owner=owner_user, editor=editor)
        except ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{file} had errors; nothing was imported.") from None
        self.stdout.write(
            f"{file}: {result.slug}: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged, {len(result.retired)} retired, {len(upload.skipped)} skipped"
        )
