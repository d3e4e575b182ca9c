"""Sources to article texts: feeds, HTML pages, files and folders, each read within limits.

``iter_items`` turns the SOURCE arguments of ``warta run`` into a stream of ``Fetched``
articles (text, or the error that kept it out), ``Known`` articles (skipped unread) and
``FeedCheckpoint`` marks (a feed's caching headers, to remember once its entries are stored).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import time
import urllib.error
import urllib.request
import xml.sax
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from pipeline.extract import InputError, read_text_file

BOILERPLATE_FILE = Path(__file__).resolve().parent.parent / "configs" / "boilerplate.yaml"
USER_AGENT = "warta/0.1 (news facts about BPJS Ketenagakerjaan)"
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
HTML_SUFFIXES = (".html", ".htm")
MAX_TITLE_CHARS = 200
MIN_PAGE_WORDS = 15  # fewer words after cleaning is a menu or an error page, not an article


@dataclass(frozen=True)
class Limits:
    timeout: float = 20.0  # seconds for a whole HTTP response
    max_bytes: int = 5_000_000  # per page, feed or file
    fetchers: int = 4  # a feed's pages fetched at once


@dataclass(frozen=True)
class Fetched:
    """An article read from a source: ``text`` when it could be read, else ``error``."""

    url: str
    source: str
    text: str | None = None
    title: str | None = None
    published: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Known:
    """An article the caller already has: not read again."""

    url: str
    source: str


@dataclass(frozen=True)
class FeedCheckpoint:
    """Reached after a feed's entries; ``etag``/``modified`` are safe to remember once those are stored."""

    url: str
    etag: str | None
    modified: str | None
    ok: bool
    unchanged: bool = False  # the server answered 304 Not Modified


Item = Fetched | Known | FeedCheckpoint


class FeedState(Protocol):
    def feed_headers(self, url: str) -> tuple[str | None, str | None]: ...


class FetchError(Exception):
    """A source that could not be read; the message names it (and the line where there is one)."""


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


# --- HTTP -----------------------------------------------------------------------------------


def http_get(url: str, limits: Limits, headers: dict[str, str] | None = None) -> Response:
    """GET ``url`` within ``limits``; 304 comes back as a Response, every other failure as FetchError."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    deadline = time.monotonic() + limits.timeout
    try:
        with urllib.request.urlopen(request, timeout=limits.timeout) as answer:
            declared = int(answer.headers.get("Content-Length") or 0)
            if declared > limits.max_bytes:
                raise FetchError(f"{url}: {declared} bytes, over the limit of {limits.max_bytes} (--max-bytes)")
            body = read_limited(answer, url, limits, deadline)
            return Response(answer.status, body, {k.lower(): v for k, v in answer.headers.items()})
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Response(304)
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchError(f"{url}: no answer within {limits.timeout:g} s (--timeout)") from None
        raise FetchError(f"{url}: unreachable ({error.reason})") from None
    except TimeoutError:
        raise FetchError(f"{url}: no answer within {limits.timeout:g} s (--timeout)") from None
    except (OSError, ValueError) as error:
        raise FetchError(f"{url}: {error}") from None


def read_limited(answer, url: str, limits: Limits, deadline: float) -> bytes:
    """The body, refusing more than ``max_bytes`` and a server that trickles past the deadline."""
    chunks, size = [], 0
    while chunk := answer.read(65536):
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"{url}: more than {limits.max_bytes} bytes (--max-bytes)")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: no complete answer within {limits.timeout:g} s (--timeout)")
        chunks.append(chunk)
    return b"".join(chunks)


# --- HTML to text ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LineFilter:
    starts_with: tuple[str, ...]
    contains: tuple[str, ...]
    exact: frozenset[str]

    def drops(self, line: str) -> bool:
        folded = line.strip().casefold()
        return (
            folded in self.exact
            or folded.startswith(self.starts_with)
            or any(phrase in folded for phrase in self.contains)
        )


@lru_cache(maxsize=4)
def load_line_filter(path: Path = BOILERPLATE_FILE) -> LineFilter:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def folded(key: str) -> tuple[str, ...]:
        return tuple(str(p).strip().casefold() for p in data.get(key) or [])

    return LineFilter(folded("starts_with"), folded("contains"), frozenset(folded("exact")))


def clean_text(text: str, line_filter: LineFilter | None = None) -> str:
    """Drop boilerplate lines and blank runs; what is kept is not changed."""
    line_filter = line_filter or load_line_filter()
    kept = [line.strip() for line in text.splitlines() if line.strip() and not line_filter.drops(line)]
    return "\n\n".join(kept)


def declared_charset(body: bytes, content_type: str | None) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    match = match or re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", body[:4096], re.IGNORECASE)
    if not match:
        return "utf-8"
    charset = match.group(1)
    return charset.decode("ascii") if isinstance(charset, bytes) else charset


def decode(body: bytes, source: str, content_type: str | None = None) -> str:
    """Bytes to text in the declared charset (UTF-8 if none); an error names the line of the bad byte."""
    charset = declared_charset(body, content_type)
    try:
        return body.decode(charset)
    except LookupError:
        raise FetchError(f"{source}: unknown charset {charset!r}") from None
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        bad = body[error.start : error.start + 1]
        raise FetchError(f"{source}:{line}: not valid {charset} (byte {error.start}: {bad!r})") from None


def html_to_article(html: str, source: str) -> tuple[str, str | None, str | None]:
    """(text, title, published date) of a news page; FetchError when it holds no article text."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    text = clean_text(text)
    if len(text.split()) < MIN_PAGE_WORDS:
        raise FetchError(f"{source}: no article text found in the page ({len(text.split())} words)")
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata else None
    published = iso_day(metadata.date) if metadata and metadata.date else None
    return text, title, published


