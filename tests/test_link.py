"""End to end from raw text to facts, on spaCy's tokenizer (rules and linker need no model)."""

import pytest

from pipeline.link import link
from conftest import needs_stanza


def facts_of(nlp, text, meta=None):
    return link(nlp(text), meta or {})


def by_type(facts):
    return {(f["type"], f["value"]) for f in facts}


def test_participants_workforce_and_coverage_with_official(blank_nlp):
    text = (
        "Jambi (ANTARA) - Sebanyak 568.373 tenaga kerja dari 1,3 juta pekerja yang berpotensi menjadi "
        "peserta BPJS Ketenagakerjaan di Provinsi Jambi sudah terlindungi.\n"
        '"Itu mencakup 43,31 persen dari total tenaga kerja di Jambi," kata Kepala BPJS Ketenagakerjaan '
        "Cabang Jambi Seto Tjahjono di Jambi, Jumat."
    )
    facts = facts_of(blank_nlp, text, {"published": "2024-09-15"})
    assert by_type(facts) == {("participants", 568373), ("workforce", 1300000), ("coverage_rate", 43.31)}
    for fact in facts:
        assert fact["region"] == {"name": "Jambi", "code": "15"}
        assert fact["date"] == {"as_of": "2024-09-13"}
        if fact["type"] == "coverage_rate":  # the quote; the lead before it is nobody's statement
            assert fact["official"] == {"name": "Seto Tjahjono", "role": "Kepala BPJS Ketenagakerjaan Cabang Jambi"}
        else:
            assert fact["official"] is None
        assert text[fact["evidence"]["start"] : fact["evidence"]["end"]] in ("568.373", "1,3 juta", "43,31 persen")


def test_segments_programs_and_periods(blank_nlp):
    text = (
        "Sepanjang tahun 2024 total kasus di Provinsi Gorontalo mencapai 7.932 kasus. "
        "Terdiri dari 190 kasus kecelakaan kerja, 1.200 jaminan kematian dan 106 kasus kehilangan pekerjaan.\n"
        "Peserta terdiri dari 314.034 orang pekerja penerima upah (PU), 128.993 pekerja bukan penerima upah (BPU)."
    )
    facts = {f["value"]: f for f in facts_of(blank_nlp, text)}
    assert facts[7932]["program"] == "TOTAL" and facts[190]["program"] == "JKK"
    assert facts[1200]["program"] == "JKM" and facts[106]["program"] == "JKP"
    assert facts[190]["date"] == {"start": "2024", "end": "2024"}
    assert facts[314034]["segment"] == "PU" and facts[128993]["segment"] == "BPU"


def test_distractors_are_not_facts(blank_nlp):
    text = (
        "Iuran peserta BPU hanya Rp16.800 per bulan. Hubungi 08123456789. Sesuai Inpres Nomor 2 tahun 2021, "
        "sebanyak 45 persen pekerja di Kota Palu belum terlindungi. Ada 13 kabupaten/kota di Sulteng."
    )
    assert facts_of(blank_nlp, text) == []


def test_repeated_figure_is_one_fact(blank_nlp):
    text = (
        "Sebanyak 568.373 tenaga kerja di Provinsi Jambi terdaftar sebagai peserta.\n"
        "568 ribu tenaga kerja di Jambi terlindungi jamsostek"
    )
    facts = facts_of(blank_nlp, text)
    assert [(f["type"], f["value"]) for f in facts] == [("participants", 568373)]


def test_rank_with_out_of(blank_nlp):
    text = "Provinsi Gorontalo kini menduduki peringkat ke enam, dari 38 provinsi yang tersebar di seluruh Indonesia."
    facts = facts_of(blank_nlp, text)
    assert len(facts) == 1
    assert facts[0]["type"] == "rank" and facts[0]["value"] == 6 and facts[0]["out_of"] == 38
    assert facts[0]["region"]["code"] == "75" and facts[0]["scope"] == "nasional"


def test_lead_is_unattributed_and_later_paragraphs_continue_the_speaker(blank_nlp):
    text = (
        "BPJS Ketenagakerjaan mencatat 1.200 pekerja di Kota Palu terdaftar sebagai peserta.\n"
        '"Kami terus berupaya," kata Kepala BPJS Ketenagakerjaan Cabang Palu Andi Rijal.\n'
        "Ia menambahkan, sebanyak 300 pekerja rentan di Kota Palu sudah terlindungi."
    )
    officials = {f["value"]: (f["official"] or {}).get("name") for f in facts_of(blank_nlp, text)}
    assert officials == {1200: None, 300: "Andi Rijal"}


def test_breakdown_and_claims_carry_the_written_date(blank_nlp):
    text = (
        "Sepanjang Januari-November 2023, BPJS Ketenagakerjaan di Provinsi Riau membayarkan klaim "
        "sebesar Rp486,2 miliar.\n"
        '"Klaim JHT sebanyak 38.641 kasus," kata Kepala Cabang Sarifah Lubis di Pekanbaru, Rabu (13/12/2023).\n'
        "Per Oktober 2023 peserta aktif di Provinsi Riau tercatat 1.018.552 orang. Dari jumlah itu, "
        "96.430 peserta bekerja di sektor perkebunan.\n"
        "Sementara itu 5.120 peserta baru di Provinsi Riau terdaftar pekan ini."
    )
    dates = {f["value"]: f["date"] for f in facts_of(blank_nlp, text, {"published": "2023-12-14"})}
    assert dates[486_200_000_000] == {"start": "2023-01", "end": "2023-11"}
    assert dates[38641] == {"start": "2023-01", "end": "2023-11"}
    assert dates[96430] == {"as_of": "2023-10"}
    assert dates[5120] == {"as_of": "2023-12-13"}


def test_place_of_the_figure_beats_the_reporting_office_and_respective_lists(blank_nlp):
    text = (
        "BPJS Ketenagakerjaan Cabang Jayapura mencatat peserta aktif di Provinsi Papua sebanyak 143.627 orang.\n"
        "Kabupaten Kampar dan Kabupaten Siak mencatat peserta terbanyak dengan masing-masing 96.430 dan 71.288 peserta."
    )
    regions = {f["value"]: f["region"]["name"] for f in facts_of(blank_nlp, text)}
    assert regions == {143627: "Papua", 96430: "Kampar", 71288: "Siak"}


