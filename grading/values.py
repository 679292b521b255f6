"""Answer values as plain JSON: the only thing that crosses from a student's process to the grader.

A submission runs in its own process; the grader never runs its code and never unpickles
anything it wrote. What comes back is the value of each name the tests use, written by
:func:`encode` as nested JSON objects with a type tag, and rebuilt by :func:`decode`, which
only ever constructs the plain types below. A value of any other type (a function, a fitted
model, an object with its own ``__eq__``) cannot be sent, so the tests never call code the
student wrote.

Supported: ``None``, ``bool``, ``int``, ``float``, ``str``, lists, tuples, sets, dicts,
NumPy scalars and arrays (boolean, integer, float, string, or object arrays of these),
and pandas ``Index``, ``Series`` and ``DataFrame`` whose columns hold those or categoricals.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["UnsupportedValue", "decode", "encode"]

_MAX_DEPTH = 32
_NUMERIC_KINDS = "biuf"


class UnsupportedValue(TypeError):
    """A value the grader cannot receive: not plain data (see the module docstring)."""


def encode(value: Any, _depth: int = 0) -> dict:
    """Encode a value as a JSON-ready dict with a type tag.

    Parameters
    ----------
    value : Any
        A plain value: see the module docstring for the supported types.

    Returns
    -------
    dict
        ``{"t": tag, ...}``, nested for containers; ``json.dumps`` can write it.

    Raises
    ------
    UnsupportedValue
        If ``value`` (or anything inside it) is not plain data, or is nested too deeply.

    Examples
    --------
    >>> encode(2.5)
    {'t': 'float', 'v': 2.5}
    >>> decode(encode({"a": [1, (2, None)]}))
    {'a': [1, (2, None)]}
    """
    if _depth > _MAX_DEPTH:
        raise UnsupportedValue(f"nested deeper than {_MAX_DEPTH} levels")
    inner = _depth + 1
    # bool before int: bool is a subclass of int. Exact type checks keep subclasses (which
    # could carry their own methods) out.
    if value is None:
        return {"t": "none"}
    if type(value) is bool:
        return {"t": "bool", "v": value}
    if type(value) is int:
        return {"t": "int", "v": value}
    if type(value) is float:
        return {"t": "float", "v": value}
    if type(value) is str:
        return {"t": "str", "v": value}
    if type(value) in (list, tuple, set, frozenset):
        items = sorted(value, key=repr) if type(value) in (set, frozenset) else value
        return {"t": type(value).__name__, "v": [encode(item, inner) for item in items]}
    if type(value) is dict:
        return {"t": "dict", "v": [[encode(k, inner), encode(v, inner)] for k, v in value.items()]}
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        if value.dtype.kind not in _NUMERIC_KINDS + "U":
            raise UnsupportedValue(f"NumPy scalar of dtype {value.dtype}")
        return {"t": "npscalar", "dtype": value.dtype.str, "v": value.item()}
    if type(value) is np.ndarray:
        return _encode_array(value, inner)
    if type(value) is pd.Series:
        return {"t": "series", "name": encode(value.name, inner),
                "index": _encode_index(value.index, inner), "values": _encode_column(value, inner)}
    if type(value) is pd.DataFrame:
        return {"t": "frame", "columns": _encode_index(value.columns, inner),
                "index": _encode_index(value.index, inner),
                "data": [_encode_column(value.iloc[:, j], inner) for j in range(value.shape[1])]}
    if isinstance(value, pd.Index):
        return _encode_index(value, inner)
    raise UnsupportedValue(f"values of type {type(value).__module__}.{type(value).__qualname__}")


def _encode_array(array: np.ndarray, depth: int) -> dict:
    kind = array.dtype.kind
    if kind in _NUMERIC_KINDS or kind == "U":
        return {"t": "ndarray", "dtype": array.dtype.str, "shape": list(array.shape),
                "v": array.ravel().tolist()}
    if kind == "O":
        return {"t": "ndarray", "dtype": "object", "shape": list(array.shape),
                "v": [encode(item, depth) for item in array.ravel()]}
    raise UnsupportedValue(f"NumPy arrays of dtype {array.dtype}")


def _encode_index(index: pd.Index, depth: int) -> dict:
    name = encode(index.name, depth)
    if type(index) is pd.RangeIndex:
        return {"t": "range", "name": name, "v": [index.start, index.stop, index.step]}
    if type(index) is pd.MultiIndex:
        raise UnsupportedValue("pandas MultiIndex (reset_index() turns it into columns)")
    return {"t": "index", "name": name, "values": _encode_column(pd.Series(index), depth)}


def _encode_column(series: pd.Series, depth: int) -> dict:
    """The values of a Series with their dtype: numeric, string, categorical or object."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return {"t": "categorical", "categories": _encode_index(dtype.categories, depth),
                "ordered": bool(dtype.ordered), "codes": series.cat.codes.tolist()}
    if isinstance(dtype, pd.StringDtype):
        return {"t": "strings", "dtype": str(dtype),
                "v": [None if pd.isna(x) else str(x) for x in series]}
    if isinstance(dtype, np.dtype):
        return _encode_array(series.to_numpy(), depth)
    raise UnsupportedValue(f"pandas columns of dtype {dtype}")