def iso_day(value: str | None) -> str | None:
    """An ISO day from ISO, RFC 822 (feeds) or partial dates, in the writer's own time zone; else None."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


# --- sources --------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """Said to be RSS/Atom by its type, or its root element is (XHTML pages start with ``<?xml`` too)."""
    if re.search(r"(rss|atom)\+xml|[/+]xml\b", content_type or "") and "xhtml" not in (content_type or ""):
        return True
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    head = re.sub(rb"^(<\?xml[^>]*>|<!--.*?-->|<\?xml-stylesheet[^>]*>|\s+)+", b"", head, flags=re.DOTALL).lower()
    return head.startswith((b"<rss", b"<feed", b"<rdf"))


def iter_items(
    sources: list[str], limits: Limits, known: Callable[[str], bool], feeds: FeedState | None = None
) -> Iterator[Item]:
    """Every article of ``sources`` in order; ``known(url)`` articles are not read again."""
    for source in sources:
        if is_url(source):
            yield from url_items(source, limits, known, feeds)
        else:
            yield from path_items(Path(source), source, limits, known)


def url_items(url: str, limits: Limits, known: Callable[[str], bool], feeds: FeedState | None) -> Iterator[Item]:
    etag, modified = feeds.feed_headers(url) if feeds else (None, None)
    if etag is None and modified is None and known(url):
        yield Known(url, url)
        return
    conditional = {"If-None-Match": etag} if etag else {}
    if modified:
        conditional["If-Modified-Since"] = modified
    try:
        response = http_get(url, limits, conditional)
    except FetchError as error:
        yield Fetched(url, url, error=str(error))
        return
    if response.status == 304:
        yield FeedCheckpoint(url, etag, modified, ok=True, unchanged=True)
        return
    content_type = response.headers.get("content-type")
    if etag or modified or looks_like_feed(response.body, content_type):
        yield from feed_items(response.body, url, limits, known, response.headers)
        return
    yield page_article(url, url, response.body, content_type)


def page_article(url: str, source: str, body: bytes, content_type: str | None = None, name: str = "") -> Fetched:
    """A page's article; errors name the page by ``name`` (a file's path) or its URL."""
    name = name or url
    try:
        text, title, published = html_to_article(decode(body, name, content_type), name)
    except FetchError as error:
        return Fetched(url, source, error=str(error))
    return Fetched(url, source, text, title, published)


def feed_items(
    body: bytes, feed_url: str, limits: Limits, known: Callable[[str], bool], headers: dict[str, str] | None = None
) -> Iterator[Item]:
    """The entries of a feed, each page fetched; a malformed feed is reported, entries recovered from it kept."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": feed_url})
    problem = feed_problem(parsed, feed_url)
    if problem:
        yield Fetched(feed_url, feed_url, error=problem)
    entries = list(parsed.entries)
    urls = [entry_url(entry, feed_url) for entry in entries]
    new = [not known(url) for url in urls]  # asked here: the caller's store stays in the caller's thread

    def article(index: int) -> Item:
        if not new[index]:
            return Known(urls[index], feed_url)
        return entry_article(entries[index], urls[index], feed_url, limits)

    with ThreadPoolExecutor(max_workers=max(limits.fetchers, 1)) as pool:
        yield from pool.map(article, range(len(entries)))  # fetched concurrently, handed on in feed order
    if is_url(feed_url):
        response_headers = headers or {}
        yield FeedCheckpoint(
            feed_url, response_headers.get("etag"), response_headers.get("last-modified"), ok=not problem
        )


