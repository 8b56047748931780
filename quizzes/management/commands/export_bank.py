"""python manage.py export_bank SLUG --format yaml|apkg|... -o FILE — writes a set in a format of
the registry, naming every question the format cannot hold."""

from django.core.management.base import BaseCommand, CommandError

from quizzes.bank.banks import write_set
from quizzes.bank.formats.registry import writers
from quizzes.bank.sets import set_named


class Command(BaseCommand):
    help = "Export a question set in another format."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", required=True, choices=[f.name for f in writers()])
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args, slug, format, output, **options):
        qset = set_named(slug)
        if qset is None:
            raise CommandError(f"No question set with slug {slug!r}.")
        download = write_set(qset, format)
        for skipped in download.written.skipped:
            self.stdout.write(f"{slug}: left out [{skipped.question}]: {skipped.reason}")
        try:
            with open(output, "wb") as f:
                f.write(download.written.data)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        self.stdout.write(f"{slug}: {output} written ({format}), {len(download.written.skipped)} left out")
