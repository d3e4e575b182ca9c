"""``warta run``: sources in, facts in the store; serial, in worker processes, or on Dask.

The parent reads the sources, decides what each article is (new, already stored, a copy,
unreadable), sends new ones in batches to the extractors and writes results in input order,
one transaction per article. Workers only extract, so the store has a single writer and the
results do not depend on how many workers there are.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pipeline.dedup import THRESHOLD, band_keys, content_hash, jaccard, shingles, signature
from pipeline.extract import Article
from pipeline.ingest import FeedCheckpoint, Fetched, Known, Limits, iter_items
from pipeline.store import Store

DEFAULT_BATCH = 8


@dataclass(frozen=True)
class RunSettings:
    limits: Limits = field(default_factory=Limits)
    workers: int = 1
    dask: str | None = None  # scheduler address, or "local" for a LocalCluster on 127.0.0.1
    batch: int = DEFAULT_BATCH
    near_copies: bool = True
    quiet: bool = False
    tokenizer: str | None = None  # "stanza" or "blank"; None: $WARTA_TOKENIZER, else stanza


@dataclass
class Summary:
    fetched: int = 0
    processed: int = 0
    skipped: int = 0
    duplicates: int = 0
    failed: int = 0
    facts: int = 0
    feeds_unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"fetched {self.fetched}, processed {self.processed}, skipped {self.skipped}, "
            f"duplicates {self.duplicates}, failed {self.failed}, facts {self.facts}"
            + (f"; {self.feeds_unchanged} feed(s) not modified" if self.feeds_unchanged else "")
        )


@dataclass
class Entry:
    """One decision about one item, written in input order."""

    kind: str  # "extract", "duplicate", "failed", "checkpoint"
    item: Fetched | FeedCheckpoint
    text_hash: str | None = None
    shingle_set: set[int] = field(default_factory=set)
    keys: list[int] = field(default_factory=list)
    original: str | None = None
    similarity: float = 0.0


@dataclass
class Batch:
    entries: list[Entry] = field(default_factory=list)
    future: Any = None  # concurrent or Dask future of extract_batch(articles of the "extract" entries)

    def articles(self) -> list[Article]:
        return [as_article(e.item) for e in self.entries if e.kind == "extract"]


def as_article(item: Fetched) -> Article:
    return Article(item.url, item.text or "", {"url": item.url, "title": item.title, "published": item.published})


# --- extraction, in whichever process runs it -----------------------------------------------


def load_pipeline(tokenizer: str | None = None) -> Any:
    """Worker initializer: the spaCy/Stanza pipeline, loaded once per process."""
    from pipeline.nlp import shared_nlp

    return shared_nlp(tokenizer)


def preload(tokenizer: str | None = None) -> None:
    load_pipeline(tokenizer)


def extract_batch(
    articles: list[Article], tokenizer: str | None = None
) -> list[tuple[list[dict[str, Any]], str | None]]:
    """(facts, error) per article; a batch that fails is retried one article at a time to isolate the culprit."""
    from pipeline.extract import extract_documents

    nlp = load_pipeline(tokenizer)
    try:
        return [(list(d.facts), None) for d in extract_documents(articles, nlp)]
    except Exception:  # noqa: BLE001 - any failure of the pipeline on one text must not stop the run
        return [extract_one(a, nlp) for a in articles]


def extract_one(article: Article, nlp: Any) -> tuple[list[dict[str, Any]], str | None]:
    from pipeline.extract import extract_documents

    try:
        return list(next(extract_documents([article], nlp)).facts), None
    except Exception as error:  # noqa: BLE001
        return [], f"{article.id}: extraction failed ({type(error).__name__}: {error})"


def done_future(value: Any) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


@contextmanager
def extractor(settings: RunSettings) -> Iterator[Callable[[list[Article]], Any]]:
    """A function that sends a batch of articles off and returns a future of its results."""
    if settings.dask:
        with dask_client(settings) as client:
            yield lambda articles: client.submit(extract_batch, articles, settings.tokenizer, pure=False)
    elif settings.workers > 1:
        context = multiprocessing.get_context("spawn")  # no forked copy of the parent's threads
        with ProcessPoolExecutor(
            settings.workers, mp_context=context, initializer=load_pipeline, initargs=(settings.tokenizer,)
        ) as pool:
            yield lambda articles: pool.submit(extract_batch, articles, settings.tokenizer)
    else:
        yield lambda articles: done_future(extract_batch(articles, settings.tokenizer))


@contextmanager
def dask_client(settings: RunSettings) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if settings.dask == "local":
        cluster = LocalCluster(
            n_workers=max(settings.workers, 1),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        cluster, client = None, Client(settings.dask)
    try:
        # Load the pipeline on every worker up front; workers joining later load it on their first batch.
        client.run(preload, settings.tokenizer)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def extractor_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"warta {version('warta')}"
    except PackageNotFoundError:
        return "warta dev"


# --- the run --------------------------------------------------------------------------------


class Run:
    def __init__(self, store: Store, settings: RunSettings, progress: Any) -> None:
        self.store, self.settings, self.progress = store, settings, progress
        self.summary = Summary()
        self.version = extractor_version()
        self.seen_urls: set[str] = set()
        self.pending_hashes: set[str] = set()  # sent off, not yet stored
        self.pending_bands: dict[int, list[Entry]] = {}

    def known(self, url: str) -> bool:
        return url in self.seen_urls or self.store.is_done(url)

    def decide(self, item: Fetched | Known | FeedCheckpoint) -> Entry | None:
        """What to do with one item; None when there is nothing to write."""
        if isinstance(item, FeedCheckpoint):
            return Entry("checkpoint", item)
        self.seen_urls.add(item.url)
        if isinstance(item, Known):
            return self.skip()
        if item.error:
            return Entry("failed", item)
        self.summary.fetched += 1
        text_hash = content_hash(item.text or "")
        if text_hash in self.pending_hashes or self.store.has_content(text_hash):
            return self.skip()
        entry = Entry("extract", item, text_hash)
        if self.settings.near_copies:
            entry.shingle_set = shingles(item.text or "")
            entry.keys = band_keys(signature(entry.shingle_set))
            match = self.pending_near_copy(entry) or self.store.near_copy_of(entry.shingle_set, entry.keys)
            if match:
                entry.kind, (entry.original, entry.similarity) = "duplicate", match
                return entry
            for key in entry.keys:
                self.pending_bands.setdefault(key, []).append(entry)
        self.pending_hashes.add(text_hash)
        return entry

    def skip(self) -> None:
        self.summary.skipped += 1
        self.progress.update(1)

    def pending_near_copy(self, entry: Entry) -> tuple[str, float] | None:
        candidates = {id(e): e for key in entry.keys for e in self.pending_bands.get(key, [])}
        scored = [(jaccard(entry.shingle_set, e.shingle_set), e.item.url) for e in candidates.values()]
        best = max(scored, default=None)
        return (best[1], best[0]) if best and best[0] >= THRESHOLD else None

    def write(self, batch: Batch) -> None:
        results = iter(results_of(batch))
        for entry in batch.entries:
            if entry.kind == "extract":
                self.write_extracted(entry, *next(results))
            elif entry.kind == "duplicate":
                self.store.write_duplicate(self.record(entry), entry.original or "", entry.similarity)
                self.summary.duplicates += 1
            elif entry.kind == "failed":
                self.fail(entry.item.url, entry.item.source, entry.item.error or "failed")
            else:
                self.checkpoint(entry.item)
            if entry.kind != "checkpoint":
                self.progress.update(1)

    def write_extracted(self, entry: Entry, facts: list[dict[str, Any]], error: str | None) -> None:
        if error:
            self.fail(entry.item.url, entry.item.source, error)
        else:
            self.store.write_processed(self.record(entry), facts, entry.keys, self.version)
            self.summary.processed += 1
            self.summary.facts += len(facts)
        self.forget_pending(entry)

    def forget_pending(self, entry: Entry) -> None:
        """Once stored, an original is found through the store."""
        self.pending_hashes.discard(entry.text_hash)
        for key in entry.keys:
            bucket = [e for e in self.pending_bands.get(key, []) if e is not entry]
            if bucket:
                self.pending_bands[key] = bucket
            else:
                self.pending_bands.pop(key, None)

    def fail(self, url: str, source: str, error: str) -> None:
        self.store.write_failed(url, source, error)
        self.summary.failed += 1
        self.summary.errors.append(error)

    def checkpoint(self, mark: FeedCheckpoint) -> None:
        """Every entry of the feed is stored by now, so its caching headers can be remembered."""
        if mark.unchanged:
            self.summary.feeds_unchanged += 1
        elif mark.ok:
            self.store.save_feed(mark.url, mark.etag, mark.modified)

    @staticmethod
    def record(entry: Entry) -> dict[str, Any]:
        item = entry.item
        return {
            "url": item.url,
            "source": item.source,
            "content_hash": entry.text_hash,
            "text": item.text,
            "title": item.title,
            "published": item.published,
        }


def run(sources: list[str], store: Store, settings: RunSettings = RunSettings()) -> Summary:
    """Process every article of ``sources`` not yet in ``store``; return the counts."""
    from tqdm import tqdm

    with tqdm(unit=" articles", file=sys.stderr, disable=settings.quiet, dynamic_ncols=True) as progress:
        job = Run(store, settings, progress)
        window = 2 * max(settings.workers, 1) + 1
        with extractor(settings) as submit:
            pending: deque[Batch] = deque()
            batch = Batch()
            for item in iter_items(sources, settings.limits, job.known, store):
                entry = job.decide(item)
                if entry is None:
                    continue
                batch.entries.append(entry)
                if sum(e.kind == "extract" for e in batch.entries) >= settings.batch:
                    pending.append(send(batch, submit))
                    batch = Batch()
                drain(pending, job, window)
            pending.append(send(batch, submit))
            drain(pending, job, 0)
            progress.set_postfix_str(job.summary.line(), refresh=True)
    return job.summary


def send(batch: Batch, submit: Callable[[list[Article]], Any]) -> Batch:
    articles = batch.articles()
    batch.future = submit(articles) if articles else None
    return batch


class RunAborted(RuntimeError):
    """The extractors stopped working (a worker died, the pipeline did not load); the store keeps what is written."""


def results_of(batch: Batch) -> list[tuple[list[dict[str, Any]], str | None]]:
    if batch.future is None:
        return []
    try:
        return batch.future.result()
    except Exception as error:  # extract_batch catches article errors, so this is the process or the cluster
        message = f"extraction stopped ({type(error).__name__}: {error}); what is stored stays, run again to go on"
        raise RunAborted(message) from error


def drain(pending: deque[Batch], job: Run, keep: int) -> None:
    """Write finished batches from the front; wait on the front while more than ``keep`` are out."""
    while pending and (len(pending) > keep or pending[0].future is None or pending[0].future.done()):
        job.write(pending.popleft())
