"""`warta benchmark` machinery on three short articles: every figure is in the JSON (no timings checked)."""

import json

from pipeline.benchmark import MODES, Settings, benchmark, report_lines

TEXTS = [
    "Sebanyak 1.200 pekerja di Kota Palu terdaftar sebagai peserta BPJS Ketenagakerjaan.",
    "Di Provinsi Jambi ada 568.373 peserta pada Agustus 2024.",
    "Kepala BPJS Ketenagakerjaan Cabang Jambi Seto Tjahjono mengatakan 40 persen pekerja terlindungi.",
]
RATES = ("tokens_per_s", "words_per_s", "articles_per_s")


def test_every_figure_is_reported():
    result = json.loads(json.dumps(benchmark(Settings(repeat=1, batch_size=2, warmup=1), TEXTS, log=lambda _: None)))
    assert result["articles"] == 3 and result["whitespace_words"] == sum(len(t.split()) for t in TEXTS)
    assert result["stanza_tokens"] >= result["whitespace_words"]
    assert set(result["modes"]) == set(MODES)
    for name in MODES[:-1]:
        mode = result["modes"][name]
        assert (
            mode["import_s"] >= 0 and mode["load_s"] > 0 and mode["peak_rss_mb"] > 0 and len(mode["batch_seconds"]) == 2
        )
        for figure in RATES:
            low, high = mode[figure]["ci95"]
            assert 0 < low <= mode[figure]["median"] <= high and mode[figure]["overall"] > 0
    workers = result["modes"]["pipeline-2-workers"]
    assert len(workers["worker_peak_rss_mb"]) == 2 and len(workers["pass_seconds"]) == 1
    assert workers["tokens_per_s"] > 0 and workers["speedup_vs_one_worker"] > 0
    assert result["best_stanza_mode"] in ("stanza-per-article", "stanza-bulk")
    assert (
        result["pipeline_vs_stanza"] > 0
        and result["pipeline_load_s"] > 0
        and result["pipeline_import_s"] > 0
        and result["torch_threads"] >= 1
    )
    paired = result["paired"]
    assert paired["overall"] > 0 and len(paired["stanza_alone_seconds"]) == 2
    assert paired["ci95"][0] <= paired["median"] <= paired["ci95"][1]
    assert len(report_lines(result)) == 2 + len(MODES) + 2
