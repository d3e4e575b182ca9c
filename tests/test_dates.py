import pytest
from hypothesis import given, strategies as st

from pipeline.dates import as_period, month_key, parse_date


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        ("Selasa (3/9/2024)", None, {"as_of": "2024-09-03"}),
        ("Kamis, (30/11/2023)", None, {"as_of": "2023-11-30"}),
        ("(21/3/24)", None, {"as_of": "2024-03-21"}),
        ("Senin (5/9)", "2024-09-06", {"as_of": "2024-09-05"}),
        ("Senin (5/9)", None, None),
        ("30 Agustus 2024", None, {"as_of": "2024-08-30"}),
        ("tahun 2024", None, {"as_of": "2024"}),
        ("Oktober 2023", None, {"as_of": "2023-10"}),
        ("akhir 2024", None, {"as_of": "2024-12"}),
        ("Januari-November 2023", None, {"start": "2023-01", "end": "2023-11"}),
        ("Januari - Juni 2024", None, {"start": "2024-01", "end": "2024-06"}),
        ("semester I 2024", None, {"start": "2024-01", "end": "2024-06"}),
        ("triwulan III 2023", None, {"start": "2023-07", "end": "2023-09"}),
        ("Jumat", "2024-09-15", {"as_of": "2024-09-13"}),
        ("Minggu, 15 September 2024", None, {"as_of": "2024-09-15"}),
        ("31/2/2024", None, None),
    ],
)
def test_parse_date(text, reference, expected):
    assert parse_date(text, reference) == expected


def test_period_and_month_key():
    assert as_period({"as_of": "2021"}) == {"start": "2021", "end": "2021"}
    assert month_key({"start": "2023-01", "end": "2023-11"}) == "2023-11"
    assert month_key({"as_of": "2024-09-03"}) == "2024-09"
    assert month_key(None) is None


@given(st.text(), st.one_of(st.none(), st.text(), st.dates().map(str)))
def test_parse_date_never_raises(text, reference):
    result = parse_date(text, reference)
    assert result is None or set(result) <= {"as_of", "start", "end"}
