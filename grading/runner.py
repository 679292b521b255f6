"""Run one submitted notebook and report the values the tests need: the untrusted side of grading.

``python -m grading.runner NOTEBOOK CHANNEL_FD NAME [NAME ...]`` is started by
:mod:`grading.grade` in a fresh sandbox directory, with resource limits already set. It runs the
notebook's code cells in order in an IPython shell (as a kernel would, magics included),
carrying on after a cell that raises, and writes JSON lines to the file descriptor
``CHANNEL_FD``:

``{"event": "cell", "index": i}``
    before code cell ``i`` runs (so the grader can say where a timeout or crash happened);
``{"event": "error", "index": i, "error": "NameError: ..."}``
    after a cell that raised;
``{"event": "answers", "values": {...}, "unsent": {name: reason}}``
    at the end: each requested name found in the notebook's namespace, encoded by
    :func:`grading.values.encode`.

Nothing here decides a score. The student's code runs in this process and could rewrite any of
it, so all it could ever fake is its own answers, which the grader then tests.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["code_cells", "main"]

_MAX_ERROR_CHARS = 300


def main(argv: list[str]) -> None:
    """Run the notebook ``argv[0]``, report on file descriptor ``argv[1]`` for names ``argv[2:]``, exit."""
    notebook_path, channel_fd, names = argv[0], int(argv[1]), argv[2:]
    channel = os.fdopen(channel_fd, "w", encoding="utf-8")

    def send(message: dict) -> None:
        channel.write(json.dumps(message) + "\n")
        channel.flush()

    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from grading.values import encode

    sources = code_cells(Path(notebook_path).read_bytes())
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell.instance(config=config)
    for index, source in enumerate(sources):
        send({"event": "cell", "index": index})
        result = shell.run_cell(source, store_history=True)
        error = result.error_before_exec or result.error_in_exec
        if error is not None:
            send({"event": "error", "index": index, "error": _describe(error)})

    values: dict[str, Any] = {}
    unsent: dict[str, str] = {}
    for name in names:
        if name not in shell.user_ns:
            unsent[name] = "not defined"
            continue
        if shell.user_ns[name] is Ellipsis:  # the prompt, left as it was
            unsent[name] = "not answered"
            continue
        try:
            encoded = encode(shell.user_ns[name])
            json.dumps(encoded)  # fails here, not in send(), on ints too long to write
        except (TypeError, ValueError, RecursionError) as error:
            unsent[name] = str(error)[:_MAX_ERROR_CHARS]
            continue
        values[name] = encoded
    send({"event": "answers", "values": values, "unsent": unsent})
    channel.close()
    # Everything is sent; skip the interpreter's teardown (IPython's and matplotlib's exit
    # handlers take seconds).
    os._exit(0)


def code_cells(data: bytes) -> list[str]:
    r"""Return the source of each code cell of a notebook file, in order.

    Deliberately lenient about everything but the structure needed to run the cells, like
    Jupyter itself (a notebook a student's Jupyter saved must be gradable).

    Parameters
    ----------
    data : bytes
        The contents of an ``.ipynb`` file (nbformat 4).

    Returns
    -------
    list of str
        One source string per code cell.

    Raises
    ------
    ValueError
        If ``data`` is not a Jupyter notebook (nbformat 4) with a list of cells.

    Examples
    --------
    >>> code_cells(b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["x = 1\\n", "x"]}]}')
    ['x = 1\nx']
    >>> code_cells(b'{"cells": ')
    Traceback (most recent call last):
    ...
    ValueError: not a notebook: the file is not valid JSON (Expecting value: line 1 column 11 (char 10))
    """
    try:
        notebook = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not a notebook: the file is not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise ValueError(f"not a notebook: the file is not valid JSON ({error})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError("not a notebook: no list of cells (is it a Jupyter notebook?)")
    if notebook.get("nbformat") != 4:
        raise ValueError(f"not a notebook in format 4 (nbformat is {notebook.get('nbformat')!r}); "
                         "open and save it in a current Jupyter")
    sources = []
    for cell in notebook["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise ValueError("not a notebook: a code cell whose source is not text")
        sources.append(source)
    return sources


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:_MAX_ERROR_CHARS]


if __name__ == "__main__":
    main(sys.argv[1:])
