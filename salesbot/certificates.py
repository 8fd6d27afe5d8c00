"""Certificates: passing a whole assigned track earns one, a printable HTML page with the
trainee's name, the track, the cases with their best totals, the date and a code.

The code is an HMAC-SHA256 of the certificate's record (`Certificate.record()`) keyed with
the config's `certificates.secret`, 100 bits written as five groups of four letters and
digits: it cannot be guessed from an id, and `verify` recomputes it from the stored record,
so a changed record or a made-up code is refused. Without a secret no certificate is
issued (a code anyone could compute would prove nothing).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from .accounts import language
from .engine.model import LANGUAGES
from .records import Assignment, Certificate, CertifiedCase, Standing
from .replies import Button, Document, Reply, message
from .services import Caller, Services
from .storage import Store
from .views import case_title

CODE_CHARS = 20  # base32 characters: 100 bits
GROUP = 4
BASE32 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def sign(key: bytes, record: dict[str, Any]) -> str:
    """The code of a record: its HMAC, as XXXX-XXXX-XXXX-XXXX-XXXX."""
    canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).digest()
    letters = base64.b32encode(digest).decode("ascii")[:CODE_CHARS]
    return "-".join(letters[i : i + GROUP] for i in range(0, CODE_CHARS, GROUP))


def normal_code(text: str) -> str | None:
    """A code as typed (any case, spaces or dashes anywhere) in its stored form, or None."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(letters) != CODE_CHARS or not set(letters) <= BASE32:
        return None
    return "-".join(letters[i : i + GROUP] for i in range(0, CODE_CHARS, GROUP))


def verify(store: Store, key: bytes, code: str) -> Certificate | None:
    """The certificate a code belongs to, if the code is genuine: it names a stored record
    and is that record's HMAC under the current secret."""
    wanted = normal_code(code)
    if wanted is None or not key:
        return None
    found = store.certificate_by_code(wanted)
    if found is None or not hmac.compare_digest(sign(key, found.record()), found.code):
        return None
    return found


def issue(
    svc: Services, user_id: int, assignment: Assignment, result: Standing, at: datetime
) -> Certificate | None:
    """The certificate of a passed track (None without a secret, or for a single case)."""
    key = svc.config.certificates.key
    user = svc.store.user(user_id)
    if not key or assignment.kind != "track" or user is None:
        return None
    cases = [
        CertifiedCase(
            c.case_id,
            {lang: case_title(svc.book, c.case_id, lang) for lang in LANGUAGES},
            c.best,
        )
        for c in result.cases
    ]
    draft = Certificate(
        id=0,
        code="",
        user_id=user_id,
        assignment_id=assignment.id,
        track_id=assignment.target,
        title=dict(assignment.title),
        name=user.name,
        cases=tuple(cases),
        issued_on=at.astimezone(svc.config.zone).date().isoformat(),
    )
    certificate_id = svc.store.add_certificate(
        code=sign(key, draft.record()),
        user_id=user_id,
        assignment_id=assignment.id,
        track_id=draft.track_id,
        title=draft.title,
        name=draft.name,
        cases=[(c.case_id, c.title, c.best) for c in cases],
        issued_on=draft.issued_on,
    )
    return svc.store.certificate(certificate_id)


def view(certificate: Certificate, lang: str) -> dict[str, Any]:
    """The certificate page's data (`render.certificate`)."""
    return {
        "lang": lang,
        "name": certificate.name,
        "track": certificate.title_in(lang),
        "cases": [
            {"title": c.title.get(lang) or next(iter(c.title.values())), "best": c.best}
            for c in certificate.cases
        ],
        "issued_on": certificate.issued_on,
        "code": certificate.code,
    }


def document(svc: Services, certificate: Certificate, lang: str) -> Document:
    page = svc.pages.certificate(view(certificate, lang))
    return Document(
        f"certificate-{certificate.code}.html",
        page.encode("utf-8"),
        svc.text("certificate_caption", lang, code=certificate.code),
    )


def listing(svc: Services, caller: Caller) -> Reply:
    """/certificates: the caller's own, each with a button for its page."""
    lang = language(svc, caller)
    mine = svc.store.certificates_of(caller.id)
    if not mine:
        return svc.say("certificates_none", lang)
    keyboard = tuple(
        (Button(svc.label("certificate_button", lang, track=c.title_in(lang)), f"cert:{c.id}"),)
        for c in mine
    )
    items = [{"track": c.title_in(lang), "issued_on": c.issued_on, "code": c.code} for c in mine]
    return svc.say("certificates", lang, keyboard=keyboard, items=items)


def send_page(svc: Services, caller: Caller, certificate_id: int | None) -> Reply:
    """A certificate's page, for its owner only (the id in a button can be forged)."""
    lang = language(svc, caller)
    found = svc.store.certificate(certificate_id) if certificate_id is not None else None
    if found is None or found.user_id != caller.id:
        return svc.say("certificate_not_found", lang)
    return Reply((document(svc, found, lang),))


def earned(svc: Services, caller: Caller, certificate: Certificate | None, lang: str) -> Reply:
    """What a trainee who just passed a track is told: the certificate, or why there is none."""
    if certificate is None:
        return svc.say("certificate_not_configured", lang)
    text = message(svc.text("certificate_earned", lang, code=certificate.code))
    return text + Reply((document(svc, certificate, lang),))
