import datetime as dt
from functools import partial

import pytest

from tracker.extract.context import PartyRow, PersonRow
from tracker.extract.dates import find_dates
from tracker.extract.names import PartyMatcher, PeopleMatcher
from tracker.extract.sentences import split_sentences
from tracker.extract.statements import UNNAMED, find_statements
from tracker.partialdate import PartialDate

PARTIES = [PartyRow("South Korea"), PartyRow("United States")]
PEOPLE = [PersonRow(1, "Jeong Eun-bo", "Chief negotiator", "South Korea")]
DAY = dt.date(2020, 4, 2)


def statements(*paragraphs, people=PEOPLE, parties=PARTIES):
    return find_statements(
        split_sentences(list(paragraphs)),
        people=PeopleMatcher(people),
        parties=PartyMatcher(parties),
        dates_of=partial(find_dates, published=DAY),
        story_date=PartialDate.parse(DAY),
    )


def test_statements_he_said_is_the_person_named_before():
    found = statements(
        "James DeHart, the U.S. chief negotiator, said the talks went well.",
        '"We have made progress on many of the issues," he said.',
    )
    assert [(s["kind"], s["speaker"]) for s in found] == [
        ("paraphrase", "James DeHart"),
        ("quote", "James DeHart"),
    ]
    assert found[0]["speaker_title"] == "the U.S. chief negotiator"
    assert found[0]["party"] == "United States"


def test_statements_surname_after_a_quote_is_the_recorded_person():
    found = statements('"There is a significant difference between the positions," Jeong said.')
    assert found[0]["speaker"] == "Jeong Eun-bo"
    assert found[0]["party"] == "South Korea"


def test_statements_said_name_after_the_quote():
    found = statements(
        '"Korea is a wealthy country and should pay more," said Mark Esper, '
        "the U.S. defense secretary."
    )
    assert found[0]["speaker"] == "Mark Esper"
    assert found[0]["speaker_title"] == "the U.S. defense secretary"


def test_statements_title_before_the_name():
    found = statements(
        "Foreign Minister Kang Kyung-wha said Seoul would pay a fair share of the costs."
    )
    assert found[0]["speaker"] == "Kang Kyung-wha"
    assert found[0]["kind"] == "paraphrase"


def test_statements_according_to_names_the_speaker():
    found = statements("The two sides narrowed their differences, according to Jeong Eun-bo.")
    assert found[0]["speaker"] == "Jeong Eun-bo"


def test_statements_unnamed_official_keeps_the_party_named():
    found = statements(
        "The talks are ongoing and will continue, a senior U.S. official said Thursday."
    )
    assert found[0]["speaker"] == "A senior U.S. official"
    assert found[0]["party"] == "United States"
    assert UNNAMED in found[0]["flags"]
    assert found[0]["date"] == "2020-04-02"


def test_statements_a_standalone_quote_continues_the_speaker():
    found = statements(
        '"We would prefer to meet face to face," Jeong said. '
        '"But the talks continue every single week."'
    )
    assert [s["speaker"] for s in found] == ["Jeong Eun-bo", "Jeong Eun-bo"]
    assert found[1]["quote"] == "But the talks continue every single week."


@pytest.mark.parametrize(
    "sentence",
    [
        'The union called it "an unthinkable and heartbreaking day for all of us".',
        "The talks resumed in Seoul on Tuesday.",
    ],
)
def test_statements_need_a_speaker(sentence):
    assert statements(sentence) == []


def test_statements_name_in_the_apposition_is_the_speaker():
    found = statements(
        "A member of the US delegation, Under Secretary Ted McKinney, told reporters that "
        "the team would return later on Wednesday."
    )
    assert found[0]["speaker"] == "Ted McKinney"
    assert found[0]["speaker_title"] == "A member of the US delegation"


def test_statements_according_to_at_the_start():
    found = statements("According to a diplomatic source, the two sides will resume talks soon.")
    assert found[0]["speaker"] == "A diplomatic source"
    assert found[0]["quote"] == "The two sides will resume talks soon"