def feed_problem(parsed: Any, feed_url: str) -> str | None:
    error = parsed.get("bozo_exception")
    if isinstance(error, xml.sax.SAXParseException):
        return f"{feed_url}:{error.getLineNumber()}: malformed feed ({error.getMessage()})"
    if not parsed.get("version") and not parsed.entries:
        return f"{feed_url}: not an RSS or Atom feed ({error or 'no entries'})"
    return None


def entry_url(entry: Any, feed_url: str) -> str:
    return entry.get("link") or f"{feed_url}#{entry.get('id') or entry.get('title')}"


def entry_article(entry: Any, url: str, feed_url: str, limits: Limits) -> Fetched:
    published = iso_day(entry.get("published") or entry.get("updated"))
    if entry.get("link"):
        try:
            response = http_get(url, limits)
        except FetchError as error:
            return Fetched(url, feed_url, error=str(error))
        article = page_article(url, feed_url, response.body, response.headers.get("content-type"))
    else:
        content = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        article = page_article(url, feed_url, content.encode("utf-8"), "text/html; charset=utf-8")
    if article.error:
        return article
    title = entry.get("title") or article.title
    return Fetched(url, feed_url, article.text, title, published or article.published)


def path_items(path: Path, source: str, limits: Limits, known: Callable[[str], bool]) -> Iterator[Item]:
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file()):
            yield from path_items(child, source, limits, known)
        return
    url = path.resolve().as_uri()
    if not path.exists():
        yield Fetched(url, source, error=f"{path}: no such file or folder")
        return
    if path.suffix.lower() == ".jsonl":
        yield from jsonl_items(path, source, known)
        return
    if known(url):
        yield Known(url, source)
        return
    if path.stat().st_size > limits.max_bytes:
        yield Fetched(url, source, error=f"{path}: {path.stat().st_size} bytes, over the limit of {limits.max_bytes}")
        return
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        body = path.read_bytes()
        yield from feed_items(body, url, limits, known)
    elif suffix in HTML_SUFFIXES:
        yield page_article(url, source, path.read_bytes(), name=str(path))
    else:
        yield text_article(path, url, source)


def text_article(path: Path, url: str, source: str) -> Fetched:
    try:
        article = read_text_file(path)
    except (InputError, OSError) as error:
        return Fetched(url, source, error=str(error))
    if not article.text.strip():
        return Fetched(url, source, error=f"{path}: empty file")
    first_line = article.text.strip().splitlines()[0].strip()
    return Fetched(url, source, article.text, first_line if len(first_line) <= MAX_TITLE_CHARS else None)


def jsonl_items(path: Path, source: str, known: Callable[[str], bool]) -> Iterator[Item]:
    """Records ``{"id", "text", "meta"}``; ``meta.url`` names the article when given, else file#id."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            fallback = f"{path.resolve().as_uri()}#line-{number}"
            try:
                record = json.loads(raw.decode("utf-8"))
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise InputError("record needs a string 'text'")
            except (UnicodeDecodeError, json.JSONDecodeError, InputError) as error:
                yield Fetched(fallback, source, error=f"{path}:{number}: {error}")
                continue
            meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
            url = meta.get("url") or (f"{path.resolve().as_uri()}#{record['id']}" if "id" in record else fallback)
            if known(url):
                yield Known(url, source)
            elif not record["text"].strip():
                yield Fetched(url, source, error=f"{path}:{number}: empty text")
            else:
                yield Fetched(url, source, record["text"], meta.get("title"), iso_day(meta.get("published")))
