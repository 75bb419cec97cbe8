"""The admin page that imports an uploaded interchange document: upload, preview, confirm.

Between preview and confirm the uploaded bytes wait in a private temporary file
named by a random token kept in the editor's session, with their SHA-256, so
the document confirmed is the document previewed.
"""

import hashlib
import os
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_http_methods

from ..models import Negotiation
from .forms import mark_changed

SESSION_KEY = "tracker_pending_import"
UPLOAD_DIR = Path(tempfile.gettempdir()) / f"tracker-uploads-{os.getuid()}"
ABANDONED_AFTER = 24 * 3600  # seconds
PROBLEMS_LISTED = 200  # the page lists the first ones and counts them all
NEGOTIATIONS_LISTED = 200  # the preview lists the first ones and sums up the rest


class UploadForm(forms.Form):
    document = forms.FileField(
        label="Interchange document",
        help_text=(
            "A negotiation-tracker/2 JSON file (version 1 files import too): a "
            "negotiation's export.json download (Download on its timeline page) or the "
            "output of manage.py export_negotiations."
        ),
    )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        limit = settings.INTERCHANGE_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; uploads are limited to "
                f"{filesizeformat(limit)}. Import larger documents with "
                "manage.py import_negotiations."
            )
        return upload


def may_import(user):
    return user.has_perm("tracker.add_negotiation") and user.has_perm("tracker.change_negotiation")


@require_http_methods(["GET", "POST"])
def import_view(request):
    """Step 1 shows the upload form; a valid upload shows the preview; confirm imports."""
    if not may_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return confirm_import(request)
    if request.method == "POST" and "cancel" in request.POST:
        discard_pending(request)
        messages.info(request, "Import cancelled; nothing was written.")
        return redirect("admin:tracker_negotiation_changelist")
    form = UploadForm(request.POST or None, request.FILES or None)
    if not form.is_valid():
        return render_page(request, form=form)
    filename = form.cleaned_data["document"].name
    token, sha256 = receive(form.cleaned_data["document"])
    document, plan, problems = preview(pending_path(token))
    if problems:
        pending_path(token).unlink(missing_ok=True)
        return render_page(request, form=UploadForm(), problems=problems)
    stash(request, token, sha256, document, filename)
    return render_preview(request, plan, filename)


def preview(path):
    """(document, plan, []) for a valid document file, (None, None, problems) otherwise.

    The document's negotiations are read from the file one at a time for the plan, never
    held all at once.
    """
    from ..interchange import plan_import
    from ..interchange.stream import check_file, streamed_document

    problems = check_file(path, limit=PROBLEMS_LISTED, **upload_limits()) or too_many(path)
    if problems:
        return None, None, problems
    document = streamed_document(path)
    return document, plan_import(document, listed=NEGOTIATIONS_LISTED, checked=True), []


def confirm_import(request):
    """Import the previewed document in one transaction, then go back to the negotiations."""
    from ..interchange import InterchangeError, import_document, plan_import

    pending = unstash(request)
    if pending is None:
        messages.error(request, "Nothing to confirm: the upload expired. Upload the file again.")
        return redirect("admin:tracker_negotiation_import")
    document, problems = read_document(pending_path(pending["token"]))
    if problems:
        discard_pending(request)
        return render_page(request, form=UploadForm(), problems=problems)
    if current_revisions(document) != pending["revisions"]:
        messages.warning(
            request,
            "These negotiations changed since the preview was made. "
            "Here is the preview again, against what is saved now.",
        )
        pending["revisions"] = current_revisions(document)
        request.session[SESSION_KEY] = pending
        plan = plan_import(document, listed=NEGOTIATIONS_LISTED)
        return render_preview(request, plan, pending["filename"])
    publish = request.POST.get("publish") == "on"
    try:
        with transaction.atomic():
            plan = import_document(document, user=request.user)
            if publish:
                created = [entry.slug for entry in plan.negotiations if entry.is_new]
                Negotiation.objects.filter(slug__in=created).update(is_published=True)
            mark_changed(
                Negotiation.objects.filter(slug__in=slugs_in(document)).values_list("pk", flat=True)
            )
    except InterchangeError as error:
        discard_pending(request)
        return render_page(request, form=UploadForm(), problems=error.problems)
    discard_pending(request)
    count = len(document.get("negotiations", []))
    messages.success(
        request,
        f"Imported {count} negotiation{'s' if count != 1 else ''} from {pending['filename']}. "
        + visibility_sentence(slugs_in(document)),
    )
    return redirect("admin:tracker_negotiation_changelist")