def decode(obj: Any) -> Any:
    """Rebuild a value written by :func:`encode`.

    Only plain types are constructed, whatever the input says; anything malformed raises
    ``ValueError``.

    Parameters
    ----------
    obj : Any
        Parsed JSON, as produced by ``json.loads(json.dumps(encode(value)))``.

    Returns
    -------
    Any
        A value equal to the one encoded, of the same type.

    Raises
    ------
    ValueError
        If ``obj`` is not something :func:`encode` writes.

    Examples
    --------
    >>> import numpy as np
    >>> decode(encode(np.array([[1.0, 2.0]]))).shape
    (1, 2)
    """
    try:
        return _decode(obj)
    except (KeyError, TypeError, IndexError, AttributeError, OverflowError) as error:
        raise ValueError(f"malformed encoded value: {error!r}") from None


def _decode(obj: dict) -> Any:
    tag = obj["t"]
    if tag == "none":
        return None
    if tag in ("bool", "int", "float", "str"):
        value = obj["v"]
        expected = {"bool": bool, "int": int, "float": (float, int), "str": str}[tag]
        # float('nan') arrives as a float; an integral float may arrive as an int
        if type(value) not in (expected if isinstance(expected, tuple) else (expected,)):
            raise ValueError(f"a {tag} tag holding {type(value).__name__}")
        return float(value) if tag == "float" else value
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [_decode(item) for item in _as_list(obj["v"])]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        return {_decode(k): _decode(v) for k, v in _as_list(obj["v"])}
    if tag == "npscalar":
        if type(obj["v"]) not in (bool, int, float, str):
            raise ValueError("a NumPy scalar must hold a number or a string")
        return _dtype(obj["dtype"]).type(obj["v"])
    if tag == "ndarray":
        return _decode_array(obj)
    if tag == "series":
        return pd.Series(_decode_column(obj["values"]), index=_decode_index(obj["index"]),
                         name=_decode(obj["name"]))
    if tag == "frame":
        columns = _decode_index(obj["columns"])
        data = [_decode_column(column) for column in _as_list(obj["data"])]
        if len(data) != len(columns):
            raise ValueError("a data frame with more columns than column names")
        index = _decode_index(obj["index"])
        frame = pd.DataFrame({j: pd.Series(values, index=index) for j, values in enumerate(data)},
                             index=index)
        frame.columns = columns
        return frame
    if tag in ("range", "index"):
        return _decode_index(obj)
    raise ValueError(f"unknown type tag {tag!r}")


def _as_list(value: Any) -> list:
    if type(value) is not list:
        raise ValueError(f"expected a list, got {type(value).__name__}")
    return value


def _dtype(text: Any) -> np.dtype:
    if type(text) is not str:
        raise ValueError("a dtype must be a string")
    dtype = np.dtype(text)
    if dtype.kind not in _NUMERIC_KINDS + "U":
        raise ValueError(f"dtype {text!r} is not allowed")
    return dtype


def _decode_array(obj: dict) -> np.ndarray:
    shape = tuple(_as_list(obj["shape"]))
    if not all(type(n) is int and n >= 0 for n in shape):
        raise ValueError("an array shape must be non-negative integers")
    flat = _as_list(obj["v"])
    if len(flat) != math.prod(shape):
        raise ValueError("an array whose data do not fill its shape")
    if obj["dtype"] == "object":
        array = np.empty(len(flat), dtype=object)
        array[:] = [_decode(item) for item in flat]
        return array.reshape(shape)
    dtype = _dtype(obj["dtype"])
    if not all(type(x) in (bool, int, float, str) for x in flat):
        raise ValueError("array data must be numbers or strings")
    return np.array(flat, dtype=dtype).reshape(shape)


def _decode_index(obj: dict) -> pd.Index:
    name = _decode(obj["name"])
    if obj["t"] == "range":
        start, stop, step = (int(x) for x in _as_list(obj["v"]))
        return pd.RangeIndex(start, stop, step, name=name)
    if obj["t"] != "index":
        raise ValueError(f"expected an index, got tag {obj['t']!r}")
    return pd.Index(_decode_column(obj["values"]), name=name)


def _decode_column(obj: dict) -> Any:
    if obj["t"] == "categorical":
        categories = _decode_index(obj["categories"])
        codes = np.array(_as_list(obj["codes"]), dtype=np.int64)
        if codes.size and (codes.min() < -1 or codes.max() >= len(categories)):
            raise ValueError("categorical codes out of range")
        return pd.Categorical.from_codes(codes, categories=categories,
                                         ordered=bool(obj["ordered"]))
    if obj["t"] == "strings":
        values = _as_list(obj["v"])
        if not all(x is None or type(x) is str for x in values):
            raise ValueError("string data must be strings or null")
        # pandas' two string dtypes: "str" (NaN for missing; the default from pandas 3) and
        # "string" (pd.NA for missing)
        if obj["dtype"] not in ("str", "string"):
            raise ValueError(f"unknown string dtype {obj['dtype']!r}")
        return pd.array(values, dtype=obj["dtype"])
    if obj["t"] == "ndarray":
        return _decode_array(obj)
    raise ValueError(f"expected column values, got tag {obj['t']!r}")