# text -> the region code of each figure (the name of an office area, which has none)
REGION_CASES = {
    "a ranked place owns its figures, not the group it is ranked in": (
        "Kota Kupang menempati peringkat pertama dari 22 kabupaten/kota di NTT dengan cakupan 38,6 persen "
        "atau 71.540 peserta.",
        {38.6: "53.71", 71540: "53.71"},
    ),
    "an office area is not one of its member provinces": (
        "Kanwil Sumbagsel membawahi Sumsel, Bengkulu dan Lampung dengan total 3,18 juta peserta aktif.",
        {3180000: "Sumatera Bagian Selatan"},  # an office area: a name, no Kemendagri code
    ),
    "kabupatennya is the regency of the name just mentioned": (
        "Kabupaten Tasikmalaya baru 14,9 persen. Untuk Sukabumi juga begitu. Kotanya 58.917 peserta, "
        "kabupatennya 186.204 peserta.",
        {186204: "32.02", 58917: "32.72"},
    ),
    "a national average stays national after regional figures": (
        "Per Oktober 2023 cakupan di Papua Barat Daya baru 23,8 persen. "
        "Sementara itu, cakupan kepesertaan nasional pada periode yang sama tercatat 42,3 persen.",
        {23.8: "96", 42.3: "ID"},
    ),
    "a city referred to after the figure, or by a bare level": (
        "Kota Pekanbaru menempati peringkat pertama dari 12 kabupaten/kota di Riau. "
        "Hingga November 2023, 312.805 pekerja di kota itu telah terlindungi.\n\n"
        "Kota Bima cakupannya lebih tinggi, sudah 33,5 persen. Kabupaten baru 15,2 persen.",
        {312805: "14.71", 33.5: "52.72", 15.2: "52.06"},
    ),
    "a branch named only in its head's role gives figures of the regency the story is about": (
        "Nelayan di Kabupaten Demak kini terlindungi. Pemkab Demak menanggung iuran mereka.\n\n"
        "Kepala BPJS Ketenagakerjaan Cabang Semarang Majapahit, Sri Wahyuni, mengatakan "
        "santunan JKM dibayarkan untuk 94 kasus. Di Demak, peserta aktif tercatat 146.382 orang.\n\n"
        "Sementara itu, Cabang Semarang Majapahit membayarkan klaim JKK untuk 131 kasus.",
        {94: "33.21", 146382: "33.21", 131: "33.74"},
    ),
    "a sub-branch's claims paid to people in the regency named after the figure": (
        "Sepanjang 2024, BPJS Ketenagakerjaan Kantor Cabang Pembantu (KCP) Slawi telah membayarkan klaim "
        "senilai Rp186,24 miliar kepada peserta dan ahli waris di Kabupaten Tegal.",
        {186240000000: "33.28"},
    ),
    "a head-office director's figure and a lead that only names Indonesia after it are national": (
        "Jakarta - Jumlah peserta aktif BPJS Ketenagakerjaan hingga akhir Desember 2024 mencapai 44,87 juta orang. "
        "Angka ini setara 30,9 persen dari 145,2 juta penduduk bekerja di Indonesia.\n\n"
        "Direktur Utama BPJS Ketenagakerjaan, Ridwan Fachrudin, mengatakan sepanjang 2024 pihaknya membayarkan "
        "manfaat sebesar Rp 62,85 triliun.\n\n"
        "Di Papua Pegunungan cakupannya baru 6,2 persen.",
        {44870000: "ID", 62850000000000: "ID", 6.2: "95"},
    ),
    "a rank taken by the place after it, or opening a list line": (
        "Cakupan Sulteng per Oktober 2023 (dari 13 kabupaten/kota):\n"
        "Peringkat 5 Poso: 29,4%\nPeringkat 9 Tolitoli: 21,15%\n\n"
        "Pada kategori kabupaten/kota, peringkat pertama diraih Kota Palembang.",
        {5: "72.02", 9: "72.04", 1: "16.71"},
    ),
    "a place that is the largest in its province keeps its own figure": (
        "Jakarta Pusat tetap menjadi wilayah dengan peserta terbanyak di DKI, yakni 1.126.300 orang.",
        {1126300: "31.71"},
    ),
    "a governor's own target is the province's, a branch head's is not his office town's": (
        "Gubernur Bengkulu Ahmad Rozali menyerahkan kartu peserta di Kabupaten Mukomuko. "
        "\"Target kita cakupan 45 persen di 2025,\" kata Rozali.\n\n"
        "Kepala BPJS Ketenagakerjaan Cabang Bengkulu, Dedi Kurnia, mengatakan cakupan Mukomuko baru 21,4 persen. "
        "\"Kami menargetkan cakupan 30 persen,\" ujar Dedi.",
        {45: "17", 21.4: "17.06", 30: "17.06"},
    ),
    "a nationwide sentence after regional claims is national, not carried": (
        "Di Kabupaten Bekasi, klaim JKP dibayarkan kepada 4.128 penerima. "
        "Berdasarkan data BPJS Ketenagakerjaan, secara nasional manfaat JKP pada semester I 2024 dibayarkan "
        "kepada 30.417 penerima dengan nilai Rp156,4 miliar.",
        {4128: "32.16", 30417: "ID", 156400000000: "ID"},
    ),
    "labelled lines after 'antara lain' take the place of the line introducing them": (
        "Peserta aktif di Kota Blitar sebanyak 21.908 orang.\n\n"
        "Meski cakupan rendah, klaim di Kabupaten Blitar cukup besar. Klaim yang dibayarkan antara lain\n"
        "JHT : 3.215 kasus - Rp 38,7 miliar\nJKK : 246 kasus - Rp 2,1 miliar",
        {21908: "35.72", 3215: "35.05", 246: "35.05", 38700000000: "35.05"},
    ),
    "more than a figure is a qualifier, not 'out of'": (
        "Cakupan Kabupaten Kebumen baru 22,7 persen, dengan peserta aktif lebih dari 131 ribu orang.",
        {131000: "33.05"},
    ),
    "a branch's own list of claims after the regencies it serves keeps the branch": (
        "Kantor Cabang Palopo melayani empat daerah, yakni Kota Palopo, Kabupaten Luwu, Luwu Utara dan Luwu Timur. "
        "Sepanjang Januari-Juli 2024, kantor yang dipimpinnya membayarkan klaim dengan rincian sebagai berikut:\n\n"
        "• Jaminan Hari Tua (JHT): 2.874 kasus, Rp 61,92 miliar\n"
        "• Jaminan Kematian (JKM): 197 kasus, Rp 8,3 miliar",
        {2874: "73.73", 197: "73.73"},
    ),
    "Tolitoli, Sitaro and Tala are regencies": (
        "Tolitoli 19,2 persen, Sitaro 14,8 persen. Di Tala, peserta aktif 52.318 orang.",
        {19.2: "72.04", 14.8: "71.09", 52318: "63.01"},
    ),
    "a regent's title names the regency, a mayor's the city": (
        "Cakupan di Kota Solok sudah 51,2 persen. Bupati Solok Herman Syafri menyebut pemkab sudah "
        "mendaftarkan 1.480 perangkat nagari. Wali Kota Jambi mencatat 84.120 peserta di kotanya.",
        {51.2: "13.72", 1480: "13.02", 84120: "15.71"},
    ),
    "every member of a listed office area, the last one too": (
        "Kantor Cabang Bandar Lampung mencatat peserta di wilayah kerjanya yang meliputi Kota Bandar Lampung, "
        "Kabupaten Lampung Selatan dan Kabupaten Pesawaran sebanyak 318.742 orang.",
        {318742: "18.71"},
    ),
    "the office's area, not the meeting's place": (
        "Deputi Direktur Kanwil Sulawesi Maluku Hendra Tumbelaka yang hadir dalam rapat di Mamuju menyebut "
        "rata-rata cakupan di wilayahnya 36,9 persen. Kabupaten Keerom yang juga masuk wilayah kerja "
        "cabangnya mencatat 9.847 peserta.",
        {36.9: "Sulawesi Maluku", 9847: "91.11"},
    ),
    "a breakdown of a total told by the branch head keeps the total's region": (
        "Peserta aktif di Sulawesi Tenggara mencapai 412.386 orang. Kepala BPJS Ketenagakerjaan Cabang "
        "Kendari La Ode Syarif, Selasa (3/9/2024), mengatakan dari jumlah itu sebanyak 268.150 orang "
        "merupakan pekerja penerima upah.",
        {412386: "74", 268150: "74"},
    ),
    "a national sentence, the branch's own office, the official's own region": (
        "Kepala BPJS Ketenagakerjaan Cabang Tasikmalaya Dede Kurnia mengatakan cakupan di Jawa Barat 31,4 persen. "
        "Secara nasional, BPJS Ketenagakerjaan sepanjang 2023 membayarkan klaim Rp52,8 triliun. "
        "Sepanjang Januari-Juli 2023 kantornya membayar klaim JKK untuk 1.046 kasus.\n\n"
        "Kepala Dinas Tenaga Kerja Kabupaten Tangerang Hendra Lubis yang hadir dalam rapat di Kota Serang "
        "mengakui cakupan di daerahnya baru 47,2 persen.",
        {31.4: "32", 52800000000000: "ID", 1046: "32.78", 47.2: "36.03"},
    ),
    "respective regions after an earlier figure, a sub-branch's district, the capital of a province": (
        "Klaim JKM di Kabupaten Ende tercatat 34 kasus, sedangkan di Ngada dan Nagekeo masing-masing 27 dan 19 kasus. "
        "Kantor Cabang Pembantu (KCP) Pandaan melayani 118.402 peserta aktif. "
        "Kepala Disnakertrans Kalbar menyebut Kota Pontianak di peringkat pertama. "
        "Ibu kota provinsi itu mencatat cakupan 52,1 persen.",
        {34: "53.08", 27: "53.09", 19: "53.16", 118402: "35.14.11", 52.1: "61.71"},
    ),
    "an apposition, a statement place, a bare provincial government": (
        "Cakupan kepesertaan di Kabupaten Nabire, ibu kota Provinsi Papua Tengah, hingga akhir 2024 baru 22,4 persen.\n\n"
        "Bupati Mukomuko Sapuan Hidayat yang ikut hadir di Jakarta mengatakan pemkab menanggung iuran "
        "8.912 pekerja rentan.\n\n"
        "Gubernur Bengkulu Rozali Hamdan mengatakan, Pemprov sudah menanggung iuran 15.000 pekerja rentan.",
        {22.4: "94.01", 8912: "17.06", 15000: "17"},
    ),
    "a branch named like its province is the city's office": (
        "Kepala BPJS Ketenagakerjaan Cabang Yogyakarta Ratna Dewi mengatakan cakupan DIY 41,2 persen. "
        "Selama 2022, cabang yang dipimpinnya membayarkan klaim JKM sebanyak 1.124 kasus, sebagian di antaranya "
        "peserta bukan penerima upah.",
        {41.2: "34", 1124: "34.71"},
    ),
    "a peer group, a rank opening its sentence, people counted by origin, a district": (
        "Lumajang berada di peringkat ke-29 dari 38 kabupaten/kota di Jatim dengan cakupan 24,8 persen. "
        "Peserta aktif tercatat 148.215 orang. Peringkat pertama Kota Surabaya dengan 74,2 persen.\n\n"
        "Dari jumlah itu, 3.912 orang berasal dari Kabupaten Lombok Barat dan 1.408 orang dari Kabupaten Sumbawa. "
        "Terbanyak dari Kecamatan Leihitu dengan 742 orang.",
        {148215: "35.08", 1: "35.78", 3912: "52.01", 1408: "52.04", 742: "81.01.15"},
    ),
    "a regency named like its capital's district, a group of islands, a superlative's province": (
        "Klaim JKK di Sumenep tercatat 73 kasus. Kabupaten Sampang di Pulau Madura baru mencatat 9,6 persen. "
        "Peserta aktif di Kepulauan Nias tercatat 38.716 orang.\n\n"
        "Sukamara justru menjadi yang tertinggi di Kalimantan Tengah dengan cakupan 51,7 persen.",
        {73: "35.29", 9.6: "35.27", 38716: "Kepulauan Nias", 51.7: "62.08"},
    ),
    "a place named by its nickname": (
        "Cakupan Kabupaten Bogor baru 22,6 persen, jauh dari Kota Bogor. Jumlah peserta aktif di Kota Hujan "
        "per Juni 2024 sebanyak 214.318 orang.",
        {22.6: "32.01", 214318: "32.71"},
    ),
}