def test_statements_the_official_is_the_speaker_just_quoted():
    found = statements(
        '"We believe there needs to be some additional realism," a senior US official said.',
        "The US official said the talks would resume in June.",
    )
    assert [s["speaker"] for s in found] == ["A senior US official", "A senior US official"]


def test_statements_a_quotation_inside_reported_speech_is_one_statement():
    found = statements(
        'Zahir Tanin says his country "does not recognize such a thing as the Emirate of the '
        'Taliban."'
    )
    assert [(s["speaker"], s["kind"]) for s in found] == [("Zahir Tanin", "quote")]
    assert found[0]["quote"].startswith('his country "does not recognize')


def test_statements_a_study_is_not_a_speaker():
    assert statements("A recent study said that 96 percent of voters oppose paying more.") == []


def test_statements_the_statement_said_is_the_speaker_just_named():
    found = statements(
        "The talks broke down, South Korea's Foreign Ministry said Tuesday.",
        "The statement said South Korea will pay a fair share at a reasonable level.",
    )
    assert [s["speaker"] for s in found] == ["South Korea's Foreign Ministry"] * 2


def test_statements_the_statement_said_without_a_speaker_before_is_not_a_statement():
    assert statements("The statement said South Korea will pay a fair share.") == []


def test_statements_reported_speech_in_the_last_clause_has_its_own_speaker():
    found = statements(
        'James DeHart said last week, "I think we will have a deal with Seoul soon," while '
        "Foreign Minister Kang Kyung-wha said the gap between the two sides was still wide."
    )
    assert [(s["kind"], s["speaker"]) for s in found] == [
        ("quote", "James DeHart"),
        ("paraphrase", "Kang Kyung-wha"),
    ]
    assert found[1]["quote"] == "the gap between the two sides was still wide"


def test_statements_and_inside_a_quoted_phrase_is_not_a_second_clause():
    found = statements(
        'Jeong Eun-bo said the talks would be "positive and constructive for both allies."'
    )
    assert len(found) == 1


def test_statements_officials_say_in_a_clause_after_but():
    found = statements(
        "Seoul raised its contribution by 8.2 percent last year -- but now, U.S. negotiators "
        "say they want even more."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("U.S. negotiators", "they want even more")
    ]


def test_statements_clause_without_a_subject_has_the_sentence_subject():
    found = statements(
        "The talks were led by the president's adviser James DeHart.",
        "DeHart will take up a new post in August but promised the talks with Seoul "
        '"remain my top single priority until they have concluded."',
    )
    assert [(s["kind"], s["speaker"]) for s in found] == [("quote", "James DeHart")]


def test_statements_clause_without_a_subject_after_an_attributed_sentence_is_not_added():
    found = statements("James DeHart said the talks went well and added that more work was needed.")
    assert [s["speaker"] for s in found] == ["James DeHart"]


def test_statements_he_is_the_person_named_last_even_when_not_yet_a_speaker():
    found = statements(
        "The United States expects flexibility, a U.S. official said Tuesday.",
        "The comment by Marc Knapper, a deputy assistant secretary, suggests more pressure.",
        '"Our leaders have spoken recently and we will keep talking," he said.',
    )
    assert [s["speaker"] for s in found] == ["A U.S. official", "Marc Knapper"]


def test_statements_opening_participle_phrase_before_the_speaker():
    found = statements(
        "Without citing any figures, James DeHart told reporters that Seoul's offer was too low."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("James DeHart", "Seoul's offer was too low")
    ]


def test_statements_news_agency_named_alone_reports():
    found = statements(
        "Under the deal, Seoul will pay roughly the same amount next year, according to Yonhap.",
        "Talks on the following years will resume in April, the report said.",
    )
    assert [(s["speaker"], s["kind"]) for s in found] == [
        ("Yonhap", "report"),
        ("Yonhap", "report"),
    ]


