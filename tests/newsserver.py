"""A news site on 127.0.0.1 for tests: feeds (RSS, Atom, broken, cached) and article pages built from the seeds."""

from __future__ import annotations

import datetime as dt
import html
import socket
import sys
import threading
import time
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
ETAG = '"warta-feed-v1"'
LAST_MODIFIED = "Tue, 03 Sep 2024 03:00:00 GMT"
PUBLISHED = [dt.datetime(2024, 9, 3 + i, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))) for i in range(8)]
NO_YEAR_ARTICLE = (
    "Pekerja Kota Palu Terlindungi\n"
    "Palu, Senin (2/9) - BPJS Ketenagakerjaan Cabang Palu mencatat sebanyak 12.500 pekerja di Kota Palu "
    "telah terlindungi program jaminan sosial ketenagakerjaan. Capaian itu naik dibanding tahun lalu, "
    "kata Kepala BPJS Ketenagakerjaan Cabang Palu, Budi Santoso, di Palu."
)
SLOW_SECONDS = 3.0
SLOW_ARTICLE_SECONDS = 1.0
BIG_BYTES = 10 * 1024 * 1024


def seed_text(index: int) -> str:
    return SEEDS[index].read_text(encoding="utf-8")


def article_texts() -> list[str]:
    return [seed_text(i) for i in range(len(SEEDS))] + [NO_YEAR_ARTICLE]


def news_page(text: str, published: dt.datetime) -> str:
    """A realistic Indonesian news page: menu, headline, paragraphs with cross-links, credits, sidebar, footer."""
    title, *paragraphs = [p for p in text.split("\n") if p.strip()]
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    body.insert(min(2, len(body)), '<p><strong>Baca juga:</strong> <a href="/other">Harga cabai naik lagi</a></p>')
    body += ["<p>Pewarta: Rina Wulandari</p>", "<p>Editor: Andi Wijaya</p>"]
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)} - Warta Lokal</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="{published.isoformat()}"></head>
<body><header><nav><ul><li><a href="/">Beranda</a></li><li><a href="/ekonomi">Ekonomi</a></li>
<li><a href="/daerah">Daerah</a></li><li><a href="/olahraga">Olahraga</a></li></ul></nav></header>
<main><article><h1>{html.escape(title)}</h1><div class="meta">Warta Lokal - {published:%d/%m/%Y %H:%M} WIB</div>
<div class="content">{"".join(body)}</div>
<div class="tags">Tag: BPJS Ketenagakerjaan, jaminan sosial</div></article>
<aside><h3>Terpopuler</h3><ul><li><a href="/p/1">Jadwal libur sekolah diumumkan</a></li>
<li><a href="/p/2">Harga emas hari ini turun</a></li></ul></aside></main>
<footer><p>Cek Berita dan Artikel lainnya di Google News</p>
<p>Copyright © 2024 Warta Lokal. All rights reserved.</p><p>Exit mobile version</p></footer></body></html>"""


def rss(base: str, indexes: range | list[int]) -> str:
    items = "".join(
        f"<item><title>Artikel {i}</title><link>{base}/article/{i}.html</link><guid>{base}/article/{i}.html</guid>"
        f"<pubDate>{format_datetime(PUBLISHED[i])}</pubDate></item>"
        for i in indexes
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Warta Lokal</title>'
        f"<link>{base}/</link><description>Berita</description>{items}</channel></rss>"
    )


def atom(base: str, indexes: list[int]) -> str:
    entries = "".join(
        f'<entry><title>Artikel {i}</title><link href="{base}/article/{i}.html"/><id>urn:warta:{i}</id>'
        f"<updated>{PUBLISHED[i].isoformat()}</updated></entry>"
        for i in indexes
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Warta Atom</title>'
        f"<id>urn:warta</id><updated>2024-09-03T00:00:00Z</updated>{entries}</feed>"
    )


BROKEN_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Rusak</title>
<item><title>Satu & dua</title><link>http://127.0.0.1:9/none</link></item>
<item><title>Tiga</title>
</channel></rss>"""


class NewsHandler(BaseHTTPRequestHandler):
    server: NewsServer

    def log_message(self, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers)))
        route = ROUTES.get(self.path.split("?")[0])
        if route is None and self.path.startswith("/article/"):
            route = article_route
        if route is None and self.path.startswith("/slow-article/"):
            route = slow_article_route
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)

    def reply(self, body: bytes, content_type: str, headers: dict[str, str] | None = None, length: bool = True):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def article_route(handler: NewsHandler) -> None:
    index = int(handler.path.rsplit("/", 1)[1].split(".")[0])
    texts = article_texts()
    if index >= len(texts):
        handler.send_error(404, "Not Found")
        return
    handler.reply(news_page(texts[index], PUBLISHED[index]).encode("utf-8"), "text/html; charset=utf-8")


def slow_article_route(handler: NewsHandler) -> None:
    time.sleep(SLOW_ARTICLE_SECONDS)
    article_route(handler)


def cached_feed(handler: NewsHandler) -> None:
    if handler.headers.get("If-None-Match") == ETAG or handler.headers.get("If-Modified-Since") == LAST_MODIFIED:
        handler.send_response(304)
        handler.end_headers()
        return
    body = rss(handler.server.base, range(2)).encode("utf-8")
    handler.reply(body, "application/rss+xml", {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})


def slow_page(handler: NewsHandler) -> None:
    time.sleep(SLOW_SECONDS)
    handler.reply(news_page(seed_text(0), PUBLISHED[0]).encode("utf-8"), "text/html; charset=utf-8")


def big_page(handler: NewsHandler) -> None:
    # No Content-Length: the reader has to stop counting bytes itself.
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.end_headers()
    chunk = b"<p>" + b"kata " * 2000 + b"</p>\n"
    try:
        for _ in range(BIG_BYTES // len(chunk) + 1):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


ROUTES = {
    "/feed.rss": lambda h: h.reply(rss(h.server.base, range(len(article_texts()))).encode(), "application/rss+xml"),
    "/slow.rss": lambda h: h.reply(
        rss(h.server.base, range(4)).replace("/article/", "/slow-article/").encode(), "application/rss+xml"
    ),
    "/palu.rss": lambda h: h.reply(rss(h.server.base, [5]).encode(), "application/rss+xml"),
    "/feed.atom": lambda h: h.reply(atom(h.server.base, [3, 4]).encode(), "application/atom+xml"),
    "/cached.rss": cached_feed,
    "/broken.xml": lambda h: h.reply(BROKEN_FEED.encode(), "application/rss+xml"),
    "/slow.html": slow_page,
    "/big.html": big_page,
    "/empty.html": lambda h: h.reply(b"", "text/html; charset=utf-8"),
    "/latin1.html": lambda h: h.reply(
        news_page(seed_text(1), PUBLISHED[1]).replace('<meta charset="utf-8">', "").encode("utf-8")[:600]
        + b"\n<p>Pekerja \xe9 terlindungi</p>\n",
        "text/html",
    ),
}


class NewsServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), NewsHandler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):  # a client that gave up
            super().handle_error(request, client_address)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing.html"
