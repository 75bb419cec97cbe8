import pytest

from tracker.interchange import InterchangeError, load_document


@pytest.mark.parametrize("data", [b"tracker,date\n1,2", b"  hello", b"PK\x03\x04", "<html>"])
def test_load_document_says_another_kind_of_file_is_not_json(data):
    with pytest.raises(InterchangeError) as caught:
        load_document(data)

    assert [str(problem) for problem in caught.value.problems] == [
        '$: this is not a JSON document: an interchange document is JSON starting with "{"'
    ]


def test_load_document_broken_json_still_names_line_and_column():
    with pytest.raises(InterchangeError) as caught:
        load_document(b'{\n "format": tru}')

    assert "not valid JSON at line 2, column" in str(caught.value.problems[0])
