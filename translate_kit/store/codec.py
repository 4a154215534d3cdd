"""Typed JSON for the caches: records are written as plain data and read back by the type the
reader expects, never by a name found in the file. A cache file can hold data; it can never
choose what code runs. Anything that does not fit the expected type is :class:`Invalid`."""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..regular import read_bytes

Decoder = Callable[[Any], Any]

VERSION = 1
"""The layout of every cache file; a file of another version is ignored and rebuilt."""

log = logging.getLogger(__name__)


class Invalid(ValueError):
    """Stored data that does not have the expected shape (the cache is rebuilt)."""


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses as lists of their fields in order, tuples and
    lists as lists, dicts as lists of pairs, dates tagged (only where the type is ``Any``)."""
    return value if type(value) in _PLAIN else _encoder(value)(value)


_PLAIN = frozenset((type(None), bool, int, float, str))
_ENCODERS: dict[type, Callable[[Any], Any]] = {}


def _encoder(value: Any) -> Callable[[Any], Any]:
    """How a value of ``value``'s type is written (built once per type: a cold status of a
    large site encodes half a million values, and scalars are not even called for)."""
    kind = type(value)
    found = _ENCODERS.get(kind)
    if found is None:
        if kind in (tuple, list):
            found = _sequence
        elif dataclasses.is_dataclass(kind):
            found = _record([f.name for f in dataclasses.fields(kind)])
        else:
            found = _other
        _ENCODERS[kind] = found
    return found


def _record(names: list[str]) -> Callable[[Any], Any]:
    def write(value: Any) -> list[Any]:
        return _sequence([getattr(value, name) for name in names])
    return write


def _sequence(values: Any) -> list[Any]:
    return [v if type(v) in _PLAIN else _encoder(v)(v) for v in values]


def _other(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple | list):
        return _sequence(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _sequence([getattr(value, f.name) for f in dataclasses.fields(value)])
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, dict):
        return [[encode(k), encode(v)] for k, v in value.items()]
    raise TypeError(f"cannot store a {type(value).__name__} in a cache")


def decode(kind: Any, data: Any) -> Any:
    """``data`` read back as a value of type ``kind`` (raises :class:`Invalid`)."""
    return decoder(kind)(data)


@functools.cache
def decoder(kind: Any) -> Decoder:
    """A function that reads stored data of type ``kind`` (built once per type)."""
    if kind is Any:
        return _any
    if kind in (str, int, float, bool, type(None)):
        return _scalar(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        return _dataclass(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (types.UnionType, typing.Union):
        scalars = [a for a in args if a is not type(None)]
        if len(args) == 2 and len(scalars) == 1 and scalars[0] in _SCALARS:
            return _optional(scalars[0])
        return _union(tuple(decoder(a) for a in args))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] in (str, int):  # the common case, checked in one pass
            return _scalars(args[0])
        item = decoder(args[0])
        return lambda data: tuple(item(x) for x in _list(data))
    if origin is tuple:
        return _fixed(tuple(decoder(a) for a in args))
    if origin is list:
        item = decoder(args[0])
        return lambda data: [item(x) for x in _list(data)]
    if origin is dict:
        key, value = decoder(args[0]), decoder(args[1])
        return lambda data: {key(k): value(v) for k, v in (_pair(p) for p in _list(data))}
    raise TypeError(f"no cache decoder for {kind!r}")


_SCALARS = (str, int, float, bool)


def _optional(kind: type) -> Decoder:
    strict = _scalar(kind)

    def read(data: Any) -> Any:
        return data if data is None or type(data) is kind else strict(data)
    return read


def _scalars(kind: type) -> Decoder:
    def read(data: Any) -> Any:
        values = _list(data)
        if not all(type(x) is kind for x in values):
            raise Invalid(f"expected a list of {kind.__name__}")
        return tuple(values)
    return read


def _scalar(kind: type) -> Decoder:
    def read(data: Any) -> Any:
        if kind is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        if type(data) is not kind:
            raise Invalid(f"expected {kind.__name__}, found {type(data).__name__}")
        return data
    return read


def _dataclass(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields)
    parts = tuple(decoder(hints[f.name]) for f in fields)
    # Records are rebuilt the way their own __init__ would set them, minus its per-field
    # frozen-setattr cost (the warm status reads ~12,000 of them); classes with checks of
    # their own (__post_init__) or slots are built through __init__.
    direct = (all(f.init for f in fields) and not hasattr(cls, "__post_init__")
              and not hasattr(cls, "__slots__"))
    new = object.__new__

    def read(data: Any) -> Any:
        values = _list(data)
        if len(values) != len(parts):
            raise Invalid(f"{cls.__name__}: expected {len(parts)} fields, found {len(values)}")
        decoded = [part(value) for part, value in zip(parts, values, strict=True)]
        if not direct:
            return cls(*decoded)
        obj: Any = new(cls)
        obj.__dict__.update(zip(names, decoded, strict=True))
        return obj
    return read


def _union(options: tuple[Decoder, ...]) -> Decoder:
    def read(data: Any) -> Any:
        for option in options:
            try:
                return option(data)
            except Invalid:
                continue
        raise Invalid(f"no alternative fits {type(data).__name__}")
    return read


def _fixed(parts: tuple[Decoder, ...]) -> Decoder:
    def read(data: Any) -> Any:
        values = _list(data)
        if len(values) != len(parts):
            raise Invalid(f"expected {len(parts)} items, found {len(values)}")
        return tuple(part(value) for part, value in zip(parts, values, strict=True))
    return read


def _any(data: Any) -> Any:
    """A frozen front-matter value: scalars, tuples of values, tagged dates."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return tuple(_any(x) for x in data)
    if isinstance(data, dict) and len(data) == 1:
        (tag, text), = data.items()
        if isinstance(text, str) and tag in ("date", "datetime"):
            try:
                return (datetime if tag == "datetime" else date).fromisoformat(text)
            except ValueError as exc:
                raise Invalid(f"bad {tag} {text!r}") from exc
    raise Invalid(f"unexpected {type(data).__name__} in a stored value")


