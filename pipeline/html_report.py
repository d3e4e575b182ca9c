"""The evaluation as one self-contained HTML page: tables, inline SVG charts and every document.

Nothing in the page is fetched: the CSS is inline, the charts are SVG written here, and the
highlighted texts are displaCy's static markup. Article text is escaped (displaCy escapes
the texts it renders; everything else goes through ``esc``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from spacy import displacy

from pipeline.evaluate import (
    MISSED,
    SCHEMES,
    SPURIOUS,
    Evaluation,
    attribute_accuracy_by_type,
    confusion_matrix,
    partial_facts,
)
from pipeline.schema import LABELS, Document, Span

LABEL_COLOURS = {
    "ORG": "#7aecec",
    "REGION": "#feca74",
    "OFFICIAL": "#aa9cfc",
    "METRIC": "#ff9cae",
    "DATE": "#bfe1d9",
}
MISMATCH = "✗"  # appended to a label whose span has no strict match on the other side
DISPLACY_COLOURS = {**LABEL_COLOURS, **{f"{label} {MISMATCH}": c for label, c in LABEL_COLOURS.items()}}
SCORE_COLOURS = {"precision": "#4e79a7", "recall": "#f28e2b", "f1": "#59a14f"}
ATTRIBUTES = ("date", "official", "segment", "program")

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       margin: 0 auto; padding: 1.5em 2em; max-width: 1500px; }
h1 { margin-top: 0; } h2 { border-bottom: 2px solid #ddd; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 1.5em 1em 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f1f1f1; } tr.micro td { font-weight: bold; background: #fafafa; }
.cards { display: flex; flex-wrap: wrap; gap: .8em; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .5em 1em; min-width: 7em; background: #fafafa; }
.card b { display: block; font-size: 1.5em; }
.tables, .charts { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 0 1em; }
.tables table { font-size: 12px; } .tables th, .tables td { padding: .2em .45em; }
.legend span { display: inline-block; padding: .15em .6em; margin-right: .4em; border-radius: .35em;
               font-weight: bold; font-size: 12px; }
.doc { border-top: 2px solid #ddd; margin-top: 1.5em; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5em; }
.side > div { min-width: 0; border: 1px solid #eee; border-radius: 6px; padding: 0 1em; overflow-wrap: anywhere; }
.side .entities { font-size: 13px; }
.facts li { margin: .2em 0; } .facts .evidence { color: #666; }
.bad { color: #b00020; } .none { color: #888; }
"""


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


class Html(str):
    """Markup ``html_table`` puts into a cell as it is."""


def fmt(value: Any) -> str:
    if isinstance(value, Html):
        return value
    return f"{value:.3f}" if isinstance(value, float) else esc(value)


