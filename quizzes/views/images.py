"""A question's picture, for whoever may see its set; never a public file."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from .. import access
from ..bank import images


@login_required
@require_safe
def image(request, image_id):
    picture = access.image_to_see(request, image_id)
    try:
        data = images.read(picture)
    except OSError:
        # The row outlived its file (a storage restored from an older backup): nothing to show.
        raise Http404("No such image.") from None
    response = HttpResponse(data, content_type=picture.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Private: a shared cache must never hand one person's picture to another. An image never
    # changes once stored, so the browser keeps it for a day.
    response["Cache-Control"] = "private, max-age=86400"
    response["Content-Disposition"] = f'inline; filename="{picture.uuid}.{images.extension_of(picture)}"'
    return response
