"""Forms for accounts, study settings and classes."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm, UsernameField
from django.db import transaction
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import zones
from .attempts import quizzes
from .models import (
    REVIEW_ITEMS,
    REVIEW_MOMENTS,
    SLUG_RE,
    Klass,
    LtiPlatform,
    Question,
    QuestionSet,
    Quiz,
    Tag,
    User,
    default_review_options,
)
from .richtext import summary


class LoginForm(AuthenticationForm):
    """Django's login form with the username's length checked before anyone authenticates: its
    own form sets the length after the field is built, so a megabyte of username reached the
    lockout log (a 255-character column) and failed there."""

    username = UsernameField(max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))


class SignupForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("username", "display_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's wording runs "@/./+/-/_" into the Arabic around it; the signs are set apart, left to right.
        self.fields["username"].help_text = format_html(
            gettext("Up to 150 letters or digits; of other signs only {signs}"),
            signs=mark_safe('<bdi dir="ltr">@ . + - _</bdi>'),
        )

    def validate_password_for_user(self, user, password_field_name="password1"):
        # Django puts a weak password's errors under the confirmation; they belong beside the
        # password itself, under its list of rules.
        super().validate_password_for_user(user, password_field_name=password_field_name)


class ZoneSelect(forms.Select):
    """The time-zone list, grouped by region and named in the person's language, rendered in one
    pass: Django's template per option took half a second for the 600 zones of every settings page."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        groups = []
        for region in zones.regions(get_language() or "ar"):
            options = "".join(
                f'<option value="{escape(zone)}"{" selected" if zone == value else ""}>{escape(label)}</option>'
                for zone, label in region.zones
            )
            groups.append(f'<optgroup label="{escape(region.label)}">{options}</optgroup>')
        return mark_safe(f"<select{flatatt(final)}>{''.join(groups)}</select>")


class ZoneField(forms.CharField):
    """A canonical zone of the list; an alias an older form or a browser sends is read as its zone."""

    widget = ZoneSelect

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        zone = zones.canonical(value)
        if zone is None:
            raise forms.ValidationError(_("Choose a time zone from the list."), code="invalid_choice")
        return zone