@pytest.mark.parametrize("text, expected", REGION_CASES.values(), ids=REGION_CASES.keys())
def test_the_region_of_a_figure(blank_nlp, text, expected):
    """Expected: each figure's region code (its name where it has none)."""
    regions = {f["value"]: f["region"] for f in facts_of(blank_nlp, text)}
    assert {value: regions[value]["code"] or regions[value]["name"] for value in expected} == expected


def test_corrections_rounded_headlines_plans_and_growth_are_no_facts(blank_nlp):
    text = (
        "Cakupan Kota Madiun Tembus 57 Persen\n\n"
        "Cakupan kepesertaan di Kota Madiun per Oktober 2023 mencapai 57,3 persen. "
        "Pemkot menyiapkan anggaran Rp3,6 miliar untuk membantu iuran sekitar 17.850 pekerja rentan. "
        "Jumlah perusahaan peserta bertambah 146 badan usaha. "
        "Sebanyak 8.520 aparatur gampong dari 852 gampong sudah terdaftar.\n\n"
        "Ralat: Sebelumnya dalam berita ini tertulis cakupan di Kota Madiun 37,5 persen."
    )
    facts = facts_of(blank_nlp, text)
    assert by_type(facts) == {("coverage_rate", 57.3), ("participants", 8520)}


