"""Scaffold: replaced by the read API issue (django-ninja under /api/v1/)."""

from ninja import NinjaAPI

api = NinjaAPI(title="Negotiation tracker API", version="1", urls_namespace="api-v1")
