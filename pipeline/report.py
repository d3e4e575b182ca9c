"""Evaluation results as tables (pandas) for the terminal."""

from __future__ import annotations

from typing import Any

import pandas as pd


def frame(rows: list[dict[str, Any]], index: str) -> pd.DataFrame:
    table = pd.DataFrame(rows).set_index(index)
    for column in ("precision", "recall", "f1", "accuracy"):
        if column in table:
            table[column] = table[column].map(lambda v: f"{v:.3f}")
    return table


def print_evaluation(summary: dict[str, Any]) -> None:
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(f"documents: {summary['documents']}")
        for scheme in ("strict", "partial", "exact", "type"):
            print(f"\nspans ({scheme})")
            print(frame(summary["spans"][scheme], "label").to_string())
        print("\nfacts")
        print(frame(summary["facts"], "type").to_string())
        print("\nattributes of matched facts")
        print(frame(summary["attributes"], "attribute").to_string() if summary["attributes"] else "(none)")
        if summary["unmatched_ids"]:
            print(f"\nno prediction for: {', '.join(summary['unmatched_ids'])}")


def comparison_table(summaries: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Span F1 per label (partial and strict) and fact F1 per type, one column per system."""
    rows: dict[str, dict[str, float]] = {}
    for system, summary in summaries.items():
        for scheme in ("partial", "strict"):
            for row in summary["spans"][scheme]:
                rows.setdefault(f"span {scheme} {row['label']}", {})[system] = row["f1"]
        for row in summary["facts"]:
            rows.setdefault(f"fact {row['type']}", {})[system] = row["f1"]
    table = pd.DataFrame.from_dict(rows, orient="index")[list(summaries)]
    if len(summaries) == 2:
        first, second = summaries
        table["change"] = table[second] - table[first]
    return table.fillna(0.0).round(3)


def print_comparison(summaries: dict[str, dict[str, Any]]) -> None:
    with pd.option_context("display.width", 160, "display.max_rows", 200):
        print(comparison_table(summaries).to_string())
