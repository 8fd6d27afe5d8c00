"""Plural forms: `{{ n | plural(one='ответ', few='ответа', many='ответов') }}` is "2 ответа".

The category of a number in a language (one, few, many, other) is CLDR's rule, read
from babel's locale data, so a new language needs only its forms in the locale files.
A message names the forms its language uses (Russian: one, few, many; English: one,
other); `tests/test_locales.py` checks every message against the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from babel import Locale
from jinja2 import pass_context
from jinja2.runtime import Context


@cache
def category(lang: str) -> Callable[[int], str]:
    """The CLDR plural rule of `lang`: a number -> one, few, many or other."""
    return Locale.parse(lang).plural_form


def form(lang: str, count: int, forms: dict[str, str]) -> str:
    """The word of `forms` (by category) that goes with `count` in `lang`."""
    wanted = category(lang)(count)
    word = forms.get(wanted, forms.get("other"))
    if word is None:
        raise KeyError(f"plural: no {wanted!r} form (for {count}) in {lang}: {sorted(forms)}")
    return word


@pass_context
def plural(context: Context, count: int, **forms: str) -> str:
    """The number and its word in the template's language."""
    return f"{count} {form(context['lang'], count, forms)}"
