"""`make bench`: the pages at several sizes of the dataset, the scale curve and the HTTP load.

    python -m tests.bench.scale --tamanos "0.1 1 3" --prefijo postgres://…/omil_bench

For each size S it uses its own database, `<prefijo>_s<S without the dot>` (omil_bench_s01,
omil_bench_s1, omil_bench_s3), created when missing: migrate, seed_bench --scale S (skipped
when the dataset is already there) and tests/bench/run.py, each size alone (its ratios to the
floor). Then run.py measures the pages of all sizes again in one process, one request at each
size in turn, and it prints each page's p50 at every size from that run, with the ratio of
the largest size to the 1× (target ≤ 1,3×: pages stay flat), runs the
HTTP load (tests/bench/load.py) and the import and mail benchmarks on the 1× database (or the
size nearest to it), says how long each phase took, and writes it all to
var/bench/results.md. Each step runs in its own process with its own DATABASE_URL.
"""

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
FLAT_RATIO = 1.3


def tag(size: float) -> str:
    """0.1 → s01, 1 → s1, 3 → s3, 0.05 → s005: the size in a database name."""
    return "s" + f"{size:g}".replace(".", "")


def database_url(prefix: str, size: float) -> str:
    parts = urlsplit(prefix)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{tag(size)}"))


def ensure_database(url: str) -> bool:
    """Create the database when it is missing (on the same server, as the same user)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone():
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


class Phases:
    """Runs each step as a child process and remembers how long it took."""

    def __init__(self):
        self.rows: list[tuple[str, float, int]] = []

    def run(self, label: str, command: list[str], url: str) -> int:
        print(f"\n== {label}", flush=True)
        env = dict(os.environ, DATABASE_URL=url)
        started = time.monotonic()
        code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
        self.rows.append((label, time.monotonic() - started, code))
        if code:
            print(f"   (terminó con código {code})", flush=True)
        return code

    def table(self) -> str:
        from tests.bench.measure import markdown

        rows = [["Fase", "Duración", "Resultado"]]
        for label, seconds, code in self.rows:
            minutes, rest = divmod(round(seconds), 60)
            rows.append([label, f"{minutes} min {rest:02d} s", "ok" if code == 0 else "error"])
        total = round(sum(seconds for _label, seconds, _code in self.rows))
        rows.append(["**Total**", f"{total // 60} min {total % 60:02d} s", ""])
        return markdown(rows, numeric={1})


def curve(sizes: list[float]) -> str:
    """Each page's p50 at every size, and the largest size against the 1× (or the first)."""
    from tests.bench.measure import markdown, times

    measured = {}
    for size in sizes:
        path = OUT / f"curve-{tag(size)}.json"
        if path.exists():
            measured[size] = {page["name"]: page for page in json.loads(path.read_text())["pages"]}
    if len(measured) < 2:
        return "(curva de escala: se necesitan al menos dos tamaños medidos)"
    done = sorted(measured)
    base = 1.0 if 1.0 in measured else done[0]
    top = done[-1]
    label = f"{top:g}× / {base:g}×".replace(".", ",")
    header = ["Página", *(f"{size:g}×".replace(".", ",") + " ms" for size in done), label, "Cumple"]
    rows = [header]
    for name, page in measured[base].items():
        if page["reference"] and not name.startswith("Piso"):
            continue
        cells = [f"{measured[size][name]['p50']:.1f}" if name in measured[size] else "—"
                 for size in done]  # fmt: skip
        if name in measured[top] and size_is_distinct(base, top):
            ratio = measured[top][name]["p50"] / page["p50"]
            verdict = "cumple" if ratio <= FLAT_RATIO else "no cumple"
            cells += [times(ratio, 2), verdict]
        else:
            cells += ["—", "—"]
        rows.append([name, *cells])
    target = f"Meta: p50 a {top:g}× ≤ {times(FLAT_RATIO)} el de {base:g}× (páginas planas)."
    return markdown(rows, numeric=set(range(1, len(done) + 2))) + "\n\n" + target


