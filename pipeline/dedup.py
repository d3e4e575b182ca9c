"""Near-copies of articles (syndicated news): word 5-gram shingles, MinHash signatures, LSH bands.

Two articles are near-copies when the Jaccard similarity of their shingle sets is at least
``THRESHOLD``. MinHash bands only propose candidates; the exact Jaccard decides.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

SHINGLE_WORDS = 5
THRESHOLD = 0.9
PERMUTATIONS = 128
BANDS = 16  # 16 bands of 8 rows: a pair at Jaccard 0.9 shares a band with p > 0.999, at 0.5 with p < 0.07
ROWS = PERMUTATIONS // BANDS
_PRIME = np.uint64((1 << 61) - 1)
_random = np.random.default_rng(20240903)  # fixed: signatures must agree between runs and processes
_A = _random.integers(1, 1 << 32, PERMUTATIONS, dtype=np.uint64)
_B = _random.integers(0, 1 << 32, PERMUTATIONS, dtype=np.uint64)


def normalised_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def content_hash(text: str) -> str:
    """Identity of a text up to whitespace."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def shingles(text: str) -> set[int]:
    """32-bit hashes of the word 5-grams (the whole text when shorter)."""
    words = normalised_words(text)
    grams = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    return {int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "little") for g in grams}


def jaccard(a: set[int], b: set[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def signature(shingle_set: set[int]) -> np.ndarray:
    values = np.fromiter(shingle_set or {0}, dtype=np.uint64)
    # Overflow in uint64 wraps; harmless, the permutation only has to be the same everywhere.
    with np.errstate(over="ignore"):
        hashed = (np.outer(_A, values) + _B[:, None]) % _PRIME
    return hashed.min(axis=1)


def band_keys(sig: np.ndarray) -> list[int]:
    """One 63-bit key per band (band number mixed in), for an indexed lookup."""
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(
            sig[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8, person=b"band%02d" % band
        )
        keys.append(int.from_bytes(digest.digest(), "little") >> 1)
    return keys