def test_benefit_recipients_and_a_province_that_locates_a_regency(blank_nlp):
    text = (
        "Manfaat Jaminan Kehilangan Pekerjaan (JKP) telah dibayarkan kepada 28.914 peserta yang terkena "
        "pemutusan hubungan kerja (PHK) di seluruh Indonesia. "
        "Selain itu, 186 peserta yang terkena pemutusan hubungan kerja menerima manfaat JKP. "
        "Sebaliknya, cakupan Kabupaten Seluma di Bengkulu baru 18,6 persen."
    )
    facts = {f["value"]: f for f in facts_of(blank_nlp, text)}
    assert facts[28914]["type"] == "claim_cases" and facts[28914]["region"]["code"] == "ID"
    assert facts[186]["type"] == "claim_cases"
    assert facts[18.6]["region"] == {"name": "Seluma", "code": "17.05"}


def test_respective_lists_of_counts_and_programmes(blank_nlp):
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Kutai Barat menyebut klaim JKK, JKM dan JHT yang dicairkan "
        "masing-masing 1.127, 143 dan 3.906 kasus, dengan nilai masing-masing Rp19,2 miliar, Rp6 miliar "
        "dan Rp40,1 miliar."
    )
    facts = {(f["type"], f["value"]): f["program"] for f in facts_of(blank_nlp, text)}
    assert facts == {
        ("claim_cases", 1127): "JKK",
        ("claim_cases", 143): "JKM",
        ("claim_cases", 3906): "JHT",
        ("claim_amount", 19200000000): "JKK",
        ("claim_amount", 6000000000): "JKM",
        ("claim_amount", 40100000000): "JHT",
    }


def test_a_handover_total_is_a_claim_and_each_heirs_share_is_not(blank_nlp):
    text = (
        "BPJS Ketenagakerjaan Cabang Bima menyerahkan santunan Jaminan Kematian kepada tiga ahli waris "
        "dengan total Rp126 juta, masing-masing Rp42 juta. "
        "Dari jumlah peserta di Kabupaten Aceh Utara, 8.520 di antaranya merupakan aparatur gampong."
    )
    facts = by_type(facts_of(blank_nlp, text))
    assert ("claim_amount", 126000000) in facts and ("claim_amount", 42000000) not in facts
    assert ("participants", 8520) in facts


def test_targets_for_a_year_ahead_and_small_headcounts(blank_nlp):
    text = (
        "Cakupan kepesertaan di NTB baru 31,3 persen dari 2,52 juta angkatan kerja. "
        "Kita harus kejar 40 persen pada 2026. "
        "Kabupaten Bima baru 15,2 persen karena banyak petani yang belum mendaftar. "
        "Jangan hanya satu atau dua orang yang didaftarkan, kata dia. "
        "Rinciannya 227.310 penerima upah dan 85.130 bukan penerima upah."
    )
    facts = {(f["type"], f["value"]): f["segment"] for f in facts_of(blank_nlp, text)}
    assert facts == {
        ("coverage_rate", 31.3): None,
        ("workforce", 2520000): None,
        ("coverage_target", 40): None,
        ("coverage_rate", 15.2): None,
        ("participants", 227310): "PU",
        ("participants", 85130): "BPU",
    }


def test_other_statistics_layoffs_heirs_shares_and_thresholds_are_no_facts(blank_nlp):
    text = (
        "Cakupan kepesertaan di Kepulauan Riau 44,1 persen. "
        "BPS mencatat tingkat pengangguran terbuka (TPT) Kepri sebesar 8,23 persen atau sekitar 79 ribu orang. "
        "Disnaker menerima laporan PHK atas 4.870 pekerja. "
        "Total santunan yang diserahkan mencapai Rp1,06 miliar. Ahli waris pertama menerima Rp612 juta. "
        "Kabupaten yang masih di bawah 30 persen akan kami dampingi. "
        "Dari jumlah itu, 1.200 di antaranya nelayan tradisional. "
        "Sebanyak 96,4 persen paket pekerjaan sudah didaftarkan."
    )
    assert by_type(facts_of(blank_nlp, text)) == {
        ("coverage_rate", 44.1),
        ("claim_amount", 1060000000),
        ("participants", 1200),
    }


def test_a_bulleted_list_takes_the_date_of_its_header_line(blank_nlp):
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Tebing Tinggi Rudi Hartono menyampaikan data itu di Tebing Tinggi, "
        "Rabu (17/7/2024). Cakupan di Kabupaten Batu Bara 28,4 persen.\n\n"
        "Berikut capaian kepesertaan per Juni 2024:\n\n"
        "- Kota Tebing Tinggi: 38.912 peserta (47,2 persen)\n"
        "- Kabupaten Serdang Bedagai: 71.305 peserta (25,8 persen)"
    )
    dates = {f["value"]: f["date"] for f in facts_of(blank_nlp, text, {"published": "2024-07-17"})}
    assert dates[38912] == dates[25.8] == {"as_of": "2024-06"}
    assert dates[28.4] == {"as_of": "2024-07-17"}


@needs_stanza
def test_a_table_takes_the_date_of_the_line_introducing_it(stanza_rules_nlp):
    text = (
        "Angka itu dipaparkan di Gorontalo, Rabu (15/3/2023).\n\n"
        "Berikut data kepesertaan per kabupaten/kota per Februari 2023:\n\n"
        "Kabupaten/Kota | Peserta Aktif | Cakupan\n"
        "Kota Gorontalo | 48.215 | 49,77%\n"
        "Kabupaten Boalemo | 21.604 | 29,84%\n"
    )
    dates = {f["value"]: f["date"] for f in facts_of(stanza_rules_nlp, text, {"published": "2023-03-16"})}
    assert dates[48215] == dates[49.77] == dates[21604] == {"as_of": "2023-02"}


@needs_stanza
def test_a_figure_in_the_headline_takes_the_date_written_with_it_in_the_body(stanza_rules_nlp):
    text = (
        "Cakupan Jamsostek di Sulbar Baru 24,61 Persen\n\n"
        "MAMUJU - Cakupan kepesertaan di Provinsi Sulawesi Barat per Oktober 2024 baru menyentuh 24,61 persen. "
        "Hal itu disampaikan di Mamuju, Rabu (4/12/2024)."
    )
    facts = facts_of(stanza_rules_nlp, text, {"published": "2024-12-05"})
    assert [(f["value"], f["date"]) for f in facts] == [(24.61, {"as_of": "2024-10"})]