def size_is_distinct(base: float, top: float) -> bool:
    return top > base


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark completo de OMIL CRM.")
    parser.add_argument("--tamanos", default="0.1 1 3", help="Escalas, separadas por espacios.")
    parser.add_argument("--prefijo", default=os.environ.get("BENCH_DB_PREFIX", ""))
    parser.add_argument("--paginas", default="", help="Argumentos para tests.bench.run.")
    parser.add_argument("--carga", default="", help="Argumentos para tests.bench.load.")
    parser.add_argument("--sin-carga", action="store_true", help="Omite la carga HTTP.")
    args = parser.parse_args(argv)
    if urlsplit(args.prefijo).scheme not in ("postgres", "postgresql"):
        print(
            "make bench necesita PostgreSQL: BENCH_DB_PREFIX (o DATABASE_URL), por ejemplo\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/omil_bench make bench\n"
            "usa las bases omil_bench_s01, omil_bench_s1 y omil_bench_s3 (se crean solas)."
        )
        return 2
    sizes = [float(size.replace(",", ".")) for size in args.tamanos.split()]
    if not sizes or min(sizes) <= 0:
        print("BENCH_SIZES: escalas mayores que cero, por ejemplo «0.1 1 3».")
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    phases = Phases()
    failed = False
    reference = min(sizes, key=lambda size: abs(size - 1.0))
    seeded = []
    for size in sizes:
        url = database_url(args.prefijo, size)
        name = f"{size:g}×".replace(".", ",")
        if ensure_database(url):
            print(f"Se creó la base {urlsplit(url).path.lstrip('/')}.")
        for kind in ("pages", "curve"):
            (OUT / f"{kind}-{tag(size)}.json").unlink(missing_ok=True)
        seed = [python, "manage.py", "seed_bench", "--scale", f"{size:g}"]
        # Each size's ratios to the floor, measured alone: on a server with one database,
        # as in production. The daily digest only at the reference size.
        digest = [] if size == reference else ["--sin-resumen"]
        steps = [
            (f"{name}: migrate", [python, "manage.py", "migrate", "--no-input", "-v", "0"]),
            (f"{name}: datos (seed_bench)", seed),
            (f"{name}: páginas", [python, "-m", "tests.bench.run",
                                  "--salida", str(OUT / f"pages-{tag(size)}.md"),
                                  "--json", str(OUT / f"pages-{tag(size)}.json"),
                                  *digest, *shlex.split(args.paginas)]),
        ]  # fmt: skip
        if all(phases.run(label, command, url) == 0 for label, command in steps):
            seeded.append(size)
        else:
            failed = True
    # The curve: every size in one process, one request at each in turn, so the machine's
    # noise falls on all sizes alike (tests/bench/sizes.py).
    if len(seeded) > 1:
        together = ", ".join(f"{size:g}×" for size in seeded).replace(".", ",")
        code = phases.run(
            f"Curva ({together}, por turnos)",
            [python, "-m", "tests.bench.run", "--tamanos", " ".join(f"{size:g}" for size in seeded),
             "--sin-resumen", *shlex.split(args.paginas)],
            args.prefijo,
        )  # fmt: skip
        failed = failed or code != 0
    url = database_url(args.prefijo, reference)
    (OUT / "load.json").unlink(missing_ok=True)
    if not args.sin_carga:
        phases.run(
            "Carga HTTP (gunicorn + locust)",
            [python, "-m", "tests.bench.load", "--json", str(OUT / "load.json"),
             *shlex.split(args.carga)],
            url,
        )  # fmt: skip
    phases.run("Importación de planillas", [python, "-m", "tests.bench.import_limits"], url)
    phases.run("Importación de correo", [python, "-m", "tests.bench.mail_import"], url)
    write_results(sizes, reference, phases, with_load=not args.sin_carga)
    return 1 if failed else 0


def write_results(sizes: list[float], reference: float, phases: Phases, with_load: bool):
    pages = OUT / f"pages-{tag(reference)}.md"
    parts = ["# Benchmark de escala", ""]
    name = f"{reference:g}×".replace(".", ",")
    if pages.exists():
        body = pages.read_text(encoding="utf-8").removeprefix("# Benchmark de escala\n\n")
        parts += [f"## Páginas a escala {name}", "", body.strip(), ""]
    parts += ["## Curva de escala (p50 por tamaño, por turnos en un proceso)", "", curve(sizes), ""]
    load = OUT / "load.json"
    if with_load and load.exists():
        parts += ["## Carga HTTP (gunicorn + locust, base " + name + ")", ""]
        parts += [json.loads(load.read_text(encoding="utf-8"))["text"], ""]
    parts += ["## Duración de cada fase", "", phases.table(), ""]
    parts += [f"{os.cpu_count()} núcleos · Python {platform.python_version()} · {platform.node()}"]
    text = "\n".join(parts) + "\n"
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"Resultados en {OUT / 'results.md'}")


if __name__ == "__main__":
    sys.exit(main())