def test_statements_speaker_has_said():
    found = statements("Seoul has said the best it can do is a 13 percent increase.")
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("Seoul", "the best it can do is a 13 percent increase")
    ]


def test_statements_wrote_in_a_memoir_with_its_title():
    found = statements(
        "The president had demanded Seoul pay $5 billion a year, his former adviser John Bolton "
        'wrote in his memoir, "The Room Where It Happened," published in June.'
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("John Bolton", "The president had demanded Seoul pay $5 billion a year")
    ]


def test_statements_the_official_with_no_one_quoted_before_is_a_description():
    found = statements(
        "Kerry had warned he would not stay at the table forever.",
        '"We have no time limit in order to reach a good deal," the senior Iranian official said.',
        parties=[PartyRow("Iran"), PartyRow("United States")],
    )
    assert [(s["speaker"], s["party"]) for s in found] == [("The senior Iranian official", "Iran")]


def test_statements_the_official_of_another_party_is_not_the_speaker_before():
    found = statements(
        '"The talks must go on until a deal is reached," said James DeHart, the U.S. negotiator.',
        '"We cannot pay five times as much as now," the South Korean official said.',
    )
    assert [(s["speaker"], s["party"]) for s in found] == [
        ("James DeHart", "United States"),
        ("The South Korean official", "South Korea"),
    ]


def test_statements_party_from_the_title_given_elsewhere_in_the_story():
    found = statements(
        "The talks ended without a deal after U.S. negotiator James DeHart left early.",
        "DeHart said the allies remained far apart on the total cost.",
    )
    assert (found[0]["speaker"], found[0]["party"]) == ("James DeHart", "United States")


def test_statements_party_from_a_name_that_is_a_party_alias():
    found = statements("Donald Trump said South Korea should pay much more for the troops.")
    assert (found[0]["speaker"], found[0]["party"]) == ("Donald Trump", "United States")


def test_statements_title_portfolio_names_no_party():
    found = statements(
        "Marc Knapper, deputy assistant secretary of state for Korea, said the talks go on."
    )
    assert found[0]["speaker"] == "Marc Knapper"
    assert found[0]["party"] is None


def test_statements_unnamed_government_speaker_is_of_the_dateline_country():
    found = find_statements(
        split_sentences(
            [
                "A foreign ministry official said there was some progress in the talks.",
                "Officials from both sides said the gap remained wide on the total.",
            ]
        ),
        people=PeopleMatcher([]),
        parties=PartyMatcher(PARTIES),
        dates_of=partial(find_dates, published=DAY),
        story_date=PartialDate.parse(DAY),
        home_party="South Korea",
    )
    assert [(s["speaker"], s["party"]) for s in found] == [
        ("A foreign ministry official", "South Korea"),
        ("Officials from both sides", None),
    ]
    assert "party guessed" in found[0]["flags"]
    assert "party unknown" not in found[0]["flags"]


def test_statements_unnamed_speaker_has_no_party_without_a_dateline():
    found = statements("A foreign ministry official said there was some progress in the talks.")
    assert found[0]["party"] is None


def test_statements_the_ministry_is_the_ministry_just_quoted():
    found = statements(
        "According to the Foreign Ministry in Seoul on Friday, the next round will start soon.",
        "The ministry said the government will adhere to the principle of a fair share.",
    )
    assert [(s["speaker"], s["party"]) for s in found] == [
        ("The Foreign Ministry in Seoul", "South Korea"),
        ("The Foreign Ministry in Seoul", "South Korea"),
    ]


def test_statements_the_ministry_is_not_a_person_just_quoted():
    found = statements(
        "James DeHart, the U.S. negotiator, said the talks went well on the whole.",
        "The ministry said the government will adhere to the principle of a fair share.",
    )
    assert [s["speaker"] for s in found] == ["James DeHart", "The ministry"]