def test_a_figure_without_a_date_takes_the_date_of_its_paragraph(blank_nlp):
    text = (
        "Kabupaten Luwu Timur mencatat cakupan 61,35 persen per Juli 2023.\n\n"
        "Hasrul mengatakan cakupan Provinsi Sulawesi Selatan pada periode yang sama baru 34,17 persen. "
        "Peserta aktif di Provinsi Sulawesi Selatan tercatat 1,37 juta orang, kata Hasrul, Selasa (29/8/2023)."
    )
    dates = {f["value"]: f["date"] for f in facts_of(blank_nlp, text, {"published": "2023-08-30"})}
    assert dates[34.17] == dates[1_370_000] == {"as_of": "2023-07"}


def test_a_paragraph_can_give_the_date_of_its_data_after_the_figures(blank_nlp):
    text = (
        "Hal itu disampaikan di Gorontalo, Rabu (26/7/2023).\n\n"
        '"Kota Gorontalo di urutan pertama dengan cakupan 52,4 persen. Semua data per Juni 2023," ujarnya.'
    )
    dates = {f["value"]: f["date"] for f in facts_of(blank_nlp, text, {"published": "2023-07-27"})}
    assert dates[52.4] == {"as_of": "2023-06"}


def test_claims_paid_in_a_year_are_dated_to_the_whole_year(blank_nlp):
    text = "Pada 2021 BPJS Ketenagakerjaan membayarkan klaim JKK di Kota Bandung sebanyak 2.370 kasus."
    facts = facts_of(blank_nlp, text)
    assert [(f["value"], f["date"]) for f in facts] == [(2370, {"start": "2021", "end": "2021"})]


def test_counts_planned_for_next_year_are_no_facts(blank_nlp):
    text = (
        "Peserta aktif di Kabupaten Aceh Selatan 22.741 orang. "
        "Tahun depan kami usulkan nelayan ikut ditanggung, jumlahnya sekitar 4.000 orang. "
        "Pemkab Sumenep berencana menambah kuota nelayan pada 2025 menjadi 20 ribu orang."
    )
    assert by_type(facts_of(blank_nlp, text)) == {("participants", 22741)}


def test_a_group_of_whom_some_enrolled_is_no_fact_unless_the_part_is_counted(blank_nlp):
    text = (
        "Menurutnya, dari sekitar 4.000 ABK di Kabupaten Kepulauan Aru, baru sebagian yang terdaftar. "
        "Dari sekitar 46 ribu nelayan di Kabupaten Bangka, baru 2.000 orang yang menjadi peserta."
    )
    assert by_type(facts_of(blank_nlp, text)) == {("workforce", 46000), ("participants", 2000)}


def test_projections_informal_shares_and_funds_are_no_facts(blank_nlp):
    text = (
        "Cakupan di Jambi 38,1 persen. Menurut dia, hampir 60 persen pekerja di Jambi bekerja di sektor informal. "
        "Kalau 11 kabupaten/kota masing-masing menanggung 5.000 orang, sudah banyak tambahan peserta. "
        "Sebanyak 6.812 warga Lombok Tengah berangkat bekerja ke luar negeri. "
        "Penerimaan iuran pada 2024 mencapai Rp 98,6 triliun, naik dari Rp 91,3 triliun. "
        "Penempatan dana masih didominasi surat utang negara, sekitar 72 persen."
    )
    assert by_type(facts_of(blank_nlp, text)) == {("coverage_rate", 38.1)}


def test_comparisons_and_continued_amounts_keep_the_claim(blank_nlp):
    text = (
        "BPJS Ketenagakerjaan Cabang Karawang membayarkan manfaat JKP kepada 4.128 pekerja, naik dua kali lipat "
        "dibanding 2023 yang tercatat 1.562 orang. "
        "Klaim yang dibayarkan di Sulawesi Selatan Rp1,24 triliun. Disusul Sulawesi Utara Rp398 miliar. "
        "Nilai itu naik dari Rp2,61 triliun pada 2022."
    )
    facts = by_type(facts_of(blank_nlp, text))
    assert {("claim_cases", 4128), ("claim_cases", 1562)} <= facts
    assert {("claim_amount", 1240000000000), ("claim_amount", 398000000000), ("claim_amount", 2610000000000)} <= facts
    assert not any(kind == "participants" for kind, _ in facts)


def test_a_headline_repeat_of_a_body_figure_is_one_fact(blank_nlp):
    text = (
        "BPJS Ketenagakerjaan Bayar Klaim Rp62,4 T Sepanjang 2024, JHT Paling Jumbo\n\n"
        "Jakarta - BPJS Ketenagakerjaan membayarkan klaim seluruh program senilai Rp62,4 triliun sepanjang 2024 "
        "di seluruh Indonesia."
    )
    facts = [f for f in facts_of(blank_nlp, text) if f["type"] == "claim_amount"]
    assert len(facts) == 1 and facts[0]["program"] == "TOTAL"


def test_benefits_enjoyed_and_figures_compared_keep_their_type(blank_nlp):
    text = (
        "Program Jaminan Kehilangan Pekerjaan sepanjang 2024 dimanfaatkan 52.370 pekerja yang terkena PHK. "
        "Per Februari 2025, peserta aktif di Sukoharjo tercatat 118.420 orang, turun dari 124.965 pada Desember 2024. "
        "Dari sekitar 46 ribu nelayan di Sukoharjo, baru dua ribu orang yang menjadi peserta."
    )
    facts = by_type(facts_of(blank_nlp, text))
    assert facts == {
        ("claim_cases", 52370),
        ("participants", 118420),
        ("participants", 124965),
        ("workforce", 46000),
        ("participants", 2000),
    }


def test_claims_in_process_wage_shares_and_tonnage_are_no_facts(blank_nlp):
    text = (
        "Cakupan di Kabupaten Banggai 31,2 persen. "
        "Adapun klaim JHT yang masih dalam proses verifikasi di kantor cabang tersebut sebanyak 126 berkas. "
        "Manfaat uang tunai JKP sebesar 45 persen upah untuk tiga bulan pertama dan 25 persen untuk tiga bulan berikutnya. "
        "Kilang LNG di Banggai berkapasitas 2 juta ton per tahun. "
        "Adapun jumlah angkatan kerja di Banggai menurut BPS per Februari 2022 sekitar 214 ribu orang. "
        "Dinas membenarkan sebanyak 4.760 peternak sapi perah sudah terdaftar."
    )
    assert by_type(facts_of(blank_nlp, text)) == {
        ("coverage_rate", 31.2),
        ("workforce", 214000),
        ("participants", 4760),
    }


