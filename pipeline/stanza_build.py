"""Train warta's Indonesian Stanza models from UD treebanks with Stanza's own tools.

The recipe (``warta models build-stanza``):

1. assemble one combined treebank ``UD_Indonesian-Warta`` from the UD files given:
   train = GSD dev + CSUI train (every 10th sentence held out as dev),
   test = GSD test (Stanza's own per-processor scoring);
2. run ``stanza.utils.datasets.prepare_*_treebank`` and ``stanza.utils.training.run_*``
   for the tokenizer, the multi-word-token expander, the lemmatizer and the POS tagger
   (the tagger without pretrained word vectors);
3. copy the models to ``models/stanza/id/<processor>/warta.pt``;
4. score the whole pipeline on raw text of every held-out test file (GSD, CSUI, PUD)
   with the CoNLL 2018 evaluation script and write ``metrics.json`` beside the models.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

TREEBANK = "UD_Indonesian-Warta"
SHORT_NAME = "id_warta"
PROCESSORS = ("tokenize", "mwt", "lemma", "pos")
TRAIN_PARTS = ("UD_Indonesian-GSD/id_gsd-ud-dev.conllu", "UD_Indonesian-CSUI/id_csui-ud-train.conllu")
TEST_FILES = {
    "gsd": "UD_Indonesian-GSD/id_gsd-ud-test.conllu",
    "csui": "UD_Indonesian-CSUI/id_csui-ud-test.conllu",
    "pud": "UD_Indonesian-PUD/id_pud-ud-test.conllu",
}
DEV_EVERY = 10
# A smaller tagger than Stanza's default: without pretrained vectors the default spends
# minutes per hundred steps on two CPU cores for little gain on 1.2k sentences.
SMALL_TAGGER = [
    "--batch_size",
    "100",
    "--hidden_dim",
    "100",
    "--char_hidden_dim",
    "100",
    "--word_emb_dim",
    "50",
    "--char_emb_dim",
    "50",
    "--tag_emb_dim",
    "25",
    "--deep_biaff_hidden_dim",
    "100",
    "--composite_deep_biaff_hidden_dim",
    "50",
]


@dataclass(frozen=True)
class BuildSettings:
    """Training lengths per processor; the defaults are the shipped models' recipe."""

    tokenize_steps: int = 5000
    mwt_epochs: int = 30
    lemma_epochs: int = 10
    pos_steps: int = 600
    max_sentences: int | None = None  # a small slice for smoke tests
    processors: tuple[str, ...] = field(default=PROCESSORS)


def read_conllu_sentences(path: Path) -> list[str]:
    """Return the sentence blocks of a CoNLL-U file, each ending in a blank line."""
    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    return [block.strip() + "\n\n" for block in blocks if block.strip()]


