"""Personal API tokens in the admin: issued with the plain token shown once, revoked by action."""

from django import forms
from django.contrib import admin, messages

from ..models import ApiToken
from ..tokens import PREFIX_LENGTH, hash_token, issue_token, new_plain_token, revoke_tokens
from .forms import PlainTextForm

SHOWN_ONCE = "Copy it now: it is stored hashed and cannot be shown again."


def _announce(request, token, plain):
    messages.warning(request, f'API token "{token.name}" for {token.user}: {plain} {SHOWN_ONCE}')


class ApiTokenForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "user", "prefix", "created", "last_used", "revoked_at"]
    list_select_related = ["user"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created", "last_used", "revoked_at"]
    actions = ["issue_replacement", "revoke"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["user"] if obj is not None else [])

    def save_model(self, request, obj, form, change):
        if not change:
            plain = new_plain_token()
            obj.key_hash, obj.prefix = hash_token(plain), plain[:PREFIX_LENGTH]
        super().save_model(request, obj, form, change)
        if not change:
            _announce(request, obj, plain)

    @admin.action(description="Issue token (a new one replaces each selected, which is revoked)")
    def issue_replacement(self, request, queryset):
        for old in queryset.select_related("user"):
            token, plain = issue_token(user=old.user, name=old.name)
            _announce(request, token, plain)
        revoke_tokens(queryset)

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request, queryset):
        count = revoke_tokens(queryset)
        messages.success(request, f"Revoked {count} token{'s' if count != 1 else ''}.")
