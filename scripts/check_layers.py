#!/usr/bin/env python3
"""Checks that src/ keeps its layers: every module may include only itself and the
modules it links (directly or through them), as CMakeLists.txt declares them with
emoforget_module(NAME DEPENDENCIES...); the module graph and the include graph
between a module's files have no cycles. src/cli/ sits above every module.

Usage: scripts/check_layers.py [REPO]   (exit 0 when clean; one line per problem otherwise)
"""
import os
import re
import sys

MODULE_RE = re.compile(r"^emoforget_module\((\w+)([^)]*)\)", re.M)
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([\w./-]+)"', re.M)
TOP_LEVEL = "cli"  # the executable: may include every module


def declared_modules(cmake_text):
    """{module: set of modules it links directly}, in declaration order."""
    modules = {}
    for name, rest in MODULE_RE.findall(cmake_text):
        deps = set(re.findall(r"\bemoforget_(\w+)", rest))
        modules[name] = deps
    return modules


def find_cycle(graph):
    """A list of nodes forming a cycle in {node: successors}, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def closure(modules, name):
    seen = set()
    todo = [name]
    while todo:
        for dep in modules.get(todo.pop(), ()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def check(repo):
    problems = []
    src = os.path.join(repo, "src")
    with open(os.path.join(repo, "CMakeLists.txt"), encoding="utf-8") as f:
        modules = declared_modules(f.read())
    cycle = find_cycle(modules)
    if cycle:
        problems.append("CMakeLists.txt: module cycle " + " -> ".join(cycle))
    for name, deps in modules.items():
        for dep in sorted(deps - set(modules)):
            problems.append(f"CMakeLists.txt: module {name} links undeclared module {dep}")
    folders = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
    for folder in folders:
        if folder not in modules and folder != TOP_LEVEL:
            problems.append(f"src/{folder}/: not declared with emoforget_module in CMakeLists.txt")
    file_graph = {}
    for folder in folders:
        allowed = set(folders) if folder == TOP_LEVEL else {folder} | closure(modules, folder)
        for entry in sorted(os.listdir(os.path.join(src, folder))):
            if not entry.endswith((".h", ".cpp")):
                continue
            rel = f"{folder}/{entry}"
            with open(os.path.join(src, rel), encoding="utf-8") as f:
                text = f.read()
            for line_no, included in (
                (text.count("\n", 0, m.start()) + 1, m.group(1)) for m in INCLUDE_RE.finditer(text)
            ):
                target = included.split("/")[0]
                if "/" not in included or not os.path.exists(os.path.join(src, included)):
                    problems.append(f"src/{rel}:{line_no}: include \"{included}\" is not a file of src/")
                    continue
                if target == TOP_LEVEL and folder != TOP_LEVEL:
                    problems.append(f"src/{rel}:{line_no}: includes the CLI (\"{included}\")")
                elif target not in allowed:
                    problems.append(
                        f"src/{rel}:{line_no}: module {folder} includes \"{included}\" of module "
                        f"{target}, which it does not link (a lower module may not include a higher one)"
                    )
                file_graph.setdefault(rel, set()).add(included)
    cycle = find_cycle(file_graph)
    if cycle:
        problems.append("src/: include cycle " + " -> ".join(cycle))
    return problems


def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = check(repo)
    for problem in problems:
        print("check_layers: " + problem, file=sys.stderr)
    if problems:
        return 1
    print("check_layers: src/ layers are clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
