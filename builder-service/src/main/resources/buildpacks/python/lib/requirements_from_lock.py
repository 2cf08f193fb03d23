"""Prints pinned pip requirements for the runtime dependencies a lock file names.

Usage: python3 -I requirements_from_lock.py LOCKFILE APP_DIR

uv, poetry and pipenv cannot be installed here (PyPI is not reachable), but their lock files
are plain TOML (uv.lock, poetry.lock) or JSON (Pipfile.lock) that already hold the resolved
versions: pip installs the same set from the lines printed here. Development-only packages are
left out, as `uv sync --no-dev`, `poetry install --only main` and `pipenv install --deploy` do.
Local packages become `name @ file://APP_DIR/path`; git and URL sources keep their pinned
revision. Exits 2 with a message on standard error when the lock cannot be read.
"""

import json
import os
import re
import sys

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    tomllib = None

MAX_LOCK_BYTES = 16 * 1024 * 1024
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_MARKER = 2000
VERSION = re.compile(r"^[A-Za-z0-9.+!*-]+$")


class LockError(Exception):
    pass


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def checked_name(name):
    if not isinstance(name, str) or not NAME.match(name):
        raise LockError(f"a package name is not valid: {str(name)[:60]!r}")
    return name


def checked_marker(marker):
    if not marker:
        return ""
    if not isinstance(marker, str) or "\n" in marker or "\r" in marker:
        raise LockError("a marker is not valid")
    return f" ; {marker}"


def local_path(app_dir, path):
    """A file: URL for a path of the lock, which must stay inside the app."""
    if not isinstance(path, str):
        raise LockError("a local path is not valid")
    full = os.path.normpath(os.path.join(app_dir, path))
    if full != app_dir and not full.startswith(app_dir.rstrip("/") + "/"):
        raise LockError(f"a local package lies outside the app: {path[:60]!r}")
    return "file://" + full


def pinned(name, version, marker=""):
    if not isinstance(version, str) or not VERSION.match(version):
        raise LockError(f"the version of {name} is not valid: {str(version)[:60]!r}")
    return f"{checked_name(name)}=={version}{checked_marker(marker)}"


def read_toml(path):
    if tomllib is None:
        raise LockError("reading a TOML lock file needs Python 3.11 or newer on the build host")
    with open(path, "rb") as f:
        data = f.read(MAX_LOCK_BYTES + 1)
    if len(data) > MAX_LOCK_BYTES:
        raise LockError("the lock file is larger than 16 MB")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise LockError(f"it is not valid TOML: {e}") from None


def from_poetry(path, app_dir):
    lock = read_toml(path)
    lines = []
    for package in lock.get("package", []):
        groups = package.get("groups") or [package.get("category", "main")]
        if "main" not in groups:
            continue
        name = checked_name(package.get("name"))
        marker = package.get("markers", "")
        if isinstance(marker, dict):  # poetry 2: markers per group
            marker = marker.get("main", "")
        source = package.get("source") or {}
        kind = source.get("type")
        if kind in ("file", "directory"):
            lines.append(f"{name} @ {local_path(app_dir, source.get('url'))}{checked_marker(marker)}")
        elif kind == "git":
            ref = source.get("resolved_reference") or source.get("reference")
            lines.append(f"{name} @ git+{source.get('url')}@{ref}{checked_marker(marker)}")
        elif kind == "url":
            lines.append(f"{name} @ {source.get('url')}{checked_marker(marker)}")
        else:
            lines.append(pinned(name, package.get("version"), marker))
    return lines


def from_uv(path, app_dir):
    lock = read_toml(path)
    packages = {normalized(p.get("name", "")): p for p in lock.get("package", [])}
    roots = [p for p in packages.values()
             if "editable" in p.get("source", {}) or "virtual" in p.get("source", {})]
    if not roots:
        raise LockError("it names no project of this app (no package with an editable or virtual source)")
    root_names = {normalized(root["name"]) for root in roots}
    markers = {}  # normalized name -> the markers under which some path from the app needs it
    seen = set()  # (name, marker, extra) already walked
    todo = [(dependency, "") for root in roots for dependency in root.get("dependencies", [])]
    while todo:
        dependency, via = todo.pop()
        key = normalized(checked_name(dependency.get("name")))
        package = packages.get(key)
        if package is None:
            raise LockError(f"{dependency.get('name')} is required but not locked")
        own = dependency.get("marker", "")
        marker = f"({via}) and ({own})" if via and own else via or own
        if len(marker) > MAX_MARKER:  # a cycle under markers: the shorter path already counted
            continue
        for extra in [None] + list(dependency.get("extra", [])):
            if (key, marker, extra) in seen:
                continue
            seen.add((key, marker, extra))
            markers.setdefault(key, set()).add(marker)
            more = package.get("dependencies", []) if extra is None else package.get("optional-dependencies", {}).get(extra, [])
            todo.extend((d, marker) for d in more)
    lines = []
    for key, needed in sorted(markers.items()):
        if key in root_names:
            continue
        marker = "" if "" in needed else " or ".join(f"({m})" for m in sorted(needed))
        package = packages[key]
        source = package.get("source", {})
        name = package["name"]
        if "path" in source or "directory" in source:
            lines.append(f"{name} @ {local_path(app_dir, source.get('path') or source.get('directory'))}{checked_marker(marker)}")
        elif "git" in source:
            lines.append(f"{name} @ git+{source['git'].split('#')[0]}@{source['git'].split('#')[-1]}{checked_marker(marker)}")
        elif "url" in source:
            lines.append(f"{name} @ {source['url']}{checked_marker(marker)}")
        else:
            lines.append(pinned(name, package.get("version"), marker))
    return lines


def from_pipfile(path, app_dir):
    with open(path, "rb") as f:
        data = f.read(MAX_LOCK_BYTES + 1)
    if len(data) > MAX_LOCK_BYTES:
        raise LockError("the lock file is larger than 16 MB")
    try:
        lock = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise LockError(f"it is not valid JSON: {e}") from None
    lines = []
    for name, spec in sorted((lock.get("default") or {}).items()):
        name = checked_name(name)
        marker = spec.get("markers", "")
        if "path" in spec or "file" in spec:
            target = spec.get("path") or spec.get("file")
            url = target if "://" in target else local_path(app_dir, target)
            lines.append(f"{name} @ {url}{checked_marker(marker)}")
        elif "git" in spec:
            lines.append(f"{name} @ git+{spec['git']}@{spec.get('ref', 'HEAD')}{checked_marker(marker)}")
        else:
            version = spec.get("version", "")
            if not version.startswith("=="):
                raise LockError(f"{name} is not pinned to one version")
            lines.append(pinned(name, version[2:], marker))
    return lines


READERS = {"uv.lock": from_uv, "poetry.lock": from_poetry, "Pipfile.lock": from_pipfile}


def main():
    if len(sys.argv) != 3 or os.path.basename(sys.argv[1]) not in READERS:
        print("usage: requirements_from_lock.py {uv.lock|poetry.lock|Pipfile.lock} APP_DIR", file=sys.stderr)
        return 2
    lock, app_dir = sys.argv[1], os.path.abspath(sys.argv[2])
    try:
        lines = READERS[os.path.basename(lock)](lock, app_dir)
    except (LockError, AttributeError, KeyError, TypeError) as e:
        print(f"{os.path.basename(lock)} cannot be read: {e}", file=sys.stderr)
        return 2
    for line in lines:
        if "\n" in line or "\r" in line or line.lstrip().startswith("-"):
            print(f"{os.path.basename(lock)} cannot be read: a line is not a requirement", file=sys.stderr)
            return 2
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
