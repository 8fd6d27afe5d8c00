"""People as the bot knows them: who wrote, in which language they read, erasing them."""

from __future__ import annotations

from .locales import LOCALES
from .records import Role, User
from .replies import NOTHING, Reply, row
from .services import Caller, Services

# Telegram languages answered in Russian; English for English, the configured one otherwise.
RUSSIAN_READERS = ("ru", "uk", "be", "kk")


def seen(svc: Services, caller: Caller) -> User:
    """Record who wrote (their Telegram name and language may change)."""
    return svc.store.upsert_user(
        caller.id, caller.first_name, caller.username, caller.language_code
    )


def language(svc: Services, caller: Caller) -> str:
    """The user's chosen language, else their Telegram language, else the configured one."""
    user = svc.store.user(caller.id)
    if user is not None and user.lang:
        return user.lang
    return _from_telegram(svc, caller.language_code)


def language_of(svc: Services, user_id: int) -> str:
    """The language to write to a user who did not just write (HR, a team lead): the same
    rule, with the Telegram language they last wrote with."""
    user = svc.store.user(user_id)
    if user is not None and user.lang:
        return user.lang
    return _from_telegram(svc, user.telegram_language if user else None)


def _from_telegram(svc: Services, code: str | None) -> str:
    code = (code or "").lower()
    if code.startswith("en"):
        return "en"
    if code.startswith(RUSSIAN_READERS):
        return "ru"
    return svc.config.language


def choose_language(svc: Services, caller: Caller, choice: str, *, menu: bool = True) -> Reply:
    """/lang ru|en or a language button: set it. Anything else offers the buttons (or, for
    a button that is no language, nothing)."""
    if choice in LOCALES:
        svc.store.set_language(caller.id, choice)
        return svc.say("lang_set", choice)
    if not menu:
        return NOTHING
    lang = language(svc, caller)
    buttons = row(*((svc.label(f"lang_button.{code}", lang), f"lang:{code}") for code in LOCALES))
    return svc.say("lang_choose", lang, keyboard=buttons)


def confirm_forget(svc: Services, caller: Caller) -> Reply:
    """/forget says what would be erased for the caller's roles, and asks first."""
    lang = language(svc, caller)
    buttons = row(
        (svc.label("forget_yes", lang), "forget:yes"), (svc.label("forget_no", lang), "forget:no")
    )
    roles = svc.store.roles(caller.id)
    return svc.say(
        "forget_confirm",
        lang,
        keyboard=buttons,
        # What they hold now, or once held and left behind (a revoked lead's teams).
        leads=Role.LEAD in roles or bool(svc.store.teams_of_lead(caller.id)),
        hires=Role.HR in roles or bool(svc.store.interviews_of(caller.id)),
        admin=Role.ADMIN in roles or caller.id in svc.config.admins,
    )


def forget(svc: Services, caller: Caller, confirmed: bool) -> Reply:
    """Erase the caller as the README's "Privacy" section says (`Store.forget_user`), once
    they confirmed."""
    lang = language(svc, caller)
    if not confirmed:
        return svc.say("forget_cancelled", lang)
    svc.store.forget_user(caller.id)
    return svc.say("forgotten", lang)