def _list(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise Invalid(f"expected a list, found {type(data).__name__}")
    return data


def _pair(data: Any) -> tuple[Any, Any]:
    values = _list(data)
    if len(values) != 2:
        raise Invalid("expected a pair")
    return values[0], values[1]


def load_file(path: Path, fmt: str, key: str, kind: Any) -> Any:
    """The value stored at ``path`` as type ``kind``, or None when the file is absent, damaged,
    of another format or version, or made for another key (then the caller rebuilds it)."""
    try:
        doc = json.loads(read_bytes(path))
        if not (isinstance(doc, dict) and doc.get("format") == fmt
                and doc.get("version") == VERSION and doc.get("key") == key):
            return None
        return decode(kind, doc.get("data"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError) as exc:  # a bad cache is only a slower run
        log.debug("ignoring unreadable cache %s: %s", path, exc)
        return None


def save_file(path: Path, fmt: str, key: str, value: Any) -> None:
    """Store ``value`` at ``path`` atomically; a cache that cannot be written is only slower."""
    doc = {"format": fmt, "version": VERSION, "key": key, "data": encode(value)}
    try:
        write_json(path, doc)
    except OSError as exc:
        log.warning("cannot write cache %s: %s", path, exc)


def write_json(path: Path, doc: Any) -> None:
    """One cache document, replaced atomically (not flushed to disk: it can be made again)."""
    from ..write import write_text_atomic

    # dumps, not dump: json.dump always takes the pure-Python encoder (a second per cold
    # status of a large site); dumps takes the C one, same text.
    write_text_atomic(path, json.dumps(doc, separators=(",", ":")), sync=False)
