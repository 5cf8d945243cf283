"""Reading the project's YAML data files with one-line, editor-friendly errors.

Used for the organisation profile and for every file under data/. Each
problem names the key path and what was expected; the error names the file.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError


class DataFileError(Exception):
    """A data file that cannot be used. `problems` lists each problem found."""

    kind = "Data file"
    not_found_hint = ""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"{self.kind} {self.path}: {first}{more}")


# libyaml's safe loader where PyYAML has it (several times faster), else the pure one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            repeated = key in seen
        except TypeError:  # an unhashable key (a list or mapping): not a name to repeat
            continue
        if repeated:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def refuse_repeated_keys(loader: type) -> type:
    """Make a PyYAML loader class refuse a key given twice in a mapping (YAML
    would keep the last one silently). Used for the data files, the pages'
    front matter (macros/frontmatter.py) and mkdocs.yml (macros/build/config_checks.py)."""
    loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return loader


@refuse_repeated_keys
class _UniqueKeyLoader(_SAFE_LOADER):
    """Safe loader that rejects a key given twice (YAML would keep the last silently)."""


# Parsed files, by path, modification time and size: one build reads the
# same data file from several places (macros, hooks), but parses it once.
_parsed: dict[tuple[str, int, int], Any] = {}


def _file_key(path: Path) -> tuple[str, int, int] | None:
    """Path, modification time and size: a file edited since has a new key."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def read_yaml(path: Path, error: type[DataFileError] = DataFileError) -> Any:
    """Read a YAML file, turning every failure into a one-line `error`."""
    path = Path(path)
    key = _file_key(path)
    if key in _parsed:
        return copy.deepcopy(_parsed[key])
    data = _parse_yaml(path, error)
    if key is not None:
        _parsed[key] = copy.deepcopy(data)
    return data


def _parse_yaml(path: Path, error: type[DataFileError]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(path, [f"file not found{error.not_found_hint}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, [f"cannot be read: {exc}"]) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(path, [f"{where}invalid YAML: {problem}"]) from None


def _describe(error: dict[str, Any], model: type[BaseModel]) -> str:
    """One readable line for one pydantic error."""
    loc = ".".join(str(part) for part in error["loc"]) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = error["loc"][:-1]
        allowed = _allowed_keys(model, parent)
        hint = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f"{loc}: unknown key, check the spelling{hint}"
    if kind == "missing":
        return f"{loc}: missing (this key is required)"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{loc}: {error['input']!r} is not allowed, expected one of {expected}"
    if kind.startswith(("date_", "datetime_")) and isinstance(error.get("input"), str):
        return f"{loc}: not a date: {error['input']!r} (write it as YYYY-MM-DD, e.g. 2026-11-28)"
    message = error["msg"].removeprefix("Value error, ")
    if kind == "string_type" and isinstance(error.get("input"), (int, float)):
        message += f" (put it in quotes: \"{error['input']}\")"
    return f"{loc}: {message}"


def _allowed_keys(model: type[BaseModel], parent: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in parent:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = field.annotation
    return list(getattr(current, "model_fields", {}))


def parse_data(data: Any, path: Path | str, model: type[BaseModel],
               error: type[DataFileError] = DataFileError):
    """Validate loaded YAML against `model`; every problem goes in the error."""
    if not isinstance(data, dict):
        raise error(path, ["expected a mapping of keys at the top level (is the file empty?)"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # A misspelt key also makes the real key "missing": report the cause first.
        errors = sorted(exc.errors(), key=lambda err: err["type"] != "extra_forbidden")
        raise error(path, [_describe(err, model) for err in errors]) from None


# Validated files, by file key and model: the macros and the triage hook load
# the same data in one build; the models are frozen, so they can share it.
_validated: dict[tuple[Any, ...], BaseModel] = {}


def load_data(path: Path | str, model: type[BaseModel],
              error: type[DataFileError] = DataFileError):
    path = Path(path)
    key = _file_key(path)
    if key is not None and (key, model, error) in _validated:
        return _validated[(key, model, error)]
    value = parse_data(read_yaml(path, error), path, model, error)
    if key is not None:
        _validated[(key, model, error)] = value
    return value
