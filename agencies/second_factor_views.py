"""The admin's "Two-factor sign-in" pages, for a secretariat member's own account: set up an authenticator
app, give its code after the password, renew the recovery codes (docs/admin.md, "Two-factor sign-in").

They only translate: the rules are in ``core.services.second_factor``, and who must give a second factor
in ``agencies.selectors``. The admin site mounts them (``coordination/dashboard/site.py``), behind its
own check that the user is secretariat; ``agencies.middleware`` leaves enrol and verify open to a session
that still owes its second factor.
"""

from __future__ import annotations

import textwrap
from base64 import b32encode

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from core.errors import DomainError
from core.services.second_factor import (
    second_factor_enrol_confirm,
    second_factor_enrol_start,
    second_factor_enrolled,
    second_factor_of,
    second_factor_recovery_codes_renew,
    second_factor_verify,
)

from .selectors import second_factor_required


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


def _verified(request) -> bool:
    # django-otp's middleware gives every request's user is_verified(): the session gave a code.
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def _next(request) -> str:
    """Where to go once done: the page the person was sent from, if it is one of ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _page(request, site, template: str, title: str, **context) -> TemplateResponse:
    return TemplateResponse(
        request,
        f"admin/second_factor/{template}.html",
        {**site.each_context(request), "title": title, "next": _next(request), **context},
    )


def _signed_in_with(request, device) -> None:
    """The session counts as verified from now on; with more rights, it gets a new key (as a login does)."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _refused(form: forms.Form, error: DomainError) -> None:
    form.add_error("code" if "code" in getattr(error, "error_dict", {}) else None, error.messages)


@require_http_methods(["GET", "POST"])
def overview(request, site):
    """What the person has set up, with the way to set up an authenticator and to renew the recovery codes."""
    if request.method == "POST":
        try:
            codes = second_factor_recovery_codes_renew(user=request.user, verified=_verified(request))
        except DomainError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:second-factor"))
        return _page(request, site, "recovery_codes", "New recovery codes", codes=codes)
    return _page(
        request,
        site,
        "overview",
        "Two-factor sign-in",
        factor=second_factor_of(user=request.user),
        verified=_verified(request),
        required=second_factor_required(request.user),
    )


@require_http_methods(["GET", "POST"])
def enrol(request, site):
    """Set up an authenticator app: its key as a QR code and as text, then its first code to confirm it.
    On success the session counts as verified and the recovery codes are shown, once."""
    verified = _verified(request)
    try:
        device = second_factor_enrol_start(user=request.user, verified=verified)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(f"{reverse('admin:second-factor-verify')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device, codes = second_factor_enrol_confirm(
                user=request.user, code=form.cleaned_data["code"], verified=verified
            )
        except DomainError as error:
            _refused(form, error)
        else:
            _signed_in_with(request, device)
            return _page(request, site, "recovery_codes", "Your recovery codes", codes=codes, enrolled=True)
    key = b32encode(device.bin_key).decode()
    return _page(
        request,
        site,
        "enrol",
        "Set up two-factor sign-in",
        form=form,
        # An SVG image inside the page (a data: URL, which the content security policy allows for images).
        qr_code=segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#000", light="#fff"),
        key=" ".join(textwrap.wrap(key, 4)),
        replacing=second_factor_enrolled(user=request.user),
        required=second_factor_required(request.user),
    )


@require_http_methods(["GET", "POST"])
def verify(request, site):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    if _verified(request):
        return HttpResponseRedirect(_next(request))
    if not second_factor_enrolled(user=request.user):
        return HttpResponseRedirect(f"{reverse('admin:second-factor-enrol')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device = second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            _refused(form, error)
        else:
            _signed_in_with(request, device)
            if isinstance(device, StaticDevice):
                left = second_factor_of(user=request.user).recovery_codes_left
                messages.warning(
                    request,
                    f"You signed in with a recovery code; it will not work again. {left} left: renew them "
                    "under “Two-factor sign-in” if they run low.",
                )
            return HttpResponseRedirect(_next(request))
    return _page(request, site, "verify", "Two-factor sign-in", form=form)
