"""Stanza's Indonesian tokenizer as a spaCy tokenizer, with exact character offsets.

Mapping (see docs in README, "Tokenisation"):

* one spaCy token per Stanza *token* (the surface unit with character offsets); a
  multi-word token (``menyetujuinya`` = ``menyetujui`` + ``nya``) stays one spaCy token, so
  every token is a slice of the input and offsets never move. Its syntactic words are kept
  in ``token._.words`` as ``(text, lemma, upos)``; ``lemma_`` and ``pos_`` come from the
  host word (the longest one: ``menyetujui`` in ``menyetujuinya``, ``tulis`` in ``kutulis``);
* text between Stanza tokens that is not a single space (newlines, NBSP, runs of spaces,
  characters Stanza skipped) becomes its own token, as spaCy does with whitespace, so
  ``doc.text`` is always exactly the input text;
* sentence starts come from Stanza's sentence split.

Nothing is ever downloaded: models load from an explicit directory with
``download_method=None``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from spacy.attrs import IDX, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import registry
from spacy.vocab import Vocab

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_DIR = Path(os.environ.get("WARTA_STANZA_DIR", PROJECT_ROOT / "models" / "stanza"))
DEFAULT_PROCESSORS = ("tokenize", "mwt", "lemma", "pos")
BUILD_HINT = "build them with: warta models build-stanza --ud ../shared/ud"

if not Token.has_extension("words"):
    Token.set_extension("words", default=())


class StanzaModelMissing(FileNotFoundError):
    """A Stanza model file is not where warta looks for it."""


def installed_processors(model_dir: Path | str = DEFAULT_MODEL_DIR) -> tuple[str, ...]:
    """The processors whose models are in ``model_dir`` (tokenize is always asked for)."""
    found = tuple(p for p in DEFAULT_PROCESSORS if (Path(model_dir) / "id" / p / "warta.pt").exists())
    return found if "tokenize" in found else ("tokenize",)


def model_paths(model_dir: Path, processors: Iterable[str]) -> dict[str, Path]:
    """The model file for each processor, ``<dir>/id/<processor>/warta.pt``."""
    return {p: Path(model_dir) / "id" / p / "warta.pt" for p in processors}


def use_default_threads() -> None:
    """One torch thread unless the user chose (``OMP_NUM_THREADS``, ``WARTA_TORCH_THREADS``).
    On two cores a second thread bought Stanza at most 1.25x for 1.7x the CPU, and when
    another process (a second worker, a benchmark) holds a core its spinning threads made
    the pipeline several times slower (see README, "Speed")."""
    import torch

    chosen = os.environ.get("WARTA_TORCH_THREADS") or os.environ.get("OMP_NUM_THREADS")
    torch.set_num_threads(int(chosen) if chosen and chosen.isdigit() and int(chosen) > 0 else 1)


def load_stanza(model_dir: Path | str = DEFAULT_MODEL_DIR, processors: Iterable[str] = DEFAULT_PROCESSORS):
    """Load the Stanza pipeline from ``model_dir``; raise with the build command if missing."""
    import stanza

    use_default_threads()
    processors = tuple(processors)
    paths = model_paths(Path(model_dir), processors)
    missing = [str(path) for path in paths.values() if not path.exists()]
    if missing:
        raise StanzaModelMissing(f"Stanza model(s) not found: {', '.join(missing)}; {BUILD_HINT}")
    options = {f"{p}_model_path": str(path) for p, path in paths.items()}
    if "pos" in processors:
        options["pos_pretrain_path"] = None
    return stanza.Pipeline(
        lang="id",
        dir=str(model_dir),
        processors=",".join(processors),
        download_method=None,
        logging_level="WARN",
        use_gpu=False,
        **options,
    )


class TokenPiece(NamedTuple):
    """A slice of the text that becomes one spaCy token."""

    start: int
    end: int
    sent_start: bool = False
    lemma: str | None = None
    pos: str | None = None
    words: tuple[tuple[str, str | None, str | None], ...] = ()


def host_word(words: list) -> object:
    """The word carrying a multi-word token's meaning: the longest one."""
    return max(words, key=lambda w: len(w.text))


# one C call per token and per word instead of a property call per attribute
TOKEN_SPAN = attrgetter("start_char", "end_char", "words")
WORD_ANALYSIS = attrgetter("text", "lemma", "upos")


