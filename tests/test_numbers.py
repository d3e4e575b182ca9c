import pytest
from hypothesis import given, strategies as st

from pipeline.numbers import count_value, digits_value, parse_quantity, parse_rank, words_value


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("254.675", 254675, "count"),
        ("1,3 juta", 1_300_000, "count"),
        ("72,4 ribu", 72_400, "count"),
        ("Rp9,7 miliar", 9_700_000_000, "IDR"),
        ("Rp 1,2 triliun", 1_200_000_000_000, "IDR"),
        ("Rp 299,92 milyar", 299_920_000_000, "IDR"),
        ("Rp2, 135 triliun", 2_135_000_000_000, "IDR"),
        ("Rp486.24 miliar", 486_240_000_000, "IDR"),
        ("Rp1.217 miliar", 1_217_000_000_000, "IDR"),
        ("Rp3.061 triliun", 3_061_000_000_000_000, "IDR"),
        ("1.250 juta", 1_250_000_000, "count"),
        ("Rp 14.305.000.000,-", 14_305_000_000, "IDR"),
        ("Rp. 27.845.120.500,-", 27_845_120_500, "IDR"),
        ("Rp 1.500.000,00", 1_500_000, "IDR"),
        ("19,38%", 19.38, "percent"),
        ("54,61 persen", 54.61, "percent"),
        ("44,23 %", 44.23, "percent"),
        ("dua ribu", 2000, "count"),
        ("seratus dua puluh lima", 125, "count"),
        ("peringkat ke enam", 6, "rank"),
        ("peringkat kedua", 2, "rank"),
        ("Peringkat Ke-2", 2, "rank"),
        ("urutan ketiga", 3, "rank"),
        ("ke-9", 9, "rank"),
    ],
)
def test_parse_quantity(text, value, unit):
    quantity = parse_quantity(text)
    assert quantity is not None
    assert quantity.unit == unit
    assert quantity.value == pytest.approx(value)


def test_english_thousands_separator_reads_as_whole_count():
    quantity = parse_quantity("27,703")
    assert quantity.value == pytest.approx(27.703)
    assert count_value(quantity) == 27703


def test_indonesian_and_english_mixed_separators():
    assert digits_value("1.234,5") == (1234.5, None)
    assert digits_value("1,234.5") == (1234.5, None)
    assert digits_value("1.234.567")[0] == 1234567


@pytest.mark.parametrize("text", ["", "   ", "persen", "Rp", "abc", "12 kucing", "peringkat"])
def test_not_quantities(text):
    assert parse_quantity(text) is None


def test_words_value_rejects_non_numbers():
    assert words_value(["dua", "kucing"]) is None
    assert words_value([]) is None
    assert parse_rank("peringkat") is None


@given(st.text())
def test_parse_quantity_never_raises(text):
    result = parse_quantity(text)
    assert result is None or result.unit in ("IDR", "percent", "rank", "count")


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_round_trip(number):
    written = f"{number:,}".replace(",", ".")
    assert parse_quantity(written).value == number
