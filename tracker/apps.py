from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Negotiation records"

    def ready(self):
        from .search import signals

        signals.connect()