def html_table(columns: Sequence[str], rows: Iterable[Sequence[Any]], micro_last: bool = False) -> str:
    """A table of escaped cells; floats shown with three decimals; the last row bold when it is a total."""
    rows = list(rows)
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = []
    for number, row in enumerate(rows):
        css = ' class="micro"' if micro_last and number == len(rows) - 1 else ""
        body.append(f"<tr{css}>" + "".join(f"<td>{fmt(v)}</td>" for v in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def bar_chart(title: str, groups: Sequence[tuple[str, dict[str, float]]]) -> str:
    """Grouped bars (precision, recall, F1 on a 0–1 axis) as an inline SVG."""
    bar, gap, left, top, plot_height = 14, 18, 36, 28, 160
    # wide enough for the longest name under its bars (about 6.5 px a character at 11 px)
    longest = max((len(name) for name, _ in groups), default=0)
    group_width = max(bar * len(SCORE_COLOURS) + gap, round(6.5 * longest) + 8)
    width = left + group_width * max(len(groups), 1) + 10
    height = top + plot_height + 40
    svg_open = (
        f'<svg class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">'
    )
    parts = [
        svg_open,
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{esc(title)}</text>',
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_height * (1 - tick)
        parts.append(f'<line x1="{left}" x2="{width - 6}" y1="{y}" y2="{y}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4}" font-size="10" text-anchor="end">{tick:.2f}</text>')
    for index, (name, scores) in enumerate(groups):
        x0 = left + (group_width - bar * len(SCORE_COLOURS)) / 2 + index * group_width
        for offset, (metric, colour) in enumerate(SCORE_COLOURS.items()):
            value = scores.get(metric, 0.0)
            bar_height = plot_height * value
            x, y = x0 + offset * bar, top + plot_height - bar_height
            parts.append(
                f'<rect x="{x}" y="{y}" width="{bar - 2}" height="{bar_height}" fill="{colour}">'
                f"<title>{esc(name)} {metric} {value:.3f}</title></rect>"
            )
        centre = x0 + bar * len(SCORE_COLOURS) / 2
        parts.append(
            f'<text x="{centre}" y="{top + plot_height + 14}" font-size="11" text-anchor="middle">{esc(name)}</text>'
        )
    for offset, (metric, colour) in enumerate(SCORE_COLOURS.items()):
        x = left + offset * 80
        parts.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{height - 5}" font-size="11">{metric}</text>')
    parts.append("</svg>")
    return "".join(parts)


def score_groups(rows: list[dict[str, Any]], key: str) -> list[tuple[str, dict[str, float]]]:
    return [(row[key], {m: row[m] for m in SCORE_COLOURS}) for row in rows]


def summary_cards(summary: dict[str, Any], documents: list[dict[str, Any]]) -> str:
    facts = summary["facts"][-1]
    figures = [
        ("documents", summary["documents"]),
        ("gold spans", sum(len(d["gold_spans"]) for d in documents)),
        ("predicted spans", sum(len(d["predicted_spans"]) for d in documents)),
        ("span F1 strict", summary["spans"]["strict"][-1]["f1"]),
        ("span F1 partial", summary["spans"]["partial"][-1]["f1"]),
        ("gold facts", facts["tp"] + facts["fn"]),
        ("predicted facts", facts["tp"] + facts["fp"]),
        ("fact precision", facts["precision"]),
        ("fact recall", facts["recall"]),
        ("fact F1", facts["f1"]),
    ]
    cards = "".join(f'<div class="card"><b>{fmt(v)}</b>{esc(name)}</div>' for name, v in figures)
    return f'<div class="cards">{cards}</div>'


def span_tables(summary: dict[str, Any]) -> str:
    columns = ["label", "correct", "incorrect", "partial", "missed", "spurious", "precision", "recall", "f1"]
    headers = [*columns[:6], "P", "R", "F1"]
    tables = [
        f"<div><h3>{scheme}</h3>{html_table(headers, ([r[c] for c in columns] for r in summary['spans'][scheme]), True)}"
        "</div>"
        for scheme in SCHEMES
    ]
    return f'<div class="tables">{"".join(tables)}</div>'


def accuracy_cell(tally: tuple[int, int] | None) -> str:
    return "—" if tally is None else f"{tally[0] / tally[1]:.3f} ({tally[0]}/{tally[1]})"


def fact_table(summary: dict[str, Any], evaluation: Evaluation) -> str:
    by_type = attribute_accuracy_by_type(evaluation.documents)
    columns = ["type", "tp", "fp", "fn", "precision", "recall", "f1", *ATTRIBUTES]
    rows = []
    for row in summary["facts"]:
        tallies = by_type.get(row["type"], {})
        if row["type"] == "micro":
            tallies = {
                name: (sum(a for a, _ in ts), sum(n for _, n in ts))
                for name in ATTRIBUTES
                if (ts := [t[name] for t in by_type.values() if name in t])
            }
        rows.append([*(row[c] for c in columns[:7]), *(accuracy_cell(tallies.get(a)) for a in ATTRIBUTES)])
    return html_table(columns, rows, micro_last=True)


def confusion_table(matrix: dict[str, dict[str, int]]) -> str:
    """Rows: gold labels and ``spurious``; columns: predicted labels and ``missed``; diagonal cells green."""
    rows, columns = [*LABELS, SPURIOUS], [*LABELS, MISSED]
    peak = max((n for cols in matrix.values() for n in cols.values()), default=1)
    head = "<th>gold ↓ predicted →</th>" + "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = []
        for column in columns:
            count = matrix.get(row, {}).get(column, 0)
            hue = "120,60%" if row == column else "0,70%"
            shade = f' style="background: hsla({hue},50%,{0.15 + 0.6 * count / peak:.2f})"' if count else ""
            cells.append(f"<td{shade}>{count}</td>")
        body.append(f"<tr><th>{esc(row)}</th>{''.join(cells)}</tr>")
    return f'<table class="confusion"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def legend() -> str:
    items = "".join(f'<span style="background: {c}">{esc(label)}</span>' for label, c in LABEL_COLOURS.items())
    return (
        f'<p class="legend">{items} {MISMATCH} after a label: no span with the same label and boundaries '
        "on the other side (missed or wrong on the left, spurious or wrong on the right)</p>"
    )


def marked(spans: Iterable[Span], others: Iterable[Span]) -> list[Span]:
    """``spans`` with the mismatch sign added to the label of each that no span of ``others`` matches strictly."""
    strict = {(s.start, s.end, s.label) for s in others}
    return [s if (s.start, s.end, s.label) in strict else Span(s.start, s.end, f"{s.label} {MISMATCH}") for s in spans]


def renderable(spans: Iterable[Span], length: int) -> list[dict[str, Any]]:
    """Spans displaCy can draw: inside the text, sorted, none overlapping an earlier one."""
    kept, end = [], -1
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.start >= end and 0 <= span.start < span.end <= length:
            kept.append({"start": span.start, "end": span.end, "label": span.label})
            end = span.end
    return kept


def highlighted(text: str, spans: Iterable[Span]) -> str:
    record = {"text": text, "ents": renderable(spans, len(text)), "title": None}
    return displacy.render(
        [record], style="ent", manual=True, page=False, jupyter=False, options={"colors": DISPLACY_COLOURS}
    )


def attribute_text(fact: dict[str, Any], name: str) -> str:
    value = fact.get(name)
    if name == "date" and isinstance(value, dict):
        return value.get("as_of") or f"{value.get('start')}–{value.get('end')}"
    if name == "official" and isinstance(value, dict):
        return value.get("name") or "—"
    return "—" if value is None else str(value)


def fact_line(fact: dict[str, Any], text: str) -> str:
    region = fact.get("region") or {}
    parts = [
        f"<b>{esc(fact.get('type'))}</b>",
        esc(f"{region.get('name')} ({region.get('code')})"),
        esc(f"{fact.get('value')} {fact.get('unit') or ''}".strip()),
    ]
    parts += [esc(f"{name}: {fact[name]}") for name in ("qualifier", "segment", "program") if fact.get(name)]
    parts += [esc(f"{name}: {attribute_text(fact, name)}") for name in ("date", "official") if fact.get(name)]
    evidence = fact.get("evidence") or {}
    if isinstance(evidence.get("start"), int) and isinstance(evidence.get("end"), int):
        parts.append(f'<span class="evidence">“{esc(text[evidence["start"] : evidence["end"]])}”</span>')
    return " · ".join(parts)


def partial_line(pair: dict[str, Any], text: str) -> str:
    wrong = "; ".join(
        f"{esc(name)}: gold {esc(attribute_text(pair['gold'], name))} ≠ predicted "
        f"{esc(attribute_text(pair['predicted'], name))}"
        for name in pair["attributes"]
    )
    return f'{fact_line(pair["gold"], text)}<br><span class="bad">{wrong}</span>'


def fact_list(title: str, lines: list[str]) -> str:
    if not lines:
        return f'<p><b>{esc(title)}</b>: <span class="none">none</span></p>'
    items = "".join(f"<li>{line}</li>" for line in lines)
    return f"<p><b>{esc(title)}</b> ({len(lines)})</p><ul>{items}</ul>"


def document_section(number: int, detail: dict[str, Any], gold: Document, predicted: Document | None) -> str:
    pred_spans = predicted.spans if predicted is not None else ()
    pred_text = predicted.text if predicted is not None and predicted.text else gold.text
    partial = partial_facts(detail["matched_facts"])
    meta = " · ".join(esc(f"{k}: {v}") for k, v in gold.meta.items() if v)
    no_prediction = ' <span class="bad">(no prediction for this document)</span>' if predicted is None else ""
    return (
        f'<section class="doc" id="doc-{number}"><h3>{esc(gold.id)}{no_prediction}</h3>'
        f"<p>{meta}<br>{len(gold.spans)} gold spans, {len(pred_spans)} predicted; {len(gold.facts)} gold facts, "
        f"{len(detail['matched_facts'])} matched</p>"
        f'<div class="side"><div><h4>Gold</h4>{highlighted(gold.text, marked(gold.spans, pred_spans))}</div>'
        f"<div><h4>Predicted</h4>{highlighted(pred_text, marked(pred_spans, gold.spans))}</div></div>"
        '<div class="facts">'
        + fact_list("Missed facts", [fact_line(f, gold.text) for f in detail["missed_facts"]])
        + fact_list("Spurious facts", [fact_line(f, pred_text) for f in detail["spurious_facts"]])
        + fact_list("Partially matched facts (attributes disagree)", [partial_line(p, gold.text) for p in partial])
        + "</div></section>"
    )


INDEX_COLUMNS = (
    "document",
    "gold spans",
    "predicted spans",
    f"gold {MISMATCH}",
    f"predicted {MISMATCH}",
    "facts matched",
    "missed",
    "spurious",
    "partial",
)


def index_row(number: int, detail: dict[str, Any]) -> list[Any]:
    """A document's line in the index: a link, span counts and strict mismatches, fact outcomes."""
    gold_keys = {(s["start"], s["end"], s["label"]) for s in detail["gold_spans"]}
    predicted_keys = {(s["start"], s["end"], s["label"]) for s in detail["predicted_spans"]}
    return [
        Html(f'<a href="#doc-{number}">{esc(detail["id"])}</a>'),
        len(gold_keys),
        len(predicted_keys),
        len(gold_keys - predicted_keys),
        len(predicted_keys - gold_keys),
        len(detail["matched_facts"]),
        len(detail["missed_facts"]),
        len(detail["spurious_facts"]),
        len(partial_facts(detail["matched_facts"])),
    ]


def documents_part(evaluation: Evaluation, gold: Sequence[Document], predicted: Sequence[Document]) -> str:
    gold_by_id = {d.id: d for d in gold}
    predicted_by_id = {d.id: d for d in predicted}
    rows, sections = [], []
    for number, detail in enumerate(evaluation.documents):
        document = gold_by_id.get(detail["id"]) or Document(detail["id"], detail["text"])
        rows.append(index_row(number, detail))
        sections.append(document_section(number, detail, document, predicted_by_id.get(detail["id"])))
    return f"<nav>{html_table(INDEX_COLUMNS, rows)}</nav>{''.join(sections)}"


def render_report(
    evaluation: Evaluation, gold: Sequence[Document], predicted: Sequence[Document], title: str = "warta evaluation"
) -> str:
    """The whole report page as a string."""
    summary = evaluation.summary()
    charts = "".join(
        [
            bar_chart("spans per label (strict)", score_groups(summary["spans"]["strict"], "label")),
            bar_chart("spans per label (partial)", score_groups(summary["spans"]["partial"], "label")),
            bar_chart("facts per type", score_groups(summary["facts"], "type")),
        ]
    )
    unmatched = (
        f'<p class="bad">No prediction for: {esc(", ".join(summary["unmatched_ids"]))}</p>'
        if summary["unmatched_ids"]
        else ""
    )
    body = (
        f"<h1>{esc(title)}</h1>{summary_cards(summary, evaluation.documents)}{unmatched}"
        f'<h2>Scores</h2><div class="charts">{charts}</div>'
        f"<h2>Spans per label</h2>{span_tables(summary)}"
        f"<h2>Label confusion</h2><p>Gold label × predicted label, every overlapping pair once; "
        f"<i>missed</i>: gold spans no prediction overlaps; <i>spurious</i>: predictions overlapping no gold span.</p>"
        f"{confusion_table(confusion_matrix(evaluation.documents))}"
        f"<h2>Facts per type</h2><p>Attribute columns: accuracy on matched facts (agreeing/matched).</p>"
        f"{fact_table(summary, evaluation)}"
        f"<h2>Documents</h2><p>Gold (left) and predicted (right) spans.</p>{legend()}"
        f"{documents_part(evaluation, gold, predicted)}"
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{CSS}</style></head><body>{body}</body></html>\n"
    )
