"""Analyst pages: the negotiation list, timelines, comparison."""

urlpatterns = []