def test_projections_other_stories_and_offices_named_by_their_people(blank_nlp):
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Singkawang Andi Wijaya mengatakan cakupan di OKU Timur 26,6 persen. "
        "Dengan tambahan peserta hari ini, cakupannya diperkirakan naik menjadi sekitar 30 persen. "
        "Sepanjang 2021, kantor cabang yang ia pimpin membayarkan 5.934 kasus JHT. "
        "Sedangkan secara nasional, peserta aktif BPJS Ketenagakerjaan mencapai 41,56 juta orang. "
        "Kabag Pemerintahan Setda Manggarai Timur menyebut 1.908 aparat desa sudah menjadi peserta. "
        "Sebanyak 1.560 aparatur tiyuh di 93 tiyuh se-Tubaba sudah terdaftar.\n\n"
        "Baca juga: Serapan APBD Bojonegoro Baru 38 Persen"
    )
    facts = {(f["type"], f["value"]): f["region"]["code"] for f in facts_of(blank_nlp, text)}
    assert facts == {
        ("coverage_rate", 26.6): "16.08",
        ("claim_cases", 5934): "61.72",
        ("participants", 41560000): "ID",
        ("participants", 1908): "53.19",
        ("participants", 1560): "18.12",
    }


def test_workforce_wording_deaths_of_participants_and_budgeted_contributions(blank_nlp):
    text = (
        "Cakupan di Subang baru 15,6 persen. Kalau dibandingkan angkatan kerja kita yang sekitar 760 ribu orang, "
        "masih jauh. Bojonegoro punya sekitar 597 ribu pekerja. Pekerja di Kepri yang jumlahnya sekitar "
        "1,33 juta orang bekerja di industri.\n\n"
        "Tahun 2022 lalu ada enam pecalang yang meninggal dunia, ahli warisnya menerima santunan. "
        "Dari 874 kasus itu, 11 pekerja meninggal dunia.\n\n"
        "Pemkab menganggarkan Rp 1,5 miliar untuk iuran sekitar 7.400 pekerja rentan. "
        "APBD tahun ini mengalokasikan Rp1,5 miliar bagi iuran sekitar 7.440 pekerja rentan."
    )
    facts = by_type(facts_of(blank_nlp, text))
    assert {("workforce", 760000), ("workforce", 597000), ("workforce", 1330000), ("claim_cases", 6)} <= facts
    assert not {value for _, value in facts} & {11, 7400, 7440}
    assert not {("participants", 760000), ("participants", 597000), ("participants", 1330000)} & facts


def test_a_total_right_after_one_programme_totals_that_programme(blank_nlp):
    text = (
        "Kabupaten Nias Selatan. Selama 2021 pihaknya membayarkan santunan Jaminan Kematian (JKM) kepada 47 ahli "
        "waris dengan total Rp1.974.000.000. Ahli warisnya sudah menerima santunan kematian total Rp84 juta. "
        "Klaim JKK Rp3 miliar dan JKM Rp1 miliar, total Rp4 miliar."
    )
    programs = {f["value"]: f["program"] for f in facts_of(blank_nlp, text) if f["type"] == "claim_amount"}
    assert programs == {1974000000: "JKM", 84000000: "JKM", 3000000000: "JKK", 1000000000: "JKM", 4000000000: "TOTAL"}


def test_generic_thresholds_and_additions_are_no_facts_but_a_contrasted_place_is(blank_nlp):
    text = (
        "Cakupan Kabupaten Ende 14,2 persen. Dari lima kabupaten, belum satu pun yang cakupannya menembus 20 persen. "
        "Ia meminta kabupaten dengan cakupan di bawah 25 persen segera bertindak. "
        "Kalau kotanya sudah di atas 60 persen, kabupatennya jangan tertinggal. Kalau Bangli masih 29,6 persen. "
        "Banyak kabupaten seperti Kepulauan Aru dan Seram Bagian Timur masih di bawah 15 persen. "
        "Dengan tambahan 2.800 peserta ini, cakupan naik. Peserta di Ende bertambah lebih dari 7.500 orang."
    )
    assert by_type(facts_of(blank_nlp, text)) == {("coverage_rate", 14.2), ("coverage_rate", 29.6)}


def test_handover_totals_after_counted_heirs_and_benefit_sizes(blank_nlp):
    text = (
        "BPJS Ketenagakerjaan menyerahkan santunan di Kabupaten Mamuju. "
        "Santunan JKM diberikan kepada ahli waris 11 peserta dengan nilai Rp462 juta. Masing-masing menerima Rp42 juta. "
        "Empat ahli waris menerima santunan Jaminan Kecelakaan Kerja, totalnya Rp280 juta. "
        "Dua pekerja meninggal dunia, dan ahli warisnya masing-masing menerima santunan Rp218 juta. "
        "Setiap peserta berhak atas beasiswa untuk maksimal dua anak, nilainya bisa sampai Rp174 juta."
    )
    amounts = {f["value"] for f in facts_of(blank_nlp, text) if f["type"] == "claim_amount"}
    assert amounts == {462000000, 280000000}


def test_a_bare_government_is_read_from_the_words_whatever_its_label(blank_nlp):
    text = (
        "Gubernur Bengkulu Ahmad Rozali berkunjung ke Kabupaten Mukomuko. "
        "\"Pemprov sudah menanggung iuran 15.000 pekerja rentan,\" kata Rozali."
    )
    doc = blank_nlp(text)
    doc.ents = [e for e in doc.ents if e.text != "Pemprov"]  # as when the span classifier drops the ORG
    regions = {f["value"]: f["region"]["code"] for f in link(doc, {})}
    assert regions[15000] == "17"


def test_shares_of_informal_workers_and_of_employers_are_no_coverage(blank_nlp):
    text = (
        "Cakupan di Kabupaten Trenggalek 10,9 persen. Jumlah penduduk Trenggalek yang bekerja di sektor informal "
        "mencapai lebih dari 70 persen. Di Sumedang terdapat sekitar 300 pabrik tahu, namun baru sekitar "
        "40 persen yang mendaftarkan pekerjanya."
    )
    assert by_type(facts_of(blank_nlp, text)) == {("coverage_rate", 10.9)}


