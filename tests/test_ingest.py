"""Sources to article texts, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import time

import pytest
from newsserver import (
    ETAG,
    LAST_MODIFIED,
    NO_YEAR_ARTICLE,
    PUBLISHED,
    SLOW_ARTICLE_SECONDS,
    SLOW_SECONDS,
    NewsServer,
    closed_port_url,
    news_page,
    seed_text,
)

from pipeline.ingest import (
    FeedCheckpoint,
    Fetched,
    FetchError,
    Known,
    Limits,
    clean_text,
    decode,
    html_to_article,
    iso_day,
    iter_items,
    load_line_filter,
    looks_like_feed,
)

LIMITS = Limits(timeout=1.0, max_bytes=2_000_000)


def nothing_known(url: str) -> bool:
    return False


class Headers:
    def __init__(self, etag: str | None = None, modified: str | None = None) -> None:
        self.etag, self.modified = etag, modified

    def feed_headers(self, url: str) -> tuple[str | None, str | None]:
        return self.etag, self.modified


@pytest.fixture(scope="module")
def server():
    with NewsServer() as running:
        yield running


def items(sources, known=nothing_known, feeds=None, limits=LIMITS):
    return list(iter_items(sources, limits, known, feeds))


def only(found):
    assert len(found) == 1, found
    return found[0]


def test_boilerplate_lines_are_dropped_and_the_rest_kept_verbatim():
    text = (
        "Sebanyak 1.200 pekerja terlindungi.\n"
        "Baca juga: Harga cabai naik\n"
        "  Pewarta: Rina  \n"
        "EDITOR: Andi\n"
        "Copyright © 2024 Warta\n"
        "Cek Berita dan Artikel lainnya di Google News\n"
        "Exit mobile version\n"
        "Iklan\n"
        "Editorial BPJS: capaian 54,61 persen."
    )
    assert clean_text(text) == "Sebanyak 1.200 pekerja terlindungi.\n\nEditorial BPJS: capaian 54,61 persen."


def test_filter_phrases_come_from_the_data_file():
    line_filter = load_line_filter()
    assert "baca juga:" in line_filter.starts_with and "pewarta:" in line_filter.starts_with
    assert any("google news" in phrase for phrase in line_filter.contains)


def test_news_page_to_text_title_and_date():
    seed = seed_text(0)
    text, title, published = html_to_article(news_page(seed, PUBLISHED[0]), "page")
    paragraphs = [" ".join(p.split()) for p in seed.split("\n") if p.strip()]
    kept = " ".join(text.split())  # trafilatura turns no-break spaces into spaces
    assert paragraphs[1] in kept and paragraphs[-3] in kept
    for leftover in (
        "Baca juga",
        "Baca berita",
        "Pewarta",
        "Editor:",
        "Copyright",
        "Beranda",
        "Google News",
        "Exit mobile",
        "Tag:",
    ):
        assert leftover not in text
    assert title == seed.split("\n")[0].strip()
    assert published == "2024-09-03"


def test_feed_dates_keep_the_writers_day():
    assert iso_day("Tue, 03 Sep 2024 01:30:00 +0700") == "2024-09-03"  # 2 Sep in UTC
    assert iso_day("2024-09-03T01:30:00+07:00") == "2024-09-03"
    assert iso_day("2024-09-03") == "2024-09-03"
    assert iso_day("kemarin") is None and iso_day(None) is None


def test_feeds_are_told_from_pages():
    assert looks_like_feed(b"", "application/rss+xml; charset=utf-8") and looks_like_feed(b"", "text/xml")
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- x -->\n<rss version="2.0">', "text/html")
    assert looks_like_feed(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', None)
    assert not looks_like_feed(b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "text/html")
    assert not looks_like_feed(b"<html></html>", "application/xhtml+xml")


def test_undecodable_bytes_name_the_line():
    with pytest.raises(FetchError, match=r"^page.html:3: not valid utf-8 \(byte 12: b'\\xff'\)"):
        decode(b"<p>\n</p>\n<p>\xff</p>", "page.html")
    assert decode("<p>é</p>".encode("latin-1"), "x", "text/html; charset=ISO-8859-1") == "<p>é</p>"


def test_rss_feed_gives_every_entry_with_its_title_and_date_then_a_checkpoint(server):
    found = items([server.base + "/feed.rss"])
    articles, mark = found[:-1], found[-1]
    assert [a.url for a in articles] == [f"{server.base}/article/{i}.html" for i in range(6)]
    assert all(isinstance(a, Fetched) and a.error is None and a.source.endswith("/feed.rss") for a in articles)
    assert articles[0].title == "Artikel 0" and articles[0].published == "2024-09-03"
    assert articles[5].text.startswith("Pekerja Kota Palu Terlindungi") and "12.500 pekerja" in articles[5].text
    assert "Baca juga" not in articles[5].text
    assert isinstance(mark, FeedCheckpoint) and mark.ok and not mark.unchanged


def test_a_feeds_pages_are_fetched_at_once_and_come_in_feed_order(server):
    started = time.monotonic()
    found = items([server.base + "/slow.rss"], limits=Limits(timeout=5, fetchers=4))
    elapsed = time.monotonic() - started
    assert [a.url.rsplit("/", 1)[1] for a in found[:-1]] == ["0.html", "1.html", "2.html", "3.html"]
    assert all(a.error is None for a in found[:-1])
    assert elapsed < 3 * SLOW_ARTICLE_SECONDS  # four pages of one second each, fetched side by side


def test_atom_feed(server):
    found = items([server.base + "/feed.atom"])
    assert [(a.url.rsplit("/", 1)[1], a.published) for a in found[:-1]] == [
        ("3.html", "2024-09-06"),
        ("4.html", "2024-09-07"),
    ]


def test_known_entries_are_not_fetched(server):
    before = len(server.requests)
    found = items([server.base + "/feed.rss"], known=lambda url: url.endswith(("/0.html", "/1.html")))
    assert [type(i) for i in found[:3]] == [Known, Known, Fetched]
    fetched_paths = [path for path, _ in server.requests[before:]]
    assert "/article/0.html" not in fetched_paths and "/article/2.html" in fetched_paths


def test_cached_feed_sends_its_validators_and_a_304_yields_no_articles(server):
    first = items([server.base + "/cached.rss"])
    mark = first[-1]
    assert (mark.etag, mark.modified) == (ETAG, LAST_MODIFIED) and len(first) == 3
    before = len(server.requests)
    again = items([server.base + "/cached.rss"], feeds=Headers(ETAG, LAST_MODIFIED))
    assert again == [FeedCheckpoint(server.base + "/cached.rss", ETAG, LAST_MODIFIED, ok=True, unchanged=True)]
    _path, headers = server.requests[before]
    assert headers.get("If-None-Match") == ETAG and headers.get("If-Modified-Since") == LAST_MODIFIED


def test_broken_feed_is_reported_with_its_line(server):
    found = items([server.base + "/broken.xml"])
    problem = found[0]
    assert problem.url == server.base + "/broken.xml"
    assert problem.error.startswith(server.base + "/broken.xml:3: malformed feed")
    assert isinstance(found[-1], FeedCheckpoint) and not found[-1].ok


def test_bad_pages_fail_with_a_clear_error(server):
    unreachable = closed_port_url()
    cases = {
        server.base + "/empty.html": "no article text",
        server.base + "/missing.html": "HTTP 404",
        server.base + "/big.html": "(--max-bytes)",
        unreachable: "unreachable",
    }
    for url, message in cases.items():
        article = only(items([url]))
        assert article.url == url and article.text is None
        assert article.error.startswith(url) and message in article.error, article.error


def test_slow_server_times_out(server):
    started = time.monotonic()
    article = only(items([server.base + "/slow.html"], limits=Limits(timeout=0.5)))
    assert "(--timeout)" in article.error and time.monotonic() - started < SLOW_SECONDS


def test_undeclared_latin1_page_names_the_line(server):
    article = only(items([server.base + "/latin1.html"]))
    assert article.error is not None
    assert article.error.startswith(server.base + "/latin1.html:")
    assert "not valid utf-8" in article.error and article.error.split(":")[3].isdigit()


def test_folder_of_text_html_and_jsonl(tmp_path):
    (tmp_path / "a.txt").write_text("Judul\n\nSebanyak 1.200 pekerja terlindungi.", encoding="utf-8")
    (tmp_path / "b.html").write_text(news_page(NO_YEAR_ARTICLE, PUBLISHED[2]), encoding="utf-8")
    records = [
        {"id": "r1", "text": "Teks satu.", "meta": {"published": "2024-05-01", "url": "https://x.id/r1"}},
        {"id": "r2", "text": "Teks dua."},
    ]
    lines = [json.dumps(r) for r in records] + ["{not json"]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "d.txt").write_bytes(b"baris\n\xff")
    (tmp_path / "e.html").write_text("<html><body><nav><a href='/'>Beranda</a></nav></body></html>", encoding="utf-8")
    (tmp_path / "ignored.csv").write_text("x", encoding="utf-8")
    found = items([str(tmp_path)], known=lambda url: url.endswith("#r2"))
    by_name = {i.url.rsplit("/", 1)[1]: i for i in found}
    assert set(by_name) == {"a.txt", "b.html", "r1", "c.jsonl#r2", "c.jsonl#line-3", "d.txt", "e.html"}
    assert by_name["a.txt"].title == "Judul" and by_name["a.txt"].text.endswith("terlindungi.")
    assert by_name["b.html"].published == "2024-09-05" and "12.500 pekerja" in by_name["b.html"].text
    assert by_name["r1"].published == "2024-05-01" and by_name["r1"].text == "Teks satu."
    assert isinstance(by_name["c.jsonl#r2"], Known)
    assert by_name["c.jsonl#line-3"].error.endswith(
        "c.jsonl:3: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
    )
    assert by_name["d.txt"].error.endswith("d.txt:2: not UTF-8 (byte 6: b'\\xff')")
    assert by_name["e.html"].error.startswith(f"{tmp_path / 'e.html'}: no article text found")


def test_file_over_the_size_limit_is_refused(tmp_path):
    (tmp_path / "big.txt").write_text("kata " * 1000, encoding="utf-8")
    article = only(items([str(tmp_path / "big.txt")], limits=Limits(max_bytes=100)))
    assert "over the limit of 100" in article.error