def stanza_pieces(text: str, stanza_doc, offset: int = 0) -> list[TokenPiece]:
    """Token slices of ``text``, which starts at ``offset`` in the text Stanza read;
    checked to be in order and inside ``text``."""
    pieces: list[TokenPiece] = []
    last_end, limit, size = 0, offset + len(text), len(text)
    for sentence in stanza_doc.sentences:
        sent_start = True
        for token in sentence.tokens:
            start_char, end_char, words = TOKEN_SPAN(token)
            if start_char is None:
                raise ValueError(f"Stanza token {token.text!r} has no offsets")
            if not offset <= start_char < limit:
                sent_start = False
                continue
            start, end = start_char - offset, end_char - offset
            if start < last_end or end > size or end <= start:
                raise ValueError(f"Stanza token {token.text!r} has unusable offsets {start}-{end}")
            if len(words) == 1:
                analyses = (WORD_ANALYSIS(words[0]),)
                host = analyses[0]
            else:
                analyses = tuple(map(WORD_ANALYSIS, words))
                host = WORD_ANALYSIS(host_word(words))
            pieces.append(TokenPiece(start, end, sent_start, host[1], host[2], analyses))
            sent_start = False
            last_end = end
    return pieces


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("warta_text")
    if text is None:
        text = doc.user_data["warta_text"] = doc.text
    return text


class TokenTable(NamedTuple):
    """A doc's token texts, lower-cased forms, character offsets and sentence bounds as
    lists, for rules that walk tokens: a list index instead of a spaCy Token per step."""

    texts: list[str]
    lowers: list[str]
    starts: list[int]
    sentence_starts: list[int]  # per token: its sentence's first token
    sentence_ends: list[int]  # per token: the token after its sentence


def token_table(doc: Doc) -> TokenTable:
    """The doc's ``TokenTable``, built once (tokens never change after tokenisation) and kept
    in ``user_data`` as plain lists, so a Doc still serialises. The Stanza tokenizer writes
    it as it builds the Doc; for other Docs it is read from the token arrays."""
    stored = doc.user_data.get("warta_tokens")
    if type(stored) is TokenTable:
        return stored
    if stored is None:
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, IDX, SENT_START]).tolist() if len(doc) else []
        texts = [strings[row[0]] for row in columns]
        stored = doc.user_data["warta_tokens"] = tabulate(
            texts, [text.lower() for text in texts], [row[1] for row in columns], [row[2] == 1 for row in columns]
        )
    if not isinstance(stored, TokenTable):  # lists, as read back from a serialised Doc
        stored = doc.user_data["warta_tokens"] = TokenTable(*stored)
    return stored


def tabulate(texts: list[str], lowers: list[str], starts: list[int], sentence_start: list[bool]) -> TokenTable:
    """A ``TokenTable``; the first token always starts a sentence (as in spaCy's ``Span.sent``)."""
    first_tokens = [i for i, flag in enumerate(sentence_start) if flag or i == 0]
    bounds = list(zip(first_tokens, [*first_tokens[1:], len(texts)]))
    return TokenTable(
        texts,
        lowers,
        starts,
        [start for start, end in bounds for _ in range(start, end)],
        [end for start, end in bounds for _ in range(start, end)],
    )


ABBREVIATIONS_BEFORE_NAMES = {"PT", "CV", "UD", "PD", "KH", "HJ", "IR", "DR", "JL", "NO", "ST", "TBK"}


def split_after_acronyms(text: str, pieces: list[TokenPiece]) -> list[TokenPiece]:
    """Start a sentence after ``ACRONYM .`` when a capitalised word follows (``di BPJS TK. Kepala``),
    a boundary Stanza's Indonesian model tends to miss; not after ``PT.``, ``Dr.`` and the like."""
    repaired = list(pieces)
    for i, dot in enumerate(pieces[1:-1], 1):
        if text[dot.start] != "." or dot.end - dot.start != 1:
            continue
        before, after = pieces[i - 1], pieces[i + 1]
        word = text[before.start : before.end]
        if (
            re.fullmatch(r"[A-Z]{2,}", word)
            and word not in ABBREVIATIONS_BEFORE_NAMES
            and text[after.start].isupper()
            and not after.sent_start
        ):
            repaired[i + 1] = after._replace(sent_start=True)
    return repaired


def fill_gaps(text: str, pieces: list[TokenPiece]) -> tuple[list[TokenPiece], list[bool]]:
    """Add gap tokens so that the pieces and their trailing spaces tile ``text`` exactly."""
    tiled: list[TokenPiece] = []
    spaces: list[bool] = []
    cursor = 0
    for piece in [*pieces, TokenPiece(len(text), len(text))]:
        start = piece.start
        if start > cursor:  # a gap: its first space trails the previous token, the rest is a token
            if tiled and text[cursor] == " " and not spaces[-1]:
                spaces[-1] = True
                cursor += 1
            if start > cursor:
                tiled.append(TokenPiece(cursor, start, sent_start=not tiled))
                spaces.append(False)
        if piece.end > start:
            tiled.append(piece)
            spaces.append(False)
        cursor = piece.end
    return tiled, spaces


