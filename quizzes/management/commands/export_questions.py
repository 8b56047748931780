"""python manage.py export_questions SLUG [-o FILE] — writes a set in the YAML import format."""

from django.core.management.base import BaseCommand, CommandError

from quizzes.bank.importing import export_set
from quizzes.models import QuestionSet


class Command(BaseCommand):
    help = "Export a question set as YAML (the format load_questions reads)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, slug, output=None, **options):
        try:
            qset = QuestionSet.objects.get(slug=slug)
        except QuestionSet.DoesNotExist:
            raise CommandError(f"No question set with slug {slug!r}.") from None
        text = export_set(qset)
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        else:
            self.stdout.write(text, ending="")
