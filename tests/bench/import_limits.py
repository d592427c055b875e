"""How long and how much memory the company import's reader takes to refuse the hostile files,
next to ordinary 50-row files read in the same run.

Only the reading is measured (companies/spreadsheet_reader.py), which needs no database:
`.venv/bin/python -m tests.bench.import_limits`. It prints one table and writes it to
var/bench/import_limits.md.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omil_crm.settings")
django.setup()

from companies.spreadsheet_reader import SpreadsheetError, read_sheet, thousands  # noqa: E402
from tests.companies import hostile_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
# The deadline is checked at every chunk openpyxl reads: a refusal may pass it by one chunk.
DEADLINE_SLACK_SECONDS = 0.5

FILES = (
    ("Planilla normal de 50 filas", "empresas.xlsx", hostile_files.ordinary_xlsx),
    ("CSV normal de 50 filas", "empresas.csv", hostile_files.ordinary_csv),
    (
        "16 millones de filas vacías declaradas",
        "empresas.xlsx",
        hostile_files.sixteen_million_empty_rows,
    ),
    (
        "Un millón de filas en elementos `<row>`",
        "empresas.xlsx",
        hostile_files.a_million_rows_in_row_elements,
    ),
    ("Bomba zip (30 MB de una fila)", "empresas.xlsx", hostile_files.zip_bomb),
    ("CSV con una línea de 5 MB", "empresas.csv", hostile_files.one_line_of_5_mb),
    ("CSV con 100.000 columnas", "empresas.csv", hostile_files.a_hundred_thousand_columns),
    (
        "CSV con un millón de líneas vacías",
        "empresas.csv",
        hostile_files.blank_lines_then_a_company,
    ),
    (
        "Una fila de un millón de celdas (19 MB)",
        "empresas.xlsx",
        hostile_files.one_row_of_a_million_cells,
    ),
)


def read_once(name: str, content: bytes) -> tuple[str, int]:
    try:
        read = read_sheet(name=name, content=content)
    except SpreadsheetError as error:
        return f"rechazada: {str(error)[:60]}…", error.rows_read
    return f"leída: {len(read.records) - 1} filas con datos", read.rows_read


def measure(name: str, content: bytes, repetitions: int) -> dict:
    times = []
    for _ in range(repetitions):
        started = time.perf_counter()
        outcome, rows_read = read_once(name, content)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    read_once(name, content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "outcome": outcome,
        "rows_read": rows_read,
        "median_ms": statistics.median(times) * 1000,
        "max_ms": max(times) * 1000,
        "peak_mb": peak / (1024 * 1024),
    }


def table(rows: list[tuple[str, int, dict]]) -> str:
    lines = [
        "| Archivo | Tamaño | Filas leídas | Mediana | Máximo | Memoria (pico) | Resultado |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, size, figures in rows:
        peak = f"{figures['peak_mb']:.1f}".replace(".", ",")
        lines.append(
            f"| {label} | {thousands(round(size / 1024))} KB | {thousands(figures['rows_read'])} "
            f"| {thousands(round(figures['median_ms']))} ms "
            f"| {thousands(round(figures['max_ms']))} ms | {peak} MB | {figures['outcome']} |"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Tiempo de rechazo de planillas hostiles.")
    parser.add_argument("--repeticiones", type=int, default=5)
    parser.add_argument("--salida", default=str(ROOT / "var" / "bench" / "import_limits.md"))
    args = parser.parse_args(argv)
    rows = []
    for label, name, build in FILES:
        content = build()
        rows.append((label, len(content), measure(name, content, args.repeticiones)))
    text = table(rows)
    print(text)
    output = Path(args.salida)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + "\n", encoding="utf-8")
    limit = settings.OMIL_IMPORT_MAX_SECONDS + DEADLINE_SLACK_SECONDS
    slow = [label for label, _, figures in rows if figures["max_ms"] > limit * 1000]
    if slow:
        print(f"Más de {limit:g} s: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
