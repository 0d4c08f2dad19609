"""The shape of the package, checked by reading its source: no import cycle, and no screen
or widget that changes a session (every change goes through Meeting)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from natverk_tui import model

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "natverk_tui"

# Names through which a screen reaches the session.
SESSION_NAMES = {"session", "meeting"}
MUTATING_METHODS = {
    "append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse", "update",
    "setdefault", "popitem", "__setitem__", "__delitem__", "vote_for",
}
# Functions of the logic modules that change the session they are given.
MUTATORS = {
    "roster": {"add", "extend", "edit", "remove", "set_present", "renumber"},
    "followup": {"update_action", "mark_done", "drop", "continue_action", "reassign", "decide",
                 "close_session"},
    "voting": {"record_ballot", "remove_ballot", "set_paper_count"},
    "rounds": {"next_turn", "spoke", "undo", "restart"},
}


def _model_fields() -> set[str]:
    fields: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            fields |= set(value.model_fields)
    return fields


MODEL_FIELDS = _model_fields()


# Import cycles ---------------------------------------------------------------------------

def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of imports inside `if TYPE_CHECKING:`: they never run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                for sub in ast.walk(inner):
                    if isinstance(sub, ast.Import | ast.ImportFrom):
                        lines.add(sub.lineno)
    return lines


def import_graph() -> dict[str, set[str]]:
    """Which package modules each module imports (at the top or inside a function)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_only(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            if isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name in modules}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([base] if base else [])])
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    deps.add(full if full in modules else base)
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle() -> None:
    graph = import_graph()
    assert "natverk_tui.meeting" in graph["natverk_tui.screens.meeting"]  # the graph is real
    assert cycles(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# No screen or widget changes the session --------------------------------------------------

def _chain(node: ast.expr) -> Iterator[ast.expr]:
    """The node and what it is taken from: a.b[c].d gives d, a.b[c], a.b, a."""
    while True:
        yield node
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return


def _names(node: ast.expr) -> set[str]:
    out = set()
    for part in _chain(node):
        if isinstance(part, ast.Attribute):
            out.add(part.attr)
        elif isinstance(part, ast.Name):
            out.add(part.id)
    return out


def _root_is_self(node: ast.expr) -> bool:
    *_, root = _chain(node)
    return isinstance(root, ast.Name) and root.id == "self"


def _reaches_session(node: ast.expr) -> bool:
    return bool(_names(node) & SESSION_NAMES)


def _model_attribute(node: ast.expr) -> bool:
    """`x.field` where x is not the widget itself and field is a field of a model."""
    return (isinstance(node, ast.Attribute) and node.attr in MODEL_FIELDS
            and not (isinstance(node.value, ast.Name) and node.value.id == "self")
            and not _root_is_self(node))


def session_mutations(source: str) -> list[str]:
    """Where a module assigns to a session or model attribute or changes its lists."""
    found: list[str] = []
    tree = ast.parse(source)
    imported: dict[str, str] = {}  # a mutator imported by name -> its module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module.rpartition(".")[2]
            for alias in node.names:
                if alias.name in MUTATORS.get(module, set()):
                    imported[alias.asname or alias.name] = module

    def report(node: ast.AST, what: str) -> None:
        found.append(f"line {getattr(node, 'lineno', '?')}: {what}")

    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for target in targets:
            for element in target.elts if isinstance(target, ast.Tuple) else [target]:
                # Holding the meeting (`self.meeting = meeting`) is fine; changing what
                # is reached through it is not.
                if isinstance(element, ast.Attribute | ast.Subscript) and (
                    _reaches_session(element.value) or _model_attribute(element)
                ):
                    report(node, f"assigns to {ast.unparse(element)}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = func.value
            if func.attr in MUTATING_METHODS and (
                _reaches_session(receiver) or _model_attribute(receiver)
            ):
                report(node, f"calls {ast.unparse(func)}")
            if isinstance(receiver, ast.Name) and func.attr in MUTATORS.get(receiver.id, set()):
                report(node, f"calls {ast.unparse(func)}")
        elif isinstance(func, ast.Name):
            if func.id in imported:
                report(node, f"calls {imported[func.id]}.{func.id}")
            if func.id == "setattr" and node.args and not (
                isinstance(node.args[0], ast.Name) and node.args[0].id == "self"
            ):
                report(node, f"calls {ast.unparse(node)}")
    return found


UI_MODULES = sorted([*PACKAGE.joinpath("screens").glob("*.py"),
                     *PACKAGE.joinpath("widgets").glob("*.py")])


@pytest.mark.parametrize("path", UI_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_screen_or_widget_changes_the_session(path: Path) -> None:
    assert session_mutations(path.read_text(encoding="utf-8")) == []


def test_the_scan_finds_every_kind_of_change() -> None:
    source = '''
from natverk_tui.followup import mark_done
def f(self, person, action):
    self.session.groups[step] = accepted
    self.meeting.session.closed = None
    person.present = False
    action.history.append(event)
    self.session.actions.insert(0, action)
    del self.session.contributions[0]
    roster.add(self.session, "Anna")
    mark_done(action)
    setattr(action, "status", "done")
    self.session.vote_for("tema1.c")
    self.count += 1
    self.groups = []
    self.query_one(Input).value = ""
    table.cursor_type = "row"
'''
    found = session_mutations(source)
    # Lines 4 to 13 each change the session; the last four lines change only widgets.
    assert sorted(int(f.split()[1].rstrip(":")) for f in found) == list(range(4, 14)), found


def wall_clock_reads(source: str) -> list[str]:
    """Where a module reads the wall clock itself instead of the app's (which tests move)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if name in ("today", "now", "utcnow") and "clock" not in ast.unparse(node.func):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", UI_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_screens_and_widgets_use_the_apps_clock(path: Path) -> None:
    assert wall_clock_reads(path.read_text(encoding="utf-8")) == []


def test_the_clock_scan_finds_a_wall_clock() -> None:
    source = "x = dt.date.today()\ny = now()\nz = self.meeting.clock().date()\n"
    assert [f.split(":")[0] for f in wall_clock_reads(source)] == ["line 1", "line 2"]
