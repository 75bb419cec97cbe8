"""factory_boy factories for the tracker's models."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tracker import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """UserFactory(groups=["Editors"]) puts the user in those groups."""
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Party
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Party {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    url = factory.Sequence(lambda n: f"https://news.example.org/article/{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "Example News"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Negotiator"
    party = factory.SubFactory(PartyFactory)


class NegotiationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Negotiation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"negotiation-{n}")
    title = factory.Sequence(lambda n: f"Negotiation {n}")
    is_published = True

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        """NegotiationFactory(parties=[a, b]); two new parties when not given."""
        if create:
            self.parties.add(*(extracted or [PartyFactory(), PartyFactory()]))


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Round

    negotiation = factory.SubFactory(NegotiationFactory)
    number = factory.Sequence(lambda n: n + 1)
    start = "2019-09-24"
    end = "2019-09-25"
    location = "Seoul, South Korea"


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Issue

    negotiation = factory.SubFactory(NegotiationFactory)
    title = factory.Sequence(lambda n: f"Issue {n}")
    slug = factory.Sequence(lambda n: f"issue-{n}")
    order = factory.Sequence(lambda n: n)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Position

    negotiation = factory.SubFactory(NegotiationFactory)
    party = factory.SubFactory(PartyFactory)
    # Like a form or a version 1 document that names no issue: the negotiation's "General".
    issue = factory.LazyAttribute(lambda position: models.default_issue(position.negotiation))
    kind = models.Position.Kind.DEMAND
    date = "2019-10"
    amount = 5_000_000_000
    currency = "USD"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    negotiation = factory.SubFactory(NegotiationFactory)
    date = "2020-04-01"
    title = factory.Sequence(lambda n: f"Event {n}")


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Statement

    negotiation = factory.SubFactory(NegotiationFactory)
    date = "2020-04-02"
    speaker = factory.SubFactory(PersonFactory)
    party = factory.SelfAttribute("speaker.party")
    quote = factory.Sequence(lambda n: f"Words number {n}.")


def negotiation_with_statements(count):
    """A published negotiation with one sourced round, position and event and `count`
    sourced statements (bulk-created, so a thousand take a moment, not a minute)."""
    negotiation = NegotiationFactory()
    party = negotiation.parties.first()
    source = SourceFactory()
    RoundFactory(negotiation=negotiation).sources.add(source)
    PositionFactory(negotiation=negotiation, party=party).sources.add(source)
    EventFactory(negotiation=negotiation).sources.add(source)
    speaker = PersonFactory(party=party)
    statements = models.Statement.objects.bulk_create(
        StatementFactory.build(negotiation=negotiation, speaker=speaker, sequence=index)
        for index in range(count)
    )
    models.Statement.sources.through.objects.bulk_create(
        models.Statement.sources.through(statement_id=statement.pk, source_id=source.pk)
        for statement in statements
    )
    return negotiation
