#!/usr/bin/env bash
# Checks that README.md works for someone who takes CrisisKit from its packages: in a new console app outside the
# repository, runs the README's `dotnet add package` lines (before its first C# block) against the packed packages
# (the folder given) and the usual feed, pastes the README's first ```csharp block as Program.cs, then builds and runs
# it. Any failure fails the check (exit 1).
#
#   eng/readme-check.sh PACK_DIR
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
readme="${README_FILE:-$repo/README.md}"
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: eng/readme-check.sh PACK_DIR (a folder of .nupkg files from dotnet pack)" >&2; exit 2; }
pack_dir=$(cd "$1" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/crisiskit-readme.XXXXXX")
case "$work/" in "$repo"/*) echo "readme-check: the temporary folder $work is inside the repository" >&2; exit 2;; esac
trap 'rm -rf "$work"' EXIT

# The README's first C# block, and the package lines before it.
first_csharp=$(awk '/^```csharp[[:space:]]*$/ { print NR; exit }' "$readme")
[ -n "$first_csharp" ] || { echo "readme-check: README.md has no \`\`\`csharp block" >&2; exit 1; }
awk -v start="$first_csharp" 'NR > start && /^```[[:space:]]*$/ { exit } NR > start { print }' "$readme" > "$work/Program.cs"
mapfile -t add_lines < <(head -n "$first_csharp" "$readme" | grep -E '^[[:space:]]*dotnet add package [A-Za-z0-9_.-]+' | sed -E 's/[[:space:]]*#.*$//; s/^[[:space:]]+//')
[ "${#add_lines[@]}" -gt 0 ] || { echo "readme-check: README.md names no package (dotnet add package ...) before its first C# block" >&2; exit 1; }

# A console app whose packages come from the pack folder (CrisisKit*) and the usual feed (the rest). Its own package
# cache, so a CrisisKit package of the same version cached earlier cannot stand in for the one just packed.
mkdir -p "$work/app"
cd "$work/app"
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="packed" value="$pack_dir" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="packed"><package pattern="CrisisKit" /><package pattern="CrisisKit.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
export NUGET_PACKAGES="$work/packages"
cat > ReadmeApp.csproj <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
</Project>
XML
cp "$work/Program.cs" Program.cs

for line in "${add_lines[@]}"; do
  read -r -a words <<< "$line"
  package=${words[3]}
  command=("${words[@]}")
  # A CrisisKit package comes from the pack folder at the version just packed (prerelease included).
  packed=$(find "$pack_dir" -maxdepth 1 -name "$package.[0-9]*.nupkg" ! -name "*.snupkg" | sort | tail -n 1)
  if [[ "$package" == CrisisKit* ]]; then
    [ -n "$packed" ] || { echo "readme-check: README.md installs $package, which dotnet pack did not produce" >&2; exit 1; }
    if [[ " ${command[*]} " != *" --version "* && " ${command[*]} " != *" -v "* ]]; then
      version=$(basename "$packed" .nupkg); version=${version#"$package".}
      command+=(--version "$version")
    fi
  fi
  echo "  \$ ${command[*]}"
  if ! "${command[@]}" > "$work/add.log" 2>&1; then
    tail -n 20 "$work/add.log"
    echo "readme-check: '$line' failed" >&2
    exit 1
  fi
done

echo "  \$ dotnet build (the README's first C# block as Program.cs)"
if ! dotnet build -nologo -clp:ErrorsOnly > "$work/build.log" 2>&1; then
  cat "$work/build.log" | tail -n 30
  echo "readme-check: the README's first C# block does not build with the packages its Install lines name" >&2
  exit 1
fi
echo "  \$ dotnet run"
if ! timeout 300 dotnet run --no-build > "$work/run.log" 2>&1; then
  tail -n 30 "$work/run.log"
  echo "readme-check: the README's first C# block fails when run" >&2
  exit 1
fi
tail -n 10 "$work/run.log" | sed 's/^/  | /'
echo "readme-check: ok (${#add_lines[@]} packages; README's first C# block builds and runs)"
