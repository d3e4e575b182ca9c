"""EntityRuler patterns and the context rules, on spaCy's tokenizer (no model needed)."""

import pytest

from pipeline.rules import all_patterns, bare_name_variants, phrase_variants


def spans(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_pattern_families_are_generated_from_data():
    patterns = all_patterns()
    labels = {p["label"] for p in patterns}
    assert labels == {"ORG", "REGION", "METRIC", "DATE"}
    assert sum(p["label"] == "REGION" for p in patterns) > 2000  # 552 regions x prefixes and variants
    assert bare_name_variants("Pangkal Pinang") == [
        "PANGKAL PINANG",
        "PANGKALPINANG",
        "Pangkal Pinang",
        "Pangkalpinang",
    ]
    assert list(phrase_variants("Kab. Bogor", "LOWER")) == [
        [{"LOWER": "kab."}, {"LOWER": "bogor"}],
        [{"LOWER": "kab"}, {"LOWER": "."}, {"LOWER": "bogor"}],
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Pemprov Gorontalo mendukung BPJS Ketenagakerjaan.",
            [("Pemprov Gorontalo", "ORG"), ("BPJS Ketenagakerjaan", "ORG")],
        ),
        ("Pemerintah Kabupaten Bone Bolango hadir.", [("Pemerintah Kabupaten Bone Bolango", "ORG")]),
        (
            "Warga Kabupaten Bone Bolango dan Kota Gorontalo.",
            [("Kabupaten Bone Bolango", "REGION"), ("Kota Gorontalo", "REGION")],
        ),
        ("Peserta di Sulteng dan Jatim bertambah.", [("Sulteng", "REGION"), ("Jatim", "REGION")]),
        (
            "Klaim senilai Rp9,7 miliar dan 54,61 persen peserta.",
            [("Rp9,7 miliar", "METRIC"), ("54,61 persen", "METRIC")],
        ),
        ("Provinsi itu menduduki peringkat kedua.", [("peringkat kedua", "METRIC")]),
        ("Ada dua ribu nelayan.", [("dua ribu", "METRIC")]),
        (
            "Hingga 30 Agustus 2024 dan Januari-November 2023.",
            [("30 Agustus 2024", "DATE"), ("Januari-November 2023", "DATE")],
        ),
        ("Sepanjang tahun 2024 klaim naik.", [("tahun 2024", "DATE")]),
        ("Cakupan naik dari 38 persen tahun lalu.", [("38 persen", "METRIC")]),
    ],
)
def test_spans(blank_nlp, text, expected):
    assert spans(blank_nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sesuai Inpres Nomor 2 tahun 2021 tentang optimalisasi.",
        "Penganugerahan Paritrana Award 2023 digelar meriah.",
        "Hubungi 081234567890 untuk informasi.",
        "Masa kerja minimal 12 bulan.",
        "COPYRIGHT © ANTARA News Gorontalo 2023",
    ],
)
def test_no_metric_or_date_in_names_laws_phones_durations(blank_nlp, text):
    assert [s for s in spans(blank_nlp, text) if s[1] in ("METRIC", "DATE", "REGION")] == []


def test_region_inside_a_name_is_no_region(blank_nlp):
    assert ("Indonesia", "REGION") not in spans(blank_nlp, "Mereka pekerja migran Indonesia (PMI).")
    assert ("Indonesia", "REGION") in spans(blank_nlp, "Tersebar di seluruh Indonesia.")


def test_officials_and_short_references(blank_nlp):
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Jambi Seto Tjahjono mengatakan peserta naik. "
        "Seto menegaskan komitmen itu, kata Pak Rudy.\nEditor: Dina Maharani"
    )
    found = [s for s in spans(blank_nlp, text) if s[1] == "OFFICIAL"]
    assert found == [
        ("Seto Tjahjono", "OFFICIAL"),
        ("Seto", "OFFICIAL"),
        ("Rudy", "OFFICIAL"),
        ("Dina Maharani", "OFFICIAL"),
    ]


def test_a_name_introduced_without_person_context_is_whole_when_its_short_form_is_quoted(blank_nlp):
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Sampit, Yudhi Prasetya Nugraha, mengapresiasi langkah itu. "
        '"Kami dukung," kata Yudhi.'
    )
    found = [s for s in spans(blank_nlp, text) if s[1] == "OFFICIAL"]
    assert ("Yudhi Prasetya Nugraha", "OFFICIAL") in found
    assert found.count(("Yudhi", "OFFICIAL")) == 1  # the quote's, not a piece of the full name


@pytest.mark.parametrize("verb", ["merinci", "menyebut", "membeberkan"])
def test_statement_verbs_after_a_name_mark_a_person(blank_nlp, verb):
    assert ("Maruli Pasaribu", "OFFICIAL") in spans(blank_nlp, f"Kemudian Maruli Pasaribu {verb}, klaim naik.")


def test_an_office_place_before_a_name_and_a_degree_after_it_are_not_the_name(blank_nlp):
    found = spans(blank_nlp, "Kepala BPJS Ketenagakerjaan Cabang Luwuk Stevanus Rompas SE mengatakan klaim naik.")
    assert [s for s in found if s[1] == "OFFICIAL"] == [("Stevanus Rompas", "OFFICIAL")]


def test_a_word_right_after_an_office_is_its_place_not_a_person(blank_nlp):
    found = spans(blank_nlp, "KCP BPJS Ketenagakerjaan Serui mencatat klaim naik. Frits Karubaba mengatakan hal itu.")
    assert [s for s in found if s[1] == "OFFICIAL"] == [("Frits Karubaba", "OFFICIAL")]


def test_a_common_word_inside_a_name_before_a_name_word_continues_it(blank_nlp):
    assert ("Maruli Tua Pasaribu", "OFFICIAL") in spans(blank_nlp, "Maruli Tua Pasaribu merinci, klaim naik.")


def test_lexical_flags_match_what_the_regex_and_set_predicates_match():
    import spacy
    from spacy.matcher import Matcher

    from pipeline.rules import date_patterns, metric_patterns, with_lexical_flags

    text = (
        "Senin (5/9/2024) klaim Rp2, 135 triliun untuk 27,703 kasus, 19,38% dan dua ribu peserta; "
        "peringkat ke-9 pada Januari-November 2023, akhir tahun 2024, Rp486.24 miliar, 1,3 juta, tahun 2021."
    )
    nlp = spacy.blank("id")
    patterns = metric_patterns() + date_patterns()
    plain, flagged = Matcher(nlp.vocab), Matcher(nlp.vocab, validate=False)  # flags are int keys
    for number, entry in enumerate(patterns):
        plain.add(str(number), [entry["pattern"]])
    for number, entry in enumerate(with_lexical_flags(patterns, nlp.vocab)):
        flagged.add(str(number), [entry["pattern"]])
        assert not any(isinstance(value, dict) for spec in entry["pattern"] for value in spec.values())
    doc = nlp(text)
    assert sorted(flagged(doc)) == sorted(plain(doc)) and len(plain(doc)) > 15