def test_statements_saying_after_the_subject_is_their_paraphrase():
    found = statements(
        "Secretary of State John Kerry warned he would not wait forever.",
        "After a long blame game, Kerry had offered a glimmer of hope, saying some "
        "outstanding issues had been resolved.",
    )
    assert [(s["speaker"], s["kind"], s["quote"]) for s in found][-1] == (
        "John Kerry",
        "paraphrase",
        "some outstanding issues had been resolved",
    )


def test_statements_saying_needs_a_speaker_as_subject():
    assert statements("Tensions rose in the region, saying nothing about the talks.") == []


def test_statements_later_clause_with_adverbs_has_the_described_subject():
    found = statements(
        "John Kerry, the U.S. secretary of state, said the talks would go on for days.",
        "But the top US diplomat emerged from fresh talks and almost immediately tweeted "
        "that things remained tough.",
    )
    assert [(s["speaker"], s["quote"]) for s in found][-1] == (
        "John Kerry",
        "things remained tough",
    )


def test_statements_one_of_his_advisers_has_the_party_of_the_person_before():
    found = statements(
        "But U.S. President Donald Trump has pressured allies to chip in more. John Bolton, one "
        "of his former national security advisers, said Trump wanted Seoul to pay more."
    )
    assert (found[-1]["speaker"], found[-1]["party"]) == ("John Bolton", "United States")


def test_statements_a_title_without_his_gives_no_party_of_the_person_before():
    found = statements(
        "But U.S. President Donald Trump has pressured allies to chip in more. John Bolton, a "
        "former national security adviser, said Trump wanted Seoul to pay more."
    )
    assert (found[-1]["speaker"], found[-1]["party"]) == ("John Bolton", None)


def test_statements_an_adverb_between_speaker_and_verb_is_not_the_speaker():
    found = statements(
        "James DeHart arrived on Monday.",
        "He continuously said the talks were going well.",
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("James DeHart", "the talks were going well")
    ]


def test_statements_as_he_said_in_a_later_clause_is_the_sentence_subject():
    found = statements(
        "James DeHart said the talks went well.",
        "But Trump pressed Seoul to pay more, as he said the alliance was one-sided.",
    )
    assert [(s["speaker"], s["party"], s["quote"]) for s in found][-1] == (
        "Trump",
        "United States",
        "the alliance was one-sided",
    )


def test_statements_a_title_before_the_subject_name_is_not_the_speaker():
    found = statements(
        "Top Pentagon spokesman John Kirby on Wednesday referred questions to the State "
        "Department but said the United States is grateful for the support."
    )
    assert [(s["speaker"], s["speaker_title"]) for s in found] == [
        ("John Kirby", "Top Pentagon spokesman")
    ]


def test_statements_speech_in_a_clause_after_after_is_reported():
    found = statements(
        "Purchases became a bone of contention after President Donald Trump said Seoul had not "
        "made good on its promises."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("Donald Trump", "Seoul had not made good on its promises")
    ]


def test_statements_an_institution_s_person_named_by_surname_is_that_person():
    found = statements(
        '"The meetings were constructive and we expect more talks," spokeswoman Stephanie '
        "Grisham said.",
        "The talks ended on Tuesday.",
        '"The Korean side confirmed its commitment to the alliance," the White House\'s Grisham '
        "said.",
    )
    assert [s["speaker"] for s in found] == ["Stephanie Grisham", "Stephanie Grisham"]


def test_statements_a_party_s_statement_speaks_for_that_party_s_last_speaker():
    parties = [PartyRow("China"), PartyRow("United States")]
    found = statements(
        '"Both sides had a candid and constructive exchange on trade," China\'s Commerce '
        "Ministry said.",
        '"The Chinese side confirmed its commitment to buy more," a White House official said.',
        "The Chinese statement said negotiators discussed more purchases of farm goods.",
        parties=parties,
    )
    assert (found[-1]["speaker"], found[-1]["party"]) == ("China's Commerce Ministry", "China")


