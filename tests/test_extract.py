"""`warta extract` over files, folders and JSONL, with bad inputs reported and skipped."""

import json

from pipeline.cli import main
from pipeline.extract import checked, iter_articles


def test_bad_inputs_are_named_and_the_rest_comes_out(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Sebanyak 1.200 pekerja di Kota Palu terdaftar sebagai peserta.", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Peserta di Palu: 1.200 orang, caf\xe9".encode("latin-1"))
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Di Provinsi Jambi ada 568.373 peserta.", "meta": {"published": "2024-09-15"}})
        + "\n{not json\n"
        + json.dumps({"id": "j3"})
        + "\n",
        encoding="utf-8",
    )
    errors: list[str] = []
    articles = list(checked(iter_articles([folder, tmp_path / "missing.txt"], errors), errors, max_chars=10_000))
    assert sorted(a.id for a in articles) == ["empty", "good", "j1"]
    assert any("latin1.txt" in e and "not UTF-8" in e for e in errors)
    assert any(e.startswith(f"{folder / 'feed.jsonl'}:2:") for e in errors)
    assert any(e.startswith(f"{folder / 'feed.jsonl'}:3:") and "text" in e for e in errors)
    assert any("missing.txt" in e for e in errors)


def test_enormous_article_is_refused_by_name():
    from pipeline.extract import Article

    errors: list[str] = []
    kept = list(checked([Article("big", "x" * 50, {}), Article("ok", "y", {})], errors, max_chars=10))
    assert [a.id for a in kept] == ["ok"] and "big" in errors[0]


def test_cli_writes_one_record_per_document(tmp_path, monkeypatch):
    monkeypatch.setenv("WARTA_TOKENIZER", "blank")
    from pipeline.nlp import shared_nlp

    shared_nlp.cache_clear()
    source = tmp_path / "a.txt"
    source.write_text(
        "Sebanyak 1.200 pekerja di Kota Palu terdaftar sebagai peserta BPJS Ketenagakerjaan.", encoding="utf-8"
    )
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00")
    out = tmp_path / "new" / "out.jsonl"  # the output folder is created
    code = main(["extract", str(source), str(tmp_path / "bad.txt"), "-o", str(out)])
    shared_nlp.cache_clear()
    assert code == 1  # one input failed
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a"]
    assert set(records[0]) == {"id", "text", "meta", "spans", "facts"}
    assert records[0]["text"] == source.read_text(encoding="utf-8")
    assert records[0]["facts"][0]["region"] == {"name": "Palu", "code": "72.71"}
