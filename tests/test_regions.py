import pytest
from hypothesis import given, strategies as st

from pipeline.regions import region_from_org, resolve_region


@pytest.mark.parametrize(
    "mention, name, code",
    [
        ("Provinsi Gorontalo", "Gorontalo", "75"),
        ("provinsi gorontalo", "Gorontalo", "75"),
        ("Kabupaten Bone Bolango", "Bone Bolango", "75.03"),
        ("Kota Gorontalo", "Gorontalo", "75.71"),
        ("Kab. Bogor", "Bogor", "32.01"),
        ("Kota Bogor", "Bogor", "32.71"),
        ("Sulteng", "Sulawesi Tengah", "72"),
        ("Jatim", "Jawa Timur", "35"),
        ("DIY", "Daerah Istimewa Yogyakarta", "34"),
        ("Babel", "Kepulauan Bangka Belitung", "19"),
        ("Kepri", "Kepulauan Riau", "21"),
        ("NTB", "Nusa Tenggara Barat", "52"),
        ("Kalbar", "Kalimantan Barat", "61"),
        ("Palu", "Palu", "72.71"),
        ("Indonesia", "Indonesia", "ID"),
        ("Sulawesi Maluku", "Sulawesi Maluku", None),
        ("Sulawesi-Maluku", "Sulawesi Maluku", None),
    ],
)
def test_resolve_region(mention, name, code):
    ref = resolve_region(mention)
    assert ref is not None and (ref.name, ref.code) == (name, code)


def test_bare_name_province_first_then_document_preference():
    assert resolve_region("Jambi").code == "15"
    kota = resolve_region("Kota Jambi")
    assert resolve_region("Jambi", prefer={"jambi": kota}).code == kota.code


def test_government_bodies():
    assert region_from_org("Pemprov Gorontalo").code == "75"
    assert region_from_org("Pemkab Bone Bolango").code == "75.03"
    assert region_from_org("Pemkot Palu").code == "72.71"
    assert region_from_org("BPJS Ketenagakerjaan") is None


def test_unknown_region():
    assert resolve_region("Atlantis") is None
    assert resolve_region("Kabupaten Atlantis") is None


@given(st.text())
def test_resolve_never_raises(text):
    resolve_region(text)
    region_from_org(text)