def test_statements_the_daily_is_the_newspaper_just_quoted():
    found = statements(
        "According to the Wall Street Journal, the meetings were held behind closed doors.",
        "Business leaders hope for concessions toward a comprehensive deal, the financial daily "
        "said.",
    )
    assert [(s["speaker"], s["kind"]) for s in found] == [
        ("the Wall Street Journal", "report"),
        ("the Wall Street Journal", "report"),
    ]


def test_statements_has_said_after_the_clause_is_reported_speech():
    found = statements(
        "Seoul and Washington will begin talks later this year, Lt. Gen. Kevin Schneider, "
        "commander of U.S. Forces Japan, has said."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("Kevin Schneider", "Seoul and Washington will begin talks later this year")
    ]


def test_statements_a_later_clause_with_has_promised_has_the_sentence_subject():
    found = statements(
        "James DeHart will take up a new role in August, but has promised the talks will "
        "remain his top priority."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("James DeHart", "the talks will remain his top priority")
    ]


def test_statements_a_quotation_after_adding_is_the_same_speaker_s():
    found = statements(
        "James DeHart arrived on Monday.",
        'Meetings have been happening all day, DeHart said, adding: "We have a couple of '
        'different lines of discussion going on."',
    )
    assert [(s["speaker"], s["kind"]) for s in found] == [
        ("James DeHart", "paraphrase"),
        ("James DeHart", "quote"),
    ]


def test_statements_an_apposition_saying_when_is_not_a_title():
    found = statements(
        "U.S. President Donald Trump, on the eve of his meeting with the South Korean "
        "minister, said the talks were going very well."
    )
    assert (found[0]["speaker"], found[0]["party"]) == ("Donald Trump", "United States")


def test_statements_an_opening_phrase_is_not_the_speaker():
    found = statements(
        "On Korean government ships' repeated entry into the waters around the disputed islands "
        "in the East Sea over the last few months, "
        "James DeHart said that the presence is an unprecedented situation."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("James DeHart", "the presence is an unprecedented situation")
    ]


def test_statements_an_infinitive_after_the_verb_is_not_reported_speech():
    assert statements("James DeHart vowed to step up engagement with Seoul on a visit.") == []


def test_statements_a_day_of_the_month_after_the_verb_is_not_the_clause():
    found = statements(
        "The U.S. Department of State announced on the 16th (local time) that the talks began."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("The U.S. Department of State", "the talks began")
    ]


def test_statements_it_added_is_the_institution_just_quoted():
    found = statements(
        '"The two governments held preliminary consultations on support," the State '
        "Department said.",
        'It added, "The chief representatives shared their views on the alliance."',
    )
    assert [s["speaker"] for s in found] == ["The State Department", "The State Department"]


def test_statements_revealed_in_his_memoir_is_reported_speech():
    found = statements(
        "John Bolton revealed in his memoir that Trump demanded an increase to $8 billion."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("John Bolton", "Trump demanded an increase to $8 billion")
    ]


def test_statements_a_speaker_after_reported_at_the_end_is_the_medium():
    found = statements("Further talks are set to continue on Friday, reported the Korea Herald.")
    assert [(s["speaker"], s["kind"]) for s in found] == [("the Korea Herald", "report")]


def test_statements_said_before_the_speaker_at_the_end_of_the_sentence():
    found = statements(
        "Seoul and Washington are making progress in the talks, said top diplomats of the two "
        "countries here on Wednesday, one day after the deadline."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        (
            "Top diplomats of the two countries",
            "Seoul and Washington are making progress in the talks",
        )
    ]


def test_statements_they_say_in_commas_is_the_group_just_quoted():
    found = statements(
        "But South Korean officials are showing frustration, saying they are wasting time.",
        "The 2019 deal that was to be replaced, they say, will soon be an empty shell.",
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("South Korean officials", "they are wasting time"),
        (
            "South Korean officials",
            "The 2019 deal that was to be replaced will soon be an empty shell",
        ),
    ]