class SettingsForm(forms.ModelForm):
    time_zone = ZoneField(label=_("Time zone"), max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = [(code, name) for code, name in self.fields["language"].choices if code]
        self.fields["language"].choices = [("", _("As the browser asks")), *languages]
        # A zone saved under an alias before the list had none shows as its canonical name.
        saved = self.initial.get("time_zone")
        self.initial["time_zone"] = zones.canonical(saved) or zones.UTC

    def save(self, commit=True):
        self.instance.time_zone_chosen = True
        return super().save(commit=commit)

    class Meta:
        model = User
        fields = (
            "display_name",
            "email",
            "language",
            "time_zone",
            "desired_retention",
            "new_per_day",
            "max_reviews_per_day",
            "due_reminders",
        )
        widgets = {"desired_retention": forms.NumberInput(attrs={"step": "0.01", "min": "0.70", "max": "0.97"})}

    def clean_new_per_day(self):
        value = self.cleaned_data["new_per_day"]
        if value > 500:
            raise forms.ValidationError(_("At most 500 new cards a day."))
        return value

    def clean_max_reviews_per_day(self):
        value = self.cleaned_data["max_reviews_per_day"]
        if not 1 <= value <= 9999:
            raise forms.ValidationError(_("Between 1 and 9999 reviews a day."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("due_reminders") and not cleaned.get("email"):
            self.add_error("due_reminders", _("Add your e-mail address to get the digest."))
        return cleaned


class ClassForm(forms.Form):
    name = forms.CharField(label=_("Class name"), max_length=150)


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Join code"), max_length=20)


class AssignForm(forms.Form):
    question_set = forms.ModelChoiceField(
        label=_("Question set"),
        queryset=QuestionSet.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose a question set"),
    )
    due_date = forms.DateField(
        label=_("Due date (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, sets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question_set"].queryset = sets if sets is not None else QuestionSet.objects.none()


class CoInstructorForm(forms.Form):
    username = forms.CharField(label=_("Instructor's username"), max_length=150)


class InvitationForm(forms.Form):
    note = forms.CharField(
        label=_("Who is it for? (an email address or a note)"), max_length=200, required=False, strip=True
    )


class SetForm(forms.ModelForm):
    """A set's title, description, language, visibility and whether its questions cite; its slug,
    last and optional: made from the title when a set is created, changed later in its settings."""

    class Meta:
        model = QuestionSet
        fields = ("title", "description", "language", "is_public", "requires_sources", "slug")
        widgets = {
            "slug": forms.TextInput(attrs={"dir": "ltr", "pattern": "[a-z0-9][a-z0-9\\-]{0,99}"}),
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "description": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        }
        help_texts = {
            "slug": _("Lowercase letters, digits and hyphens; it names the set in its address."),
            "requires_sources": _(
                "For a set built from documents: each question must quote the article it comes from. "
                "Leave it off to write questions from your own knowledge (citing stays possible)."
            ),
            "is_public": _(
                "Every student may find and study a public set; a set that is not public reaches only "
                "the classes it is assigned to."
            ),
        }

    def __init__(self, *args, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if creating:
            self.fields["slug"].label = _("Address (optional)")
            self.fields["slug"].help_text = _(
                "Made from the title when left empty; you can change it later in the set's settings."
            )
        else:
            self.fields["slug"].help_text = _(
                "Lowercase letters, digits and hyphens. The old address keeps working: it leads to the new one."
            )

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip()
        if not slug and self.instance.pk:
            return self.instance.slug
        if slug and not SLUG_RE.match(slug):
            raise forms.ValidationError(_("Use lowercase letters, digits and hyphens, such as “csto-basics”."))
        return slug


class OwnSetForm(forms.ModelForm):
    """A student's own set: its title, description and language (its address is made for it; it is
    never public and needs no articles)."""

    class Meta:
        model = QuestionSet
        fields = ("title", "description", "language")
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "description": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        }


class ShareForm(forms.Form):
    username = forms.CharField(label=_("Instructor's username"), max_length=150)


class SourceForm(forms.Form):
    key = forms.RegexField(
        label=_("Article id"),
        regex=r"^[a-z0-9][a-z0-9_-]{0,63}$",
        max_length=64,
        error_messages={"invalid": _("Use lowercase letters, digits and hyphens, such as “doc1”.")},
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))


REVIEW_MOMENT_LABELS = {
    "during": _("During the attempt"),
    "immediately": _("Right after the attempt"),
    "open": _("Later, while the quiz is open"),
    "closed": _("After the quiz closes"),
}
REVIEW_ITEM_LABELS = {
    "response": _("The student's answer"),
    "correctness": _("Whether it was right"),
    "marks": _("Marks"),
    "explanation": _("Explanation and sources"),
    "right_answer": _("The right answer"),
}


class SetChoiceField(forms.ModelChoiceField):
    """A set named so that two of the same title differ: «title — owner · slug»."""

    def label_from_instance(self, qset):
        # An <option> holds no <bdi>: Unicode isolates keep a Latin title or slug readable in Arabic.
        who = f"{qset.owner.username} · {qset.slug}" if qset.owner_id else qset.slug
        return f"\u2068{qset.title}\u2069 — \u2068{who}\u2069"


class TagSetsMixin:
    """Each tag names the sets it belongs to, so static/quizzes/quiz_form.js lists only the chosen set's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tag_sets = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        set_ids = self.tag_sets.get(getattr(value, "value", value), ())
        option["attrs"]["data-sets"] = " ".join(str(pk) for pk in sorted(set_ids))
        return option


class TagSelect(TagSetsMixin, forms.SelectMultiple):
    """The quiz's tags, each naming its sets."""


class DrawTagSelect(TagSetsMixin, forms.Select):
    """A draw's one tag, its options naming their sets as the tags' list does."""


# A quiz's draws: the rows the form offers beyond those it has, and at most this many in all.
BLANK_DRAWS = 2
MAX_DRAWS = 10


class QuizForm(forms.ModelForm):
    """A quiz's settings, for an instructor's own sets and classes; review options as a grid of boxes."""

    class Meta:
        model = Quiz
        fields = (
            "title",
            "question_set",
            "tags",
            "question_count",
            "shuffle_questions",
            "shuffle_options",
            "time_limit",
            "on_timeout",
            "grace_minutes",
            "attempts_allowed",
            "grading",
            "max_grade",
            "feedback",
            "layout",
            "feeds_schedule",
            "opens_at",
            "closes_at",
            "classes",
        )
        field_classes = {"question_set": SetChoiceField}
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "classes": forms.CheckboxSelectMultiple,
            "tags": TagSelect(attrs={"size": 6}),
        }
        help_texts = {"tags": _("Only questions with one of these tags; none chosen: the whole set.")}

    def __init__(self, *args, sets, classes, tags, tag_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question_set"].queryset = sets
        self.fields["question_set"].empty_label = _("Choose a question set")
        self.fields["classes"].queryset = classes
        self.fields["tags"].queryset = tags
        self.fields["tags"].required = False
        self.fields["tags"].widget.tag_sets = tag_sets
        self.tag_sets = tag_sets
        self.fields["question_count"].widget.attrs["min"] = 1
        self.fields["max_grade"].required = False
        self.fields["max_grade"].widget.attrs.update(min="0.01", step="any")
        self._draw_fields(tags, tag_sets)
        self._mark_fields()
        options = self.instance.review_options if self.instance.pk else None
        if not isinstance(options, dict):
            options = default_review_options()
        self.review_fields = []
        for moment in REVIEW_MOMENTS:
            row = []
            for item in REVIEW_ITEMS:
                name = f"review_{moment}_{item}"
                self.fields[name] = forms.BooleanField(
                    required=False, initial=item in options.get(moment, []), label=REVIEW_ITEM_LABELS[item]
                )
                row.append(name)
            self.review_fields.append((REVIEW_MOMENT_LABELS[moment], row))

    def _draw_fields(self, tags, tag_sets):
        """Rows of (tag, count, mark): the quiz's draws and blank ones to add."""
        existing = quizzes.draws(self.instance) if self.instance.pk else []
        self.draw_names = []
        # One query for every row's list of tags.
        self.tag_names = dict(tags.values_list("pk", "name"))
        choices = [("", "—"), *self.tag_names.items()]
        for i in range(min(MAX_DRAWS, len(existing) + BLANK_DRAWS)):
            draw = existing[i] if i < len(existing) else None
            names = (f"draw_{i}_tag", f"draw_{i}_count", f"draw_{i}_mark")
            tag = forms.TypedChoiceField(
                choices=choices, coerce=int, empty_value=None, required=False, label=_("Tag"), widget=DrawTagSelect
            )
            tag.widget.tag_sets = tag_sets
            tag.initial = draw.tag_id if draw else None
            self.fields[names[0]] = tag
            self.fields[names[1]] = forms.IntegerField(
                required=False, min_value=1, max_value=500, label=_("Questions drawn"), initial=draw and draw.count
            )
            self.fields[names[2]] = forms.FloatField(
                required=False, min_value=0, max_value=1000, label=_("Mark of each"), initial=draw.mark if draw else 1
            )
            self.fields[names[2]].widget.attrs["step"] = "any"
            self.draw_names.append(names)

    def _mark_fields(self):
        """A mark for each question the saved quiz asks (a quiz drawing by tag gives its draws' marks)."""
        self.mark_names = []
        if not self.instance.pk or quizzes.draws(self.instance):
            return
        ids = [pk for pk, _version in quizzes.eligible_questions(self.instance)]
        prompts = dict(Question.objects.filter(pk__in=ids).values_list("pk", "prompt"))
        own = quizzes.marks(self.instance)
        for pk in ids:
            name = f"mark_{pk}"
            self.fields[name] = forms.FloatField(
                min_value=0, max_value=1000, initial=own.get(pk, 1.0), label=summary(prompts[pk], 60)
            )
            self.fields[name].widget.attrs["step"] = "any"
            self.mark_names.append((pk, name))

    def draw_rows(self):
        return [[self[name] for name in names] for names in self.draw_names]

    def mark_rows(self):
        return [self[name] for _pk, name in self.mark_names]

    def visible_settings(self):
        """The fields shown as a plain list (the review grid is drawn apart)."""
        return [self[name] for name in self.Meta.fields]

    def review_grid(self):
        return [(label, [self[name] for name in row]) for label, row in self.review_fields]

    def review_item_labels(self):
        return list(REVIEW_ITEM_LABELS.values())

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The quiz must close after it opens."))
        qset, chosen = data.get("question_set"), data.get("tags")
        if qset is not None and chosen:
            foreign = [tag.name for tag in chosen if qset.pk not in self.tag_sets.get(tag.pk, ())]
            if foreign:
                message = ngettext(
                    "«%(tags)s» is not a tag of the set «%(set)s»: choose its tags, or none for the whole set.",
                    "«%(tags)s» are not tags of the set «%(set)s»: choose its tags, or none for the whole set.",
                    len(foreign),
                ) % {"tags": "، ".join(foreign) if get_language_bidi() else ", ".join(foreign), "set": qset.title}
                self.add_error("tags", message)
        self._clean_draws(data, qset, chosen)
        self.marks = {pk: data[name] for pk, name in self.mark_names if data.get(name) is not None}
        self.review_options = {
            moment: [item for item in REVIEW_ITEMS if data.get(f"review_{moment}_{item}")] for moment in REVIEW_MOMENTS
        }
        return data

    def clean_max_grade(self):
        # A form without the field (saved before marks existed) keeps the quiz's maximum grade.
        value = self.cleaned_data.get("max_grade")
        return self.instance.max_grade if value is None else value

    def _clean_draws(self, data, qset, chosen):
        """Reads the draws; a draw larger than its tag's live questions in the set is refused beside it."""
        self.draws = []
        rows = []
        for tag_name, count_name, mark_name in self.draw_names:
            tag, count, mark = data.get(tag_name), data.get(count_name), data.get(mark_name)
            tag = None if tag is None else Tag(pk=tag, name=self.tag_names[tag])
            if tag is None and count is None:
                continue
            if tag is None:
                self.add_error(tag_name, _("Choose the tag to draw from."))
            elif count is None:
                self.add_error(count_name, _("Say how many questions to draw."))
            elif qset is not None and qset.pk not in self.tag_sets.get(tag.pk, ()):
                self.add_error(tag_name, _("«%(tag)s» is not a tag of the set «%(set)s».") % {"tag": tag, "set": qset})
            else:
                rows.append((tag, count, 1.0 if mark is None else mark, count_name))
        if rows and (chosen or data.get("question_count")):
            message = _(
                "A quiz that draws questions by tag asks its draws only: "
                "leave the tags and the number of questions empty."
            )
            self.add_error("tags", message)
        if not rows or qset is None:
            return
        live = quizzes.tag_question_counts(qset.pk, [tag.pk for tag, *_rest in rows])
        for tag, count, mark, count_name in rows:
            if count > live.get(tag.pk, 0):
                message = ngettext(
                    "«%(tag)s» has %(n)d question a quiz can ask in this set: draw at most %(n)d.",
                    "«%(tag)s» has %(n)d questions a quiz can ask in this set: draw at most %(n)d.",
                    live.get(tag.pk, 0),
                ) % {"tag": tag, "n": live.get(tag.pk, 0)}
                self.add_error(count_name, message)
            else:
                self.draws.append((tag.pk, count, mark))

    @transaction.atomic
    def save(self, commit=True):
        self.instance.review_options = self.review_options
        quiz = super().save(commit=commit)
        if commit:
            quizzes.write_draws(quiz, self.draws)
            quizzes.write_marks(quiz, self.marks)
        return quiz


class QuizOverrideForm(forms.Form):
    """One student's or one class's own settings for a quiz; empty fields keep the quiz's."""

    student = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label=_("Student"))
    klass = forms.ModelChoiceField(queryset=Klass.objects.none(), required=False, label=_("Class"))
    time_limit = forms.IntegerField(required=False, min_value=1, max_value=10_080, label=_("time limit in minutes"))
    opens_at = forms.DateTimeField(
        required=False,
        label=_("opens"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        required=False,
        label=_("closes"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    attempts_allowed = forms.IntegerField(
        required=False, min_value=0, max_value=100, label=_("attempts allowed"), help_text=_("0 means unlimited.")
    )

    def __init__(self, *args, students, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["klass"].queryset = classes
        self.fields["student"].empty_label = self.fields["klass"].empty_label = "—"

    def clean(self):
        data = super().clean()
        if bool(data.get("student")) == bool(data.get("klass")):
            self.add_error("student", _("Choose one student or one class."))
        if all(data.get(name) is None for name in ("time_limit", "opens_at", "closes_at", "attempts_allowed")):
            self.add_error("time_limit", _("Give at least one setting of their own."))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The quiz must close after it opens."))
        return data


class LtiPlatformForm(forms.ModelForm):
    """An LMS platform as staff register it; its deployment IDs one per line."""

    deployments = forms.CharField(
        label=_("Deployment IDs"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_("One per line, as the LMS shows them. A launch from any other deployment is refused."),
    )

    class Meta:
        model = LtiPlatform
        fields = [
            "name",
            "issuer",
            "client_id",
            "key_set_url",
            "auth_login_url",
            "auth_token_url",
            "auth_audience",
            "allow_framing",
        ]
        help_texts = {
            "allow_framing": _(
                "Off: a launch opens in a new window. On: only the tool's LMS pages may be shown inside this LMS."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["deployments"] = "\n".join(self.instance.deployment_ids)
        for name in ("issuer", "client_id", "key_set_url", "auth_login_url", "auth_token_url", "auth_audience"):
            self.fields[name].widget.attrs["dir"] = "ltr"

    def clean_deployments(self):
        ids = [line.strip() for line in self.cleaned_data["deployments"].splitlines() if line.strip()]
        if not ids:
            raise forms.ValidationError(_("Give at least one deployment ID."))
        if any(len(i) > 255 for i in ids):
            raise forms.ValidationError(_("A deployment ID is at most 255 characters."))
        return list(dict.fromkeys(ids))

    def save(self, commit=True):
        self.instance.deployment_ids = self.cleaned_data["deployments"]
        return super().save(commit)
