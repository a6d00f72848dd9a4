#!/usr/bin/env python3
"""Rewrites each shipped project's PublicAPI.Unshipped.txt from the analyzer's findings.

Builds the solution, adds every symbol reported as RS0016 (public but undeclared) and drops every symbol
reported as RS0017 (declared but gone). Run it after changing a public surface, then review the diff.
"""
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

root = Path(__file__).resolve().parent.parent
result = subprocess.run(
    ["dotnet", "build", str(root / "CrisisKit.sln"), "--no-incremental", "-p:TreatWarningsAsErrors=false", "-clp:NoSummary"],
    capture_output=True, text=True)
pattern = re.compile(r"^(?P<file>/[^(]+)\(\d+,\d+\): (?:warning|error) (?P<code>RS001[67]): Symbol '(?P<symbol>.+)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found)")
added, removed = defaultdict(set), defaultdict(set)
for line in result.stdout.splitlines():
    m = pattern.match(line.strip())
    if not m:
        continue
    project = Path(m["file"]).parent
    while not list(project.glob("*.csproj")):
        project = project.parent
    (added if m["code"] == "RS0016" else removed)[project].add(m["symbol"])
for project in set(added) | set(removed):
    path = project / "PublicAPI.Unshipped.txt"
    lines = [l for l in path.read_text().splitlines() if l and not l.startswith("#")]
    symbols = (set(lines) | added[project]) - removed[project]
    path.write_text("#nullable enable\n" + "".join(s + "\n" for s in sorted(symbols, key=lambda s: s.lstrip("~").replace("static ", "").replace("override ", "").replace("abstract ", "").replace("virtual ", "").replace("const ", ""))))
    print(f"{path.relative_to(root)}: +{len(added[project])} -{len(removed[project])}")
