"""A question's picture on a page: served by the view that checks who may see its set, with its
alt text and size (so the page does not jump as it loads), loaded when scrolled to."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..bank import images

register = template.Library()


@register.simple_tag
def question_image(image_id, css_class="question-image"):
    """<img> for the image `image_id` (a uuid as text); nothing for an empty or unknown one."""
    if not image_id:
        return ""
    shown = images.shown_images([image_id]).get(str(image_id))
    if shown is None:
        return ""
    return format_html(
        '<img class="{}" src="{}" alt="{}" width="{}" height="{}" loading="lazy" decoding="async">',
        css_class,
        reverse("image", args=[image_id]),
        shown["alt"],
        shown["width"],
        shown["height"],
    )
