"""Files sent with an answer."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from agencies.selectors import is_secretariat
from core.errors import DomainError, WrongState
from core.validators import one_line

from ..choices import UpdateStatus
from ..models import ActivityUpdate, Attachment
from .access import locked, require_acts_for
from .updates import EDITABLE_BY_AUTHOR, NOT_A_WRITER, RECORDED_BY_SECRETARIAT

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What an answer may carry: the extension and the first bytes must agree.
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", ()),
    ".csv": ("text/csv", ()),
}


def _check_file(uploaded) -> str:
    """The file's content type, after checking its size and its type (by its extension and its first
    bytes: a renamed executable is refused)."""
    if uploaded.size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise DomainError(gettext("The file is larger than %(limit)s MB.") % {"limit": limit}, field="attachment")
    extension = os.path.splitext(uploaded.name)[1].lower()
    if extension not in ATTACHMENT_TYPES:
        allowed = ", ".join(sorted(ATTACHMENT_TYPES))
        raise DomainError(
            gettext("Files of this type are not accepted; send one of: %(allowed)s.") % {"allowed": allowed},
            field="attachment",
        )
    content_type, signatures = ATTACHMENT_TYPES[extension]
    head = uploaded.read(2048)
    uploaded.seek(0)
    if signatures and not head.startswith(signatures):
        raise DomainError(
            gettext("This file is not a real %(extension)s file.") % {"extension": extension}, field="attachment"
        )
    if not signatures:
        try:
            head.decode("utf-8")
            text = b"\x00" not in head
        except UnicodeDecodeError as error:
            text = error.start >= len(head) - 3 and b"\x00" not in head  # only a character cut at the end
        if not text:
            raise DomainError(
                gettext("This is not a text file; %(extension)s files must be UTF-8 text.") % {"extension": extension},
                field="attachment",
            )
    return content_type


@transaction.atomic
def attachment_add(*, update: ActivityUpdate, uploaded, by: User | None) -> Attachment:
    """Attach a file to a draft or returned update; the secretariat also to an answer it recorded from
    an e-mail or a letter (the letter itself, an annex that came later), unless withdrawn."""
    update = locked(update)
    require_acts_for(by, update.organization_id, NOT_A_WRITER)
    recorded = update.received_via in RECORDED_BY_SECRETARIAT and update.status != UpdateStatus.WITHDRAWN
    if update.status not in EDITABLE_BY_AUTHOR and not (recorded and (by is None or is_secretariat(by))):
        raise WrongState(gettext("Files are added to a draft or a returned answer only."), field="attachment")
    content_type = _check_file(uploaded)
    return Attachment.objects.create(
        update=update,
        file=uploaded,
        # The name the sender's computer gave the file: made one line, as it is shown and sent back.
        original_name=one_line(os.path.basename(uploaded.name))[:255],
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=by,
    )