def test_tables_written_with_bars_name_what_each_cell_counts(blank_nlp):
    text = (
        "Berikut capaian kepesertaan per Juni 2024 di Bandung Raya:\n\n"
        "Wilayah | Peserta aktif | Cakupan\n"
        "Kota Bandung | 612.880 | 48,72%\n"
        "Kota Cimahi | 98.773 | 41,06%\n\n"
        "Capaian di Maluku Utara:\n\n"
        "Indikator | 2023 | 2024\n"
        "Peserta aktif | 164.210 | 187.532\n"
        "Perusahaan terdaftar | 2.871 | 3.126\n"
    )
    facts = by_type(facts_of(blank_nlp, text))
    assert {("participants", 612880), ("participants", 98773), ("coverage_rate", 48.72)} <= facts
    assert {("participants", 187532), ("employers", 2871), ("employers", 3126)} <= facts


def test_claims_lists_take_the_header_place_and_each_line_its_programme(blank_nlp):
    text = (
        "Santunan JKM diserahkan kepada ahli waris di Kecamatan Halong, Kabupaten Balangan.\n\n"
        "Sepanjang 2023, pembayaran klaim kepada peserta asal Balangan tercatat:\n\n"
        "• JKK: 86 kasus, Rp2,17 miliar\n"
        "• JKP: 59 peserta, Rp436,5 juta\n"
        "• Beasiswa: 17 anak, Rp121 juta\n\n"
        "\"Kalau dijumlah lebih dari Rp43 miliar,\" katanya.\n\n"
        "Program | Kasus | Nominal\n"
        "JHT | 6.412 | Rp 97.412.650.000,-\n"
        "- JKM = 41 kasus = Rp. 1.722.000.000,-"
    )
    facts = {f["value"]: f for f in facts_of(blank_nlp, text)}
    assert {v: (facts[v]["type"], facts[v]["program"]) for v in (86, 2170000000, 59, 436500000, 121000000)} == {
        86: ("claim_cases", "JKK"),
        2170000000: ("claim_amount", "JKK"),
        59: ("claim_cases", "JKP"),
        436500000: ("claim_amount", "JKP"),
        121000000: ("claim_amount", "BEASISWA"),
    }
    assert {facts[v]["region"]["code"] for v in (86, 2170000000, 59, 121000000)} == {"63.11"}
    assert (facts[43000000000]["type"], facts[43000000000]["program"]) == ("claim_amount", "TOTAL")
    assert (facts[6412]["type"], facts[6412]["program"]) == ("claim_cases", "JHT")
    assert (facts[97412650000]["type"], facts[97412650000]["program"]) == ("claim_amount", "JHT")
    assert (facts[1722000000]["type"], facts[1722000000]["program"]) == ("claim_amount", "JKM")


def test_an_unplaced_lead_is_national_and_a_long_reference_back_finds_its_regency(blank_nlp):
    text = (
        "BPJS Ketenagakerjaan Bayar Klaim Rp47 Triliun\n\n"
        "Bisnis.com, JAKARTA — BPJS Ketenagakerjaan membayarkan manfaat program sebesar Rp47,02 triliun kepada "
        "peserta sepanjang 2022.\n\n"
        "Cakupan Kabupaten Mesuji hingga Juni 2024 baru 23,6 persen. Kabupaten paling timur di Lampung itu berada "
        "di peringkat ke-12 dari 15 kabupaten/kota. Jumlah tsb setara 34,18% dr total pekerja di Mesuji yang "
        "mencapai 154.186 jiwa."
    )
    facts = {f["value"]: f for f in facts_of(blank_nlp, text)}
    assert facts[47020000000000]["region"]["code"] == "ID"
    assert facts[12]["region"]["code"] == "18.11"
    assert facts[154186]["type"] == "workforce"


def test_benefits_enjoyed_under_a_programme_named_in_full(blank_nlp):
    text = (
        "Di Kota Kendari, Jaminan Kehilangan Pekerjaan sudah dinikmati 214 peserta yang kena PHK. "
        "Per Agustus 2024, BPJS Ketenagakerjaan melindungi lebih dari 40 juta pekerja aktif di seluruh Indonesia."
    )
    facts = by_type(facts_of(blank_nlp, text))
    assert {("claim_cases", 214), ("participants", 40000000)} <= facts


def test_answers_in_an_interview_are_the_interviewees(blank_nlp):
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Kendari, La Ode Muhammad Syahrir, ditemui di ruang kerjanya. "
        "Berikut petikannya.\n\n"
        "Bagaimana kondisi kepesertaan di Kendari saat ini?\n\n"
        "Per Agustus 2022, peserta aktif di Kota Kendari 87.412 orang."
    )
    facts = {f["value"]: f for f in facts_of(blank_nlp, text)}
    assert facts[87412]["official"]["name"] == "La Ode Muhammad Syahrir"


def test_a_speaker_named_after_a_long_title_goes_on_in_the_next_paragraph(blank_nlp):
    text = (
        "\"Peserta mandiri sekarang 7,38 juta orang,\" kata Deputi Direktur BPJS Ketenagakerjaan Wilayah "
        "Jawa Tengah dan DIY Dr. Cahyaningsih Prawiro di Yogyakarta, Selasa (17/10/2023).\n\n"
        "Ia merinci, Kota Yogyakarta mencatat cakupan 58,9 persen."
    )
    facts = {f["value"]: f for f in facts_of(blank_nlp, text)}
    assert facts[58.9]["official"]["name"] == "Cahyaningsih Prawiro"


def test_list_items_speak_for_the_line_that_introduces_them(blank_nlp):
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Magetan Dian Kusumawardani mengatakan klaim naik, kata Dian.\n\n"
        "Ia lalu memaparkan klaim yang dibayarkan untuk peserta di Kabupaten Magetan selama tahun 2024:\n\n"
        "- JHT : 4.118 kasus\n"
        "- JKK : 412 kasus\n\n"
        "Berdasarkan data BPJS Ketenagakerjaan, klaim di Kabupaten Ngawi tercatat:\n\n"
        "- JKM : 57 kasus\n"
    )
    officials = {f["value"]: (f["official"] or {}).get("name") for f in facts_of(blank_nlp, text)}
    assert officials == {4118: "Dian Kusumawardani", 412: "Dian Kusumawardani", 57: None}