def visibility_sentence(slugs):
    """Which of these negotiations the public sees now, as one sentence."""
    published = dict(Negotiation.objects.filter(slug__in=slugs).values_list("slug", "is_published"))
    public = [slug for slug in slugs if published.get(slug)]
    hidden = [slug for slug in slugs if not published.get(slug)]
    parts = []
    if public:
        parts.append(f"Public: {', '.join(public)}.")
    if hidden:
        parts.append(f"Unpublished, seen by staff only: {', '.join(hidden)}.")
    return " ".join(parts)


def upload_limits():
    return {
        "max_bytes": settings.INTERCHANGE_UPLOAD_MAX_BYTES,
        "max_depth": settings.INTERCHANGE_MAX_DEPTH,
    }


def read_document(path):
    """(document, []) for a valid document file, (None, problems) otherwise.

    The file is checked as a stream first, so a document repeating a mistake a million
    times costs a bounded list of problems; only a valid one is parsed whole.
    """
    from ..interchange import InterchangeError, load_document
    from ..interchange.stream import check_file

    problems = check_file(path, limit=PROBLEMS_LISTED, **upload_limits()) or too_many(path)
    if problems:
        return None, problems
    try:
        with open(path, "rb") as handle:
            return load_document(handle, **upload_limits()), []
    except InterchangeError as error:
        return None, error.problems


def too_many(path):
    """A problem when the checked document holds more negotiations than one upload imports."""
    from ..interchange import Problem
    from ..interchange.stream import count_negotiations

    count, limit = count_negotiations(path), settings.INTERCHANGE_UPLOAD_MAX_NEGOTIATIONS
    if count <= limit:
        return []
    return [
        Problem(
            "negotiations",
            f"the document holds {count:,} negotiations; an upload imports at most {limit:,} "
            "(TRACKER_UPLOAD_MAX_NEGOTIATIONS). Split it, or import it on the server with "
            "manage.py import_negotiations.",
        )
    ]


def slugs_in(document):
    return [item["slug"] for item in document["negotiations"]]


def current_revisions(document):
    """{slug: revision} of the document's negotiations that exist now."""
    from ..interchange.importer import existing_negotiations

    found = existing_negotiations(item["slug"] for item in document["negotiations"])
    return {slug: negotiation.revision for slug, negotiation in found.items()}


def upload_dir():
    """The private folder for pending uploads, emptied of ones abandoned a day ago."""
    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    status = UPLOAD_DIR.lstat()
    if UPLOAD_DIR.is_symlink() or status.st_uid != os.getuid() or status.st_mode & 0o077:
        raise ImproperlyConfigured(f"{UPLOAD_DIR} must be a private folder of this user.")
    stale = time.time() - ABANDONED_AFTER
    for path in UPLOAD_DIR.glob("*.json"):
        if path.stat().st_mtime < stale:
            path.unlink(missing_ok=True)
    return UPLOAD_DIR


def pending_path(token):
    return UPLOAD_DIR / f"{token}.json"


def receive(upload):
    """Write an upload to the private folder as its chunks arrive: (token, SHA-256)."""
    folder = upload_dir()
    token = secrets.token_urlsafe(24)
    digest = hashlib.sha256()
    with open(folder / f"{token}.json", "xb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return token, digest.hexdigest()


def stash(request, token, sha256, document, filename):
    """Keep the received upload `token` for this session's confirm."""
    discard_pending(request)
    request.session[SESSION_KEY] = {
        "token": token,
        "sha256": sha256,
        "filename": filename,
        "revisions": current_revisions(document),
    }


def unstash(request):
    """This session's previewed upload (its file unchanged since), or None."""
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return None
    digest = hashlib.sha256()
    try:
        with open(pending_path(pending["token"]), "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return pending if digest.hexdigest() == pending["sha256"] else None


def discard_pending(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        pending_path(pending["token"]).unlink(missing_ok=True)


def render_preview(request, plan, filename):
    """The preview, saying for each negotiation whether the import leaves it public."""
    published = dict(
        Negotiation.objects.filter(
            slug__in=[entry.slug for entry in plan.negotiations]
        ).values_list("slug", "is_published")
    )
    visibility = [
        {"slug": entry.slug, "title": entry.title, "is_new": entry.is_new,
         "is_published": published.get(entry.slug, False)}
        for entry in plan.negotiations
    ]  # fmt: skip
    any_new = any(item["is_new"] for item in visibility) or plan.beyond.new > 0
    return render_page(
        request, plan=plan, filename=filename, visibility=visibility, any_new=any_new
    )


def render_page(request, **context):
    problems = context.get("problems") or []
    context["problem_count"] = getattr(problems, "total", len(problems))
    return render(
        request,
        "admin/tracker/negotiation/import.html",
        {
            **admin.site.each_context(request),
            "opts": Negotiation._meta,
            "title": "Import an interchange document",
            "max_bytes": settings.INTERCHANGE_UPLOAD_MAX_BYTES,
            **context,
        },
    )
