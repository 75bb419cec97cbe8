from tracker.extract.sentences import looks_english, split_paragraph, split_sentences


def test_sentences_do_not_split_after_abbreviations_or_initials():
    text = "R. Clarke Cooper of the U.S. State Department spoke. Gen. Robert B. Abrams agreed."
    assert split_paragraph(text) == [
        "R. Clarke Cooper of the U.S. State Department spoke.",
        "Gen. Robert B. Abrams agreed.",
    ]


def test_sentences_keep_a_quotation_whole_with_its_attribution():
    text = '"We would prefer face to face. They never ended," he said. "The intent is clear."'
    assert split_paragraph(text) == [
        '"We would prefer face to face. They never ended," he said.',
        '"The intent is clear."',
    ]


def test_sentences_are_numbered_by_paragraph():
    sentences = split_sentences(["One here. Two here.", "Three here."])
    assert [(s.paragraph, s.index) for s in sentences] == [(0, 0), (0, 1), (1, 2)]


def test_sentences_english_is_recognised():
    assert looks_english(split_sentences(["The talks are ongoing and the two sides met."]))
    assert not looks_english(split_sentences(["방위비 분담금 협상이 계속되고 있다."]))
    assert not looks_english(split_sentences(["1234 5678 ---- ////"]))