@needs_stanza
def test_a_statement_goes_on_across_a_link_line_but_not_across_a_data_paragraph(stanza_rules_nlp):
    text = (
        '"Peserta kami naik," kata Kepala BPJS Ketenagakerjaan Cabang Palu Hendra Wiratmaja.\n\n'
        "Baca juga: Iuran BPU Mulai Rp16.800\n\n"
        "Dari sisi manfaat, kantornya membayarkan klaim JHT di Kota Palu sebesar Rp 49,4 miliar.\n\n"
        "Data BPJS Ketenagakerjaan menunjukkan klaim JKK di Kota Palu 2.960 kasus.\n\n"
        "Pada periode yang sama, klaim JHT di Kota Palu 4.120 kasus."
    )
    officials = {f["value"]: (f["official"] or {}).get("name") for f in facts_of(stanza_rules_nlp, text)}
    assert officials[49_400_000_000] == "Hendra Wiratmaja"
    assert officials[2960] is None and officials[4120] is None


def test_a_list_the_outlet_introduces_after_a_quote_is_nobodys(blank_nlp):
    text = (
        '"Cakupan naik," ungkap Kepala BPJS Ketenagakerjaan Cabang Palu Bambang Hariyanto Lubis di Palu, '
        "Senin (4/12/2023).\n\n"
        "Berikut capaian sebagian kabupaten/kota di Sulteng per Oktober 2023:\n\n"
        "Peringkat 1 Morowali: 71,2%\nPeringkat 5 Poso: 29,4%\n"
    )
    rates = [f for f in facts_of(blank_nlp, text) if f["type"] == "coverage_rate"]
    assert [f["value"] for f in rates] == [71.2, 29.4]
    assert all(f["official"] is None for f in rates)


def test_a_short_name_shared_by_two_full_names_of_one_length_is_the_one_written_last_before(blank_nlp):
    from pipeline.context import full_names

    text = (
        "Kepala Dinas Tenaga Kerja, Andi Rahmat Patiroi, hadir. Kepala Cabang Palopo, Andi Muhammad Fadli, "
        "mengatakan klaim naik. Menurut Andi, peserta bertambah."
    )
    doc = blank_nlp(text)
    names = {span.start_char: full for span, full in full_names(doc.ents) if span.text == "Andi"}
    assert names and set(names.values()) == {"Andi Muhammad Fadli"}


def regions_of(facts, kind):
    return {(f["value"], f["region"]["code"]) for f in facts if f["type"] == kind}


def test_rank_list_lines_with_a_dash_take_their_own_place(blank_nlp):
    text = (
        "Ia memaparkan urutan cakupan kepesertaan kabupaten se-Sulbar per Oktober 2024 sebagai berikut:\n\n"
        "Peringkat 1 – Kabupaten Mamuju: 33,4 persen\n"
        "Peringkat 2 – Kabupaten Pasangkayu: 29,8 persen\n"
    )
    assert regions_of(facts_of(blank_nlp, text), "rank") == {(1, "76.02"), (2, "76.01")}


def test_a_rank_among_provinces_is_the_provinces(blank_nlp):
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Bengkulu, Budi Santoso, mengatakan cakupan di Kota Bengkulu 41 persen. "
        '"Di antara lima provinsi di wilayah Sumbagsel, kita masih di peringkat keempat," katanya.'
    )
    assert regions_of(facts_of(blank_nlp, text), "rank") == {(4, "17")}


def test_the_place_a_rank_comes_after_is_not_the_ranked_one(blank_nlp):
    text = (
        "Cakupan kepesertaan di Provinsi Kalimantan Selatan mencapai 38,9 persen. Kalsel berada di urutan kedua "
        "dari lima provinsi di Kalimantan setelah Kalimantan Timur, dan di peringkat ke-15 secara nasional."
    )
    assert (15, "63") in regions_of(facts_of(blank_nlp, text), "rank")


def test_a_peer_group_counted_in_words_is_not_the_figures_place(blank_nlp):
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Cilegon, Rudi Hartono, mengatakan per Januari 2024 Cilegon berada di "
        "peringkat pertama dari delapan kabupaten/kota di Banten dengan cakupan 78,46 persen."
    )
    assert regions_of(facts_of(blank_nlp, text), "coverage_rate") == {(78.46, "36.72")}


def test_people_counted_in_a_district_named_after_them_are_the_regencys(blank_nlp):
    text = (
        "Kepala Disnakertrans Kabupaten Bima, Nurhayati Ramli, mengatakan pemkab sudah mendaftarkan 6.000 petani "
        "bawang merah di Kecamatan Belo sebagai peserta BPJS Ketenagakerjaan."
    )
    assert regions_of(facts_of(blank_nlp, text), "participants") == {(6000, "52.06")}


def test_a_district_that_reports_its_own_figure_keeps_it(blank_nlp):
    text = (
        "Sepanjang Januari-Agustus 2023, klaim Jaminan Kecelakaan Kerja dari perusahaan-perusahaan di Kecamatan "
        "Morosi, Kabupaten Konawe, tercatat 614 kasus."
    )
    assert regions_of(facts_of(blank_nlp, text), "claim_cases") == {(614, "74.02.39")}


def test_workers_laid_off_and_health_coverage_are_no_facts(blank_nlp):
    text = (
        "Kepala Disnaker Kota Jambi, Ardi Wiranata, mengatakan pihaknya menerima laporan PHK dari 14 perusahaan "
        "dengan total 2.310 pekerja sepanjang tahun 2024.\n"
        "UHC Garut Sudah 98 Persen, Cakupan Jamsostek Baru 9,86 Persen"
    )
    facts = facts_of(blank_nlp, text)
    assert by_type(facts) == {("coverage_rate", 9.86)}


def test_an_accident_benefit_handed_over_is_a_claim_a_death_benefit_size_is_not(blank_nlp):
    text = (
        "Pada kesempatan itu, Bupati Merangin menyerahkan santunan Jaminan Kecelakaan Kerja sebesar Rp 186,5 juta "
        "kepada Siti Aminah, istri almarhum Darmawi.\n"
        "Dalam acara itu juga diserahkan santunan JKM sebesar Rp42 juta kepada ahli waris almarhum Jaenudin."
    )
    facts = facts_of(blank_nlp, text)
    assert {(f["type"], f["value"], f["program"]) for f in facts} == {("claim_amount", 186500000, "JKK")}


def test_figures_referred_back_to_and_claims_in_process_are_no_facts(blank_nlp):
    text = (
        "Sepanjang 2023, BPJS Ketenagakerjaan Cabang Kendari membayarkan klaim Jaminan Kecelakaan Kerja untuk "
        "614 kasus di Kabupaten Konawe. \"Dari 614 kasus itu, tujuh pekerja meninggal dunia,\" katanya. "
        "Masih ada 42 berkas klaim JHT yang sedang diproses."
    )
    facts = facts_of(blank_nlp, text)
    assert {(f["type"], f["value"]) for f in facts} == {("claim_cases", 614)}
    assert facts[0]["evidence"]["start"] == text.index("614")