def pieces_to_doc(vocab: Vocab, text: str, pieces: list[TokenPiece]) -> Doc:
    """Build the spaCy Doc; its text is verified to equal the input."""
    tiled, spaces = fill_gaps(text, split_after_acronyms(text, pieces))
    words = [text[p.start : p.end] for p in tiled]
    # spaCy's doc.text is the words joined with their trailing spaces: cannot differ by
    # construction, but a shifted text must never be handed on
    if "".join(word + " " if space else word for word, space in zip(words, spaces)) != text:
        raise AssertionError("tokenizer changed the text")
    has_sentences = any(p.sent_start for p in tiled)
    sent_starts = [p.sent_start or i == 0 for i, p in enumerate(tiled)] if has_sentences else None
    doc = Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    if any(p.lemma is not None or p.pos is not None for p in tiled):
        for token, piece in zip(doc, tiled):
            if piece.lemma is not None:
                token.lemma_ = piece.lemma
            if piece.pos is not None:
                token.pos_ = piece.pos
    # token._.words, written where spaCy's Underscore keeps a token's value (its character
    # offset is piece.start), without creating a Token and an Underscore per token
    doc.user_data.update({("._.", "words", p.start, None): p.words for p in tiled})
    doc.user_data["warta_text"] = text
    starts = [p.start for p in tiled]
    doc.user_data["warta_tokens"] = tabulate(words, [w.lower() for w in words], starts, sent_starts or [False] * len(words))
    return doc


def freeze_loaded() -> None:
    """Keep what is loaded by now (models, patterns, gazetteer: ~400,000 objects) out of the
    cyclic garbage collector's full passes, which walked all of it a dozen times per 100
    articles (about 6% of the pipeline's time)."""
    import gc

    gc.collect()
    gc.freeze()


def chunked(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class StanzaTokenizer:
    """A spaCy tokenizer backed by warta's Stanza models; ``doc.text`` is the input text."""

    def __init__(
        self,
        vocab: Vocab,
        model_dir: Path | str = DEFAULT_MODEL_DIR,
        processors: Iterable[str] | None = None,
        batch_size: int = 32,
    ) -> None:
        self.vocab = vocab
        self.model_dir = Path(model_dir)
        self.processors = tuple(processors) if processors else installed_processors(model_dir)
        self.batch_size = batch_size
        self._stanza = None

    @property
    def stanza(self):
        if self._stanza is None:
            self._stanza = load_stanza(self.model_dir, self.processors)
            freeze_loaded()
        return self._stanza

    def __call__(self, text: str) -> Doc:
        if not text.strip():
            return pieces_to_doc(self.vocab, text, [])
        return pieces_to_doc(self.vocab, text, stanza_pieces(text, self.stanza(text)))

    def pipe(self, texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
        """Many texts per Stanza call with Stanza's ``bulk_process``. (Reading the next batch
        in a thread while the caller works on this one bought nothing: Stanza's own Python
        and the rules share one GIL.)"""
        for batch in chunked(texts, batch_size or self.batch_size):
            yield from self._docs(*self._read(batch))

    def _read(self, texts: list[str]) -> tuple[list[str], list]:
        """Stanza's documents for ``texts`` (None for blank texts)."""
        import stanza

        busy = [t for t in texts if t.strip()]
        processed = iter(self.stanza.bulk_process([stanza.Document([], text=t) for t in busy]) if busy else [])
        return texts, [next(processed) if t.strip() else None for t in texts]

    def _docs(self, texts: list[str], stanza_docs: list) -> Iterator[Doc]:
        for text, stanza_doc in zip(texts, stanza_docs):
            pieces = stanza_pieces(text, stanza_doc) if stanza_doc is not None else []
            yield pieces_to_doc(self.vocab, text, pieces)

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "StanzaTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, **kwargs) -> "StanzaTokenizer":
        return self


@registry.tokenizers("warta.stanza_tokenizer.v1")
def create_stanza_tokenizer(model_dir: str = "", processors: str = ""):
    """Config: ``[nlp.tokenizer] @tokenizers = "warta.stanza_tokenizer.v1"``; an empty
    ``model_dir`` means the shipped models, empty ``processors`` every installed one."""

    def make(nlp: Language) -> StanzaTokenizer:
        return StanzaTokenizer(nlp.vocab, model_dir or DEFAULT_MODEL_DIR, processors.split(",") if processors else None)

    return make
