"""The ``warta`` command: one subcommand per job; the work is done in the stage modules."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def cmd_build_stanza(args: argparse.Namespace) -> int:
    from pipeline.stanza_build import BuildSettings, build_stanza_models

    settings = BuildSettings(
        tokenize_steps=args.tokenize_steps,
        mwt_epochs=args.mwt_epochs,
        lemma_epochs=args.lemma_epochs,
        pos_steps=args.pos_steps,
        max_sentences=args.max_sentences,
        processors=tuple(args.processors.split(",")),
    )
    metrics = build_stanza_models(Path(args.ud), Path(args.out), Path(args.work_dir), settings)
    for name, scores in metrics["test_f1"].items():
        print(name, " ".join(f"{k}={v}" for k, v in scores.items()))
    return 0


def cmd_annotations_build(args: argparse.Namespace) -> int:
    from pipeline.annotations import build_annotations

    errors = build_annotations(Path(args.src), Path(args.out))
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


def cmd_annotations_check(args: argparse.Namespace) -> int:
    from pipeline.annotations import check_files

    errors, count = check_files([Path(p) for p in args.files])
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{count} valid record(s), {len(errors)} problem(s)")
    return 1 if errors else 0


def cmd_annotations_export(args: argparse.Namespace) -> int:
    from pipeline.interchange import export_annotations
    from pipeline.schema import read_jsonl

    errors: list[str] = []
    documents = [d for path in args.inputs for d in read_jsonl(path, errors=errors)]
    written = export_annotations(documents, args.output, args.format, args.model_version, args.tokens)
    for error in errors:
        print(error, file=sys.stderr)
    print(f"{len(documents)} document(s) -> {', '.join(map(str, written))}; {len(errors)} input error(s)")
    return 1 if errors else 0


def cmd_annotations_import(args: argparse.Namespace) -> int:
    from pipeline.interchange import import_annotations
    from pipeline.schema import write_jsonl

    result = import_annotations(args.sources, args.format)
    count = write_jsonl(args.output, result.documents)
    for message in result.rejected + result.skipped:
        print(message, file=sys.stderr)
    spans = sum(len(d.spans) for d in result.documents)
    facts = sum(len(d.facts) for d in result.documents)
    print(
        f"{count} document(s), {spans} span(s), {facts} fact(s) -> {args.output}; "
        f"{len(result.rejected)} rejected, {len(result.skipped)} skipped"
    )
    return 1 if result.rejected else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.extract import checked, extract_documents, iter_articles
    from pipeline.schema import write_jsonl

    errors: list[str] = []
    articles = list(checked(iter_articles([Path(p) for p in args.paths], errors), errors))
    facts = 0

    def counted(documents):
        nonlocal facts
        for document in documents:
            facts += len(document.facts)
            yield document

    nlp = pipeline_for(args.classifier) if args.classifier else None
    count = write_jsonl(args.output, counted(extract_documents(articles, nlp)))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"{count} document(s), {facts} fact(s) -> {args.output}; {len(errors)} input error(s)")
    return 1 if errors else 0


def read_gold(paths: list[str]) -> list:
    from pipeline.gazetteer import region_codes
    from pipeline.schema import read_jsonl

    return [d for path in paths for d in read_jsonl(path, region_codes())]


def pipeline_for(classifier: str | None):
    """The pipeline with the chosen classifier folder (``none``: rules alone; default: shipped)."""
    import os

    from pipeline.nlp import build_nlp

    chosen = classifier or "default"
    return build_nlp(os.environ.get("WARTA_TOKENIZER", "stanza"), classifier=None if chosen == "none" else chosen)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from pipeline.classify import COMPONENT
    from pipeline.compare import classified_documents, rule_docs
    from pipeline.evaluate import evaluate_documents
    from pipeline.report import print_comparison, print_evaluation
    from pipeline.schema import read_jsonl

    gold = read_gold(args.gold)
    rules_summary = None
    if args.predictions:
        predicted = list(read_jsonl(args.predictions))
    else:
        nlp = pipeline_for(args.classifier)
        docs = rule_docs(nlp, gold)
        classifier = nlp.get_pipe(COMPONENT) if COMPONENT in nlp.pipe_names else None
        predicted = classified_documents(docs, gold, classifier)
        if classifier is not None:
            rules_summary = evaluate_documents(gold, classified_documents(docs, gold, None)).summary()
    evaluation = evaluate_documents(gold, predicted)
    summary = evaluation.summary()
    print_evaluation(summary)
    if rules_summary is not None:
        print("\nrules alone vs rules + classifier (F1)")
        print_comparison({"rules": rules_summary, "rules+classifier": summary})
    if args.json:
        scores = {**summary, "rules_only": rules_summary, "documents_detail": evaluation.documents}
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(scores, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"scores written to {args.json}")
    if args.report:
        from pipeline.html_report import render_report

        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(render_report(evaluation, gold, predicted), encoding="utf-8")
        print(f"report written to {args.report}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from pipeline.compare import classified_documents, rule_docs
    from pipeline.train import save_model, scores, train_classifier

    train = read_gold(args.annotations)
    nlp = pipeline_for("none")
    classifier, metrics = train_classifier(
        nlp,
        train,
        k=args.folds,
        c=args.c,
        threshold=args.threshold,
        drop_threshold=args.drop_threshold,
        rule_dropout=args.rule_dropout,
    )
    cv = metrics["cross_validation"]
    print(f"trained on {len(train)} document(s), {metrics['candidates']} candidate spans")
    print(f"{args.folds}-fold cross-validation (train):")
    for system in ("rules", "rules+classifier", "rules+classifier+fact_scorer"):
        print(f"  {system:30} {cv[system]}")
    if args.dev != "none" and Path(args.dev).exists():
        dev = read_gold([args.dev])
        docs = rule_docs(nlp, dev)
        metrics["dev"] = {
            "file": args.dev,
            "rules": scores(dev, classified_documents(docs, dev, None)),
            "rules+classifier": scores(dev, classified_documents(docs, dev, classifier)),
        }
        print(f"dev ({args.dev}):")
        for system in ("rules", "rules+classifier"):
            print(f"  {system:30} {metrics['dev'][system]}")
    metrics["training_files"] = args.annotations
    save_model(classifier, metrics, Path(args.output))
    print(f"model, config.json and metrics.json -> {args.output}")
    return 0


def cmd_models_compare(args: argparse.Namespace) -> int:
    from pipeline.compare import classified_documents, load_classifier, rule_docs
    from pipeline.evaluate import evaluate_documents
    from pipeline.report import print_comparison

    gold = read_gold(args.gold)
    docs = rule_docs(pipeline_for("none"), gold)
    summaries = {}
    for name in (args.old, args.new):
        classifier = None if name == "none" else load_classifier(name)
        summaries[name] = evaluate_documents(gold, classified_documents(docs, gold, classifier)).summary()
    print(f"{len(gold)} gold document(s) from {', '.join(args.gold)}; F1 per label and fact type")
    print_comparison(summaries)
    if args.json:
        Path(args.json).write_text(json.dumps(summaries, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.ingest import Limits
    from pipeline.runner import RunAborted, RunSettings, run
    from pipeline.store import Store, StoreBusy, run_lock

    settings = RunSettings(
        limits=Limits(timeout=args.timeout, max_bytes=args.max_bytes, fetchers=args.fetchers),
        workers=args.workers,
        dask=args.dask,
        near_copies=not args.no_dedup,
        quiet=args.quiet,
    )
    try:
        with run_lock(args.db), Store(args.db) as store:
            summary = run(args.sources, store, settings)
    except (RunAborted, StoreBusy) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for error in summary.errors:
        print(f"failed: {error}", file=sys.stderr)
    print(f"{summary.line()} -> {args.db}")
    return 1 if summary.failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.export import FactFilter, export_facts
    from pipeline.schema import FACT_TYPES

    if args.type and args.type not in FACT_TYPES:
        print(f"error: unknown fact type {args.type!r} (types: {', '.join(FACT_TYPES)})", file=sys.stderr)
        return 2
    fact_filter = FactFilter(region=args.region, type=args.type, since=args.since, until=args.until)
    try:
        count = export_facts(args.db, args.output, args.format, fact_filter)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{count} fact(s) -> {args.output}")
    return 0


def cmd_benchmark(args: argparse.Namespace) -> int:
    from pipeline.benchmark import Settings, benchmark, report_lines

    settings = Settings(articles=args.articles, repeat=args.repeat, batch_size=args.batch_size)
    result = benchmark(settings, log=lambda line: print(line, file=sys.stderr))
    print("\n".join(report_lines(result)))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from pipeline.stanza_build import BuildSettings

    parser = argparse.ArgumentParser(
        prog="warta", description="Facts about BPJS Ketenagakerjaan coverage from Indonesian news."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    models = commands.add_parser("models", help="build and inspect models").add_subparsers(
        dest="models_command", required=True
    )
    build = models.add_parser("build-stanza", help="train the Indonesian Stanza models from UD treebanks")
    build.add_argument("--ud", required=True, help="folder holding UD_Indonesian-GSD, -CSUI and -PUD")
    build.add_argument("--out", default="models/stanza", help="model folder (default: models/stanza)")
    build.add_argument("--work-dir", default="build/stanza", help="scratch folder for Stanza's data and checkpoints")
    build.add_argument("--processors", default="tokenize,mwt,lemma,pos")
    recipe = BuildSettings()
    build.add_argument("--tokenize-steps", type=int, default=recipe.tokenize_steps)
    build.add_argument("--mwt-epochs", type=int, default=recipe.mwt_epochs)
    build.add_argument("--lemma-epochs", type=int, default=recipe.lemma_epochs)
    build.add_argument("--pos-steps", type=int, default=recipe.pos_steps)
    build.add_argument("--max-sentences", type=int, default=None, help="train on a small slice (smoke tests)")
    build.set_defaults(func=cmd_build_stanza)
    compare = models.add_parser("compare", help="two span classifiers (or `none`: rules alone) on the same gold")
    compare.add_argument("old", help="model folder, or none")
    compare.add_argument("new", help="model folder, or none")
    compare.add_argument("--gold", nargs="+", default=["annotations/dev.jsonl"], help="gold JSONL (default: dev)")
    compare.add_argument("--json", default=None, help="write both summaries as JSON here")
    compare.set_defaults(func=cmd_models_compare)

    train = commands.add_parser("train", help="train the span classifier and fact scorer on annotations")
    train.add_argument("annotations", nargs="*", default=["annotations/train.jsonl"], help="default: the train split")
    train.add_argument("-o", "--output", required=True, help="model folder to write")
    train.add_argument("--dev", default="annotations/dev.jsonl", help="dev gold scored after training (none: skip)")
    train.add_argument("--folds", type=int, default=5, help="cross-validation folds (by document)")
    train.add_argument("--threshold", type=float, default=0.5, help="span probability a label needs")
    train.add_argument("--drop-threshold", type=float, default=0.5, help="NONE probability that drops a rule span")
    train.add_argument("--rule-dropout", action="store_true", help="also train on rule spans as if no rule fired")
    train.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    train.set_defaults(func=cmd_train)

    extract = commands.add_parser("extract", help="extract facts from .txt files, folders and .jsonl records")
    extract.add_argument("paths", nargs="+")
    extract.add_argument("-o", "--output", required=True, help="output JSONL, one record per document")
    extract.add_argument(
        "--classifier", default=None, help="span classifier folder, or none (default: the shipped one)"
    )
    extract.set_defaults(func=cmd_extract)

    evaluate = commands.add_parser("evaluate", help="score predictions (or the pipeline) against gold annotations")
    evaluate.add_argument("gold", nargs="+", help="gold JSONL file(s); the last one is the predictions with --pred")
    evaluate.add_argument(
        "--pred", dest="predictions", default=None, help="predictions JSONL (default: run the pipeline)"
    )
    evaluate.add_argument("--json", default=None, help="write all scores (and per-document errors) as JSON here")
    evaluate.add_argument("--report", default=None, help="write a self-contained HTML report here")
    evaluate.add_argument(
        "--classifier", default=None, help="span classifier folder, or none (default: the shipped one)"
    )
    evaluate.set_defaults(func=cmd_evaluate)

    run = commands.add_parser("run", help="read feeds, pages and folders into the store (incremental)")
    run.add_argument("sources", nargs="+", help="RSS/Atom feed or HTML page (URL or file), or a folder")
    run.add_argument("--db", default="warta.db", help="SQLite store (default: warta.db)")
    run.add_argument("--workers", type=int, default=1, help="extractor processes (default: 1)")
    run.add_argument("--dask", default=None, help="Dask scheduler address, or 'local' for a LocalCluster")
    run.add_argument("--timeout", type=float, default=20.0, help="seconds per HTTP response (default: 20)")
    run.add_argument("--max-bytes", type=int, default=5_000_000, help="largest page, feed or file (default: 5 MB)")
    run.add_argument("--fetchers", type=int, default=4, help="a feed's pages fetched at once (default: 4)")
    run.add_argument("--no-dedup", action="store_true", help="do not look for near-copies of stored articles")
    run.add_argument("--quiet", action="store_true", help="no progress bar (cron)")
    run.set_defaults(func=cmd_run)

    export = commands.add_parser("export", help="write the stored facts as CSV, Parquet or JSON Lines")
    export.add_argument("--db", default="warta.db")
    export.add_argument("--format", choices=("csv", "parquet", "jsonl"), default="csv")
    export.add_argument("-o", "--output", required=True)
    export.add_argument("--region", default=None, help="region code (sub-regions included) or name")
    export.add_argument("--type", default=None, help="fact type, e.g. participants")
    export.add_argument("--since", default=None, help="ISO date: facts dated on or after")
    export.add_argument("--until", default=None, help="ISO date: facts dated on or before")
    export.set_defaults(func=cmd_export)

    bench = commands.add_parser("benchmark", help="speed and memory: Stanza alone, the pipeline, spaCy's tokenizer")
    bench.add_argument("--articles", type=int, default=None, help="repeat or cut the default articles to N")
    bench.add_argument("--repeat", type=int, default=3, help="timed passes over the articles (default: 3)")
    bench.add_argument("--batch-size", type=int, default=16, help="articles per timed batch (default: 16)")
    bench.add_argument("--json", default=None, help="write every figure as JSON here")
    bench.set_defaults(func=cmd_benchmark)

    annotations = commands.add_parser("annotations", help="compile and validate hand annotations").add_subparsers(
        dest="annotations_command", required=True
    )
    compile_ = annotations.add_parser("build", help="compile annotations/src/<split>/*.txt into <split>.jsonl")
    compile_.add_argument("--src", default="annotations/src")
    compile_.add_argument("--out", default="annotations")
    compile_.set_defaults(func=cmd_annotations_build)
    check = annotations.add_parser("check", help="validate annotation JSONL or source files")
    check.add_argument("files", nargs="+")
    check.set_defaults(func=cmd_annotations_check)
    export = annotations.add_parser("export", help="records to Label Studio tasks or Prodigy JSONL for correction")
    export.add_argument("inputs", nargs="+", help="warta JSONL (annotations or `warta extract` output)")
    export.add_argument("--format", required=True, choices=("label-studio", "prodigy"))
    export.add_argument("-o", "--output", required=True, help="tasks JSON (Label Studio) or JSONL (Prodigy)")
    export.add_argument("--model-version", default="warta-0.1.0", help="Label Studio predictions' model_version")
    export.add_argument("--tokens", action="store_true", help="Prodigy: add tokens aligned with every span")
    export.set_defaults(func=cmd_annotations_export)
    import_ = annotations.add_parser("import", help="corrected annotations from a tool back to warta JSONL")
    import_.add_argument("sources", nargs="+", help="export files; for brat, folders or .txt/.ann files")
    import_.add_argument("--format", required=True, choices=("label-studio", "prodigy", "doccano", "brat"))
    import_.add_argument("-o", "--output", required=True, help="annotation JSONL to write")
    import_.set_defaults(func=cmd_annotations_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