def test_statements_adding_after_a_quotation_is_more_reported_speech():
    found = statements(
        "James DeHart spoke on Monday.",
        '"We have made real and substantial progress in these talks," he said, adding there '
        "were still some significant points of disagreement.",
    )
    assert [(s["kind"], s["quote"]) for s in found] == [
        ("quote", "We have made real and substantial progress in these talks"),
        ("paraphrase", "there were still some significant points of disagreement"),
    ]


def test_statements_said_then_a_titled_speaker_with_abbreviations_ends_before_after():
    found = statements(
        '"We have some very difficult issues, but we are making progress," said U.S. '
        "negotiator James DeHart after a meeting with Jeong Eun-bo in Seoul."
    )
    assert (found[0]["speaker"], found[0]["party"]) == ("James DeHart", "United States")


def test_statements_earlier_on_a_day_opens_the_sentence_before_the_speaker():
    found = statements(
        "Jeong Eun-bo met reporters.",
        'Earlier on Wednesday, Jeong also told reporters: "We have made progress and we will '
        'make progress."',
    )
    assert [(s["speaker"], s["kind"]) for s in found] == [("Jeong Eun-bo", "quote")]


def test_statements_saying_in_a_later_clause_has_its_titled_subject():
    found = statements(
        "Most delegates refused to comment while Chief negotiator James DeHart refused to "
        "speak saying he was heading out for dinner."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("James DeHart", "he was heading out for dinner")
    ]


def test_statements_a_passive_verb_is_not_speech():
    found = statements(
        "Further negotiations are slated to be continued on the next day, reported the Korea "
        "Herald."
    )
    assert [s["quote"] for s in found] == [
        "Further negotiations are slated to be continued on the next day"
    ]


@pytest.mark.parametrize("who", ["Sources", "Officials"])
def test_statements_a_plural_noun_alone_is_an_unnamed_speaker_not_a_surname(who):
    found = statements(f"{who} said the two sides may come up with a package deal.")
    assert [(s["speaker"], s["quote"]) for s in found] == [
        (who, "the two sides may come up with a package deal")
    ]


def test_statements_lawmakers_are_speakers():
    found = statements("South Korean lawmakers have said the U.S. is seeking $5 billion a year.")
    assert [(s["speaker"], s["party"]) for s in found] == [
        ("South Korean lawmakers", "South Korea")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "While neither country has confirmed the figures, Jeong Eun-bo said the gap is wide.",
        "If no deal is reached by March 2, Jeong Eun-bo has said the gap is wide.",
        "But while saying he was disappointed, Jeong Eun-bo insisted that the gap is wide.",
    ],
)
def test_statements_opening_subordinate_clauses_before_the_speaker(text):
    found = statements(text)
    assert [(s["speaker"], s["quote"]) for s in found] == [("Jeong Eun-bo", "the gap is wide")]


def test_statements_he_after_one_unnamed_official_is_that_official():
    found = statements(
        "Jeong Eun-bo said the talks went on.",
        '"The demands of the world powers are unreasonable," a senior U.S. official said.',
        '"Their demands exceeded those based on logical concerns," he said.',
    )
    assert [s["speaker"] for s in found] == [
        "Jeong Eun-bo",
        "A senior U.S. official",
        "A senior U.S. official",
    ]


def test_statements_honorific_and_surname_is_the_person_named_before():
    found = statements(
        "Foreign Ministry spokesman Lu Kang met reporters on Wednesday.",
        'Asked about the talks, Mr Lu said: "I can only say that both sides were serious."',
    )
    assert [s["speaker"] for s in found] == ["Lu Kang"]


def test_statements_described_as_with_the_speaker_speaking_to_reporters():
    found = statements(
        "A senior U.S. official speaking to reporters in Washington described the talks as "
        "having been detailed and dynamic."
    )
    assert [(s["speaker"], s["quote"]) for s in found] == [
        ("A senior U.S. official", "the talks as having been detailed and dynamic")
    ]