def assemble_treebank(ud_dir: Path, udbase: Path, max_sentences: int | None) -> Path:
    """Write the combined train/dev/test CoNLL-U files Stanza's preparers look for."""
    train: list[str] = []
    for part in TRAIN_PARTS:
        train.extend(read_conllu_sentences(ud_dir / part))
    test = read_conllu_sentences(ud_dir / TEST_FILES["gsd"])
    if max_sentences is not None:
        train, test = train[:max_sentences], test[: max(max_sentences // 5, 5)]
    dev = train[::DEV_EVERY]
    train = [s for i, s in enumerate(train) if i % DEV_EVERY]
    out = udbase / TREEBANK
    out.mkdir(parents=True, exist_ok=True)
    for split, sentences in (("train", train), ("dev", dev), ("test", test)):
        (out / f"{SHORT_NAME}-ud-{split}.conllu").write_text("".join(sentences), encoding="utf-8")
    return out


def run_module(module: str, args: list[str], env: dict[str, str], cwd: Path) -> None:
    """Run one of Stanza's ``python -m`` tools, failing loudly with its exit code."""
    command = [sys.executable, "-m", module, *args]
    print("$", " ".join(command), flush=True)
    result = subprocess.run(command, env=env, cwd=cwd)
    if result.returncode != 0:
        raise RuntimeError(f"{module} failed with exit code {result.returncode}")


def training_commands(settings: BuildSettings, save_root: Path) -> dict[str, tuple[str, list[str], str, list[str]]]:
    """Preparer module and arguments, trainer module and arguments, for each processor.

    Lemma and POS data are prepared with gold tags (``--gold``): Stanza's default retags
    with a downloaded tagger, and nothing may be downloaded here.
    """
    save = lambda name: ["--save_dir", str(save_root / name), "--save_name", f"{name}.pt"]  # noqa: E731
    return {
        "tokenize": (
            "stanza.utils.datasets.prepare_tokenizer_treebank",
            [],
            "stanza.utils.training.run_tokenizer",
            [*save("tokenize"), "--steps", str(settings.tokenize_steps), "--no_charlm"],
        ),
        "mwt": (
            "stanza.utils.datasets.prepare_mwt_treebank",
            [],
            "stanza.utils.training.run_mwt",
            [*save("mwt"), "--num_epoch", str(settings.mwt_epochs)],
        ),
        "lemma": (
            "stanza.utils.datasets.prepare_lemma_treebank",
            ["--gold"],
            "stanza.utils.training.run_lemma",
            [*save("lemma"), "--num_epoch", str(settings.lemma_epochs), "--no_charlm"],
        ),
        "pos": (
            "stanza.utils.datasets.prepare_pos_treebank",
            [],
            "stanza.utils.training.run_pos",
            [
                *save("pos"),
                "--max_steps",
                str(settings.pos_steps),
                "--eval_interval",
                str(min(100, settings.pos_steps)),
                "--no_pretrain",
                "--no_charlm",
                *SMALL_TAGGER,
            ],
        ),
    }


def processor_settings(settings: BuildSettings, processor: str) -> dict:
    """The training length a processor was built with (for metrics.json)."""
    return {
        "tokenize": {"steps": settings.tokenize_steps},
        "mwt": {"epochs": settings.mwt_epochs},
        "lemma": {"epochs": settings.lemma_epochs},
        "pos": {"steps": settings.pos_steps, "tagger": "small"},
    }[processor]


def previous_recipe(model_dir: Path) -> dict:
    """Per-processor settings already recorded, so a partial rebuild keeps the others'."""
    path = model_dir / "metrics.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("recipe", {}).get("processors", {})


def build_stanza_models(ud_dir: Path, model_dir: Path, work_dir: Path, settings: BuildSettings) -> dict:
    """Train every processor in ``settings``, install them in ``model_dir`` and score them."""
    ud_dir, model_dir, work_dir = ud_dir.resolve(), model_dir.resolve(), work_dir.resolve()
    missing = [p for p in (*TRAIN_PARTS, *TEST_FILES.values()) if not (ud_dir / p).exists()]
    if missing:
        raise FileNotFoundError(f"UD files missing under {ud_dir}: {', '.join(missing)}")
    udbase, data_root, save_root = work_dir / "ud", work_dir / "data", work_dir / "saved_models"
    assemble_treebank(ud_dir, udbase, settings.max_sentences)
    env = {
        **os.environ,
        "UDBASE": str(udbase),
        "DATA_ROOT": str(data_root),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2"),
    }
    for processor, (prepare, prepare_args, train, args) in training_commands(settings, save_root).items():
        if processor not in settings.processors:
            continue
        run_module(prepare, [TREEBANK, *prepare_args], env, work_dir)
        run_module(train, [TREEBANK, "--force", *args], env, work_dir)
        target = model_dir / "id" / processor / "warta.pt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(save_root / processor / f"{processor}.pt", target)
    # Stanza's Pipeline reads a resources file even when nothing is downloaded.
    (model_dir / "resources.json").write_text(json.dumps({"id": {"lang_name": "Indonesian"}}) + "\n", encoding="utf-8")
    from pipeline.stanza_eval import score_test_files

    installed = tuple(p for p in PROCESSORS if (model_dir / "id" / p / "warta.pt").exists())
    metrics = score_test_files(ud_dir, model_dir, TEST_FILES, installed, work_dir / "eval")
    metrics["recipe"] = {
        "train": list(TRAIN_PARTS),
        "dev": f"every {DEV_EVERY}th training sentence",
        "max_sentences": settings.max_sentences,
        "processors": {
            **previous_recipe(model_dir),
            **{p: processor_settings(settings, p) for p in settings.processors},
        },
    }
    (model_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return metrics
