"""The code's layers point one way, as the README's «Arquitectura» draws them.

Each layer may import itself and the layers below it, never a layer above, and apps of one
layer never import each other: the base knows no app; `companies` knows only the base; the
requests, vacancies and meetings apps know `companies` and the base; the dashboard, reminders
and calendar feeds read them all; the entry points (URLs, Celery tasks, commands, demo data)
sit on top. Imports inside functions count too: deferring an import hides a dependency, it
does not remove it. On top of that no two modules import each other at import time.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("omil_crm", "companies", "requests_routing", "vacancies", "meetings", "events")

# Bottom to top; within a layer, each name is a part that may not import its neighbours.
LAYERS = (
    {
        "base": (
            "omil_crm",
            "omil_crm.base",
            "omil_crm.accounts",
            "omil_crm.models",
            "omil_crm.admin",
            "omil_crm.apps",
            "omil_crm.env",
            "omil_crm.settings",
            "omil_crm.celery",
            "omil_crm.migrations",
        )
    },
    {"companies": ("companies",)},
    {
        "requests_routing": ("requests_routing",),
        "vacancies": ("vacancies",),
        "meetings": ("meetings",),
    },
    # Employer events: read companies and vacancies (the job seekers and vacancies offered).
    {"events": ("events",)},
    # What reads several apps and is shown by the pages above (the company's portal too).
    {"balance": ("omil_crm.balance",)},
    {
        "dashboard": ("omil_crm.dashboard",),
        "reminders": ("omil_crm.reminders",),
        "calendar": ("omil_crm.calendar",),
        "portal": ("omil_crm.portal",),
        "fieldwork": ("omil_crm.fieldwork",),
    },
    {
        "entry points": (
            "omil_crm.urls",
            "omil_crm.wsgi",
            "omil_crm.tasks",
            "omil_crm.management",
            "omil_crm.demo",
        )
    },
)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = ROOT, apps=APPS) -> dict[str, Path]:
    return {
        module_name(path, root): path for app in apps for path in sorted((root / app).rglob("*.py"))
    }


def imports_of(source: str, name: str, is_package: bool, known) -> list[tuple[str, bool]]:
    """(imported project module, imported at import time) for each import in `source`."""
    found = []

    def resolve(node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        package = name.split(".") if is_package else name.split(".")[:-1]
        base = package[: len(package) - node.level + 1]
        return ".".join(base + ([node.module] if node.module else []))

    def visit(node, at_import_time: bool):
        for child in ast.iter_child_nodes(node):
            deferred = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                module = resolve(child)
                targets = [
                    f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module
                    for alias in child.names
                ]
            else:
                visit(child, at_import_time and not deferred)
                continue
            for target in targets:
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    found.append((target, at_import_time))

    visit(ast.parse(source), True)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, list[tuple[str, bool]]]:
    return {
        name: imports_of(path.read_text(), name, path.name == "__init__.py", modules)
        for name, path in modules.items()
    }


def place(module: str, layers=LAYERS) -> tuple[int, str]:
    """(layer number, part) of the longest prefix that names `module`."""
    best = None
    for number, parts in enumerate(layers):
        for part, prefixes in parts.items():
            for prefix in prefixes:
                names_it = module == prefix or module.startswith(prefix + ".")
                if names_it and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), number, part)
    if best is None:
        raise LookupError(f"{module} is in no layer: add it to LAYERS and to the README")
    return best[1], best[2]


def backwards_imports(graph, layers=LAYERS) -> list[str]:
    wrong = []
    for module, imported in graph.items():
        layer, part = place(module, layers)
        for target, _ in imported:
            target_layer, target_part = place(target, layers)
            if target_layer > layer or (target_layer == layer and target_part != part):
                wrong.append(f"{module} ({part}) → {target} ({target_part})")
    return sorted(set(wrong))


def import_cycles(graph) -> list[list[str]]:
    """Strongly connected groups of modules that import each other at import time (Tarjan)."""
    edges = {
        module: sorted({target for target, now in imported if now and target in graph})
        for module, imported in graph.items()
    }
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def connect(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges[module]:
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in edges:
        if module not in index:
            connect(module)
    return cycles


@pytest.fixture(scope="module")
def graph():
    return import_graph(project_modules())


def test_every_module_belongs_to_a_layer(graph):
    for module in graph:
        place(module)


def test_no_layer_imports_a_layer_above_it_or_a_neighbour(graph):
    assert backwards_imports(graph) == []


def test_no_modules_import_each_other_at_import_time(graph):
    assert import_cycles(graph) == []


def test_omil_crm_keeps_at_most_ten_top_level_modules():
    assert len(list((ROOT / "omil_crm").glob("*.py"))) <= 10


def write(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return project_modules(root, apps=("low", "high"))


def test_the_check_sees_an_import_upwards_even_inside_a_function(tmp_path):
    modules = write(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/tools.py": "def helper():\n    from high.views import page\n",
            "high/__init__.py": "",
            "high/views.py": "from low.tools import helper\n\ndef page():\n    pass\n",
        },
    )
    layers = ({"low": ("low",)}, {"high": ("high",)})

    assert backwards_imports(import_graph(modules), layers) == [
        "low.tools (low) → high.views (high)"
    ]


def test_the_check_sees_two_modules_importing_each_other(tmp_path):
    modules = write(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/a.py": "from . import b\n",
            "low/b.py": "import low.a\n",
            "low/c.py": "def later():\n    import low.a\n",
            "high/__init__.py": "",
        },
    )
    graph = import_graph(modules)

    assert import_cycles(graph) == [["low.a", "low.b"]]
