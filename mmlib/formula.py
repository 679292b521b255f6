"""Parse lme4's formula language into terms.

A mixed-model formula such as ``Reaction ~ Days + (Days | Subject)`` has three
parts: the response on the left of ``~``, the fixed effects, and the
random-effects terms ``(expr | group)`` in parentheses. :func:`parse_formula`
turns the text into a :class:`Terms` object that :mod:`mmlib.design` turns
into matrices. The rules follow R's ``terms()`` and lme4's ``findbars()``:

* ``a * b`` is ``a + b + a:b``; ``a / b`` is ``a + a:b``; ``-`` removes a term;
  ``0 +`` or ``- 1`` removes the intercept;
* ``(x | g)`` has a random intercept and slope that are correlated;
  ``(0 + x | g)`` a slope only; ``(1 + x || g)`` an intercept and a slope that
  are uncorrelated, i.e. ``(1 | g) + (0 + x | g)``;
* ``(1 | a/b)`` is ``(1 | b:a) + (1 | a)``: ``b`` nested in ``a``;
* ``cbind(s, n - s)`` on the left gives a two-column (binomial) response.

Terms are ordered as R orders them: main effects first, then two-way
interactions and so on; the variables of an interaction in the order in which
they first appear in the formula.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Effects", "RandomTerm", "Terms", "parse_formula"]


@dataclass(frozen=True)
class Effects:
    """The columns of one model matrix: an intercept and a list of terms.

    Attributes
    ----------
    intercept : bool
        Whether the matrix has an intercept column ``(Intercept)``.
    terms : tuple of tuple of str
        Each term is a tuple of variable names; a tuple of two or more names is
        an interaction such as ``('Days', 'Group')`` for ``Days:Group``.
    """

    intercept: bool
    terms: tuple[tuple[str, ...], ...]

    @property
    def variables(self) -> tuple[str, ...]:
        """The variables used, each once, in order of first use."""
        return tuple(dict.fromkeys(name for term in self.terms for name in term))

    @property
    def labels(self) -> list[str]:
        """R's term labels: ``'Days'``, ``'Days:Group'``."""
        return [":".join(term) for term in self.terms]


@dataclass(frozen=True)
class RandomTerm:
    """One random-effects term ``(effects | group)`` with correlated effects.

    Attributes
    ----------
    effects : Effects
        The model matrix on the left of the bar.
    group : tuple of str
        The variables whose combinations define the groups: ``('Subject',)``,
        or ``('cask', 'batch')`` for the groups ``cask:batch``.
    """

    effects: Effects
    group: tuple[str, ...]

    @property
    def name(self) -> str:
        """The grouping factor's name as lme4 prints it, e.g. ``'cask:batch'``."""
        return ":".join(self.group)


@dataclass(frozen=True)
class Terms:
    """A parsed mixed-model formula.

    Attributes
    ----------
    formula : str
        The formula text as given.
    response : tuple of tuple of (int, str)
        One entry per response column; each is a signed sum of variables.
        ``y`` gives ``(((1, 'y'),),)``; ``cbind(s, n - s)`` gives
        ``(((1, 's'),), ((1, 'n'), (-1, 's')))``.
    response_label : str
        The text left of ``~``.
    fixed : Effects
        The fixed-effects part.
    random : tuple of RandomTerm
        The random-effects terms, with ``||`` and ``/`` expanded, in the
        order written.
    """

    formula: str
    response: tuple[tuple[tuple[int, str], ...], ...]
    response_label: str
    fixed: Effects
    random: tuple[RandomTerm, ...]

    @property
    def variables(self) -> tuple[str, ...]:
        """Every data column the formula uses, each once."""
        names = [name for column in self.response for _, name in column]
        names += self.fixed.variables
        for term in self.random:
            names += term.effects.variables + term.group
        return tuple(dict.fromkeys(names))


_TOKEN = re.compile(
    r"\s*(?:(?P<name>`[^`]*`|[A-Za-z_.][A-Za-z0-9_.]*)"
    r"|(?P<number>\d+(?:\.\d*)?)"
    r"|(?P<op>\|\||[~+\-*/:()|,^]))"
)


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    """Split formula text into (kind, value, position) tokens."""
    tokens = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            start = len(text) - len(text[position:].lstrip())
            _fail(text, start, f"unexpected character {text[start]!r}")
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "name" and value.startswith("`"):
            value = value[1:-1]
        tokens.append((kind, value, match.start(kind)))
        position = match.end()
    tokens.append(("end", "", len(text)))
    return tokens


def _fail(text: str, position: int, message: str) -> None:
    """Raise a ValueError that shows the formula with a caret under ``position``."""
    raise ValueError(
        f"malformed formula: {message} at position {position}:\n"
        f"    {text}\n    {' ' * position}^"
    )


class _Parser:
    """Recursive-descent parser producing a small tuple-based syntax tree.

    Nodes: ``('name', str, pos)``, ``('number', str, pos)``,
    ``('call', fname, [args], pos)``, ``('binop', op, left, right, pos)``,
    ``('neg', operand, pos)``, ``('paren', inner, pos)`` and
    ``('bar', op, left, right, pos)`` for ``(left | right)``.
    """

    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, value: str) -> None:
        kind, found, position = self.take()
        if found != value or kind != "op":
            shown = repr(found) if kind != "end" else "the end of the formula"
            _fail(self.text, position, f"expected {value!r} but found {shown}")

    def formula(self):
        kind, value, position = self.peek()
        if value == "~":
            _fail(self.text, position, "no response on the left of '~' (write y ~ ...)")
        left = self.sum()
        if self.peek()[1] != "~":
            _fail(self.text, self.peek()[2], "expected '~' between the response and the predictors")
        self.take()
        right = self.sum()
        kind, value, position = self.peek()
        if kind != "end":
            _fail(self.text, position, f"unexpected {value!r}")
        return left, right

    def sum(self):
        node = self.signed()
        while self.peek()[1] in ("+", "-") and self.peek()[0] == "op":
            _, op, position = self.take()
            node = ("binop", op, node, self.signed(), position)
        return node

    def signed(self):
        if self.peek()[1] == "-" and self.peek()[0] == "op":
            _, _, position = self.take()
            return ("neg", self.product(), position)
        return self.product()

    def product(self):
        node = self.interaction()
        while self.peek()[1] in ("*", "/") and self.peek()[0] == "op":
            _, op, position = self.take()
            node = ("binop", op, node, self.interaction(), position)
        return node

    def interaction(self):
        node = self.atom()
        while self.peek()[1] == ":" and self.peek()[0] == "op":
            _, op, position = self.take()
            node = ("binop", op, node, self.atom(), position)
        if self.peek()[1] == "^":
            _fail(self.text, self.peek()[2], "'^' is not supported; write the interactions out, e.g. a*b")
        return node

    def atom(self):
        kind, value, position = self.take()
        if kind == "name":
            if self.peek()[1] == "(":
                self.take()
                arguments = [self.sum()]
                while self.peek()[1] == ",":
                    self.take()
                    arguments.append(self.sum())
                self.expect(")")
                return ("call", value, arguments, position)
            return ("name", value, position)
        if kind == "number":
            return ("number", value, position)
        if value == "(":
            inner = self.sum()
            if self.peek()[1] in ("|", "||"):
                _, bar, bar_position = self.take()
                group = self.sum()
                self.expect(")")
                return ("bar", bar, inner, group, bar_position)
            self.expect(")")
            return ("paren", inner, position)
        shown = repr(value) if kind != "end" else "the end of the formula"
        _fail(self.text, position, f"expected a variable name, a number or '(' but found {shown}")


def _evaluate(node, text: str) -> tuple[list[frozenset], bool | None]:
    """Expand a fixed-effects expression into (terms, intercept) like R's terms().

    ``intercept`` is None when the expression does not mention it.
    """
    kind = node[0]
    if kind == "name":
        return [frozenset([node[1]])], None
    if kind == "number":
        if node[1] in ("0", "1"):
            return [], node[1] == "1"
        _fail(text, node[2], f"the number {node[1]} means nothing here; only 0 and 1 (the intercept) do")
    if kind == "paren":
        return _evaluate(node[1], text)
    if kind == "neg":
        operand = node[1]
        if operand[0] == "number" and operand[1] in ("0", "1"):
            return [], operand[1] == "0"
        _fail(text, node[2], "a leading '-' can only remove the intercept (- 1)")
    if kind == "call":
        _fail(
            text,
            node[3],
            f"function calls such as {node[1]}(...) are not supported in formulas; "
            "add the transformed variable to the data frame as a column and use its name",
        )
    if kind == "bar":
        _fail(text, node[4], "a random-effects term (... | group) must be added with '+' at the top level")
    _, op, left, right, position = node
    left_terms, left_intercept = _evaluate(left, text)
    right_terms, right_intercept = _evaluate(right, text)
    if op == "+":
        intercept = right_intercept if right_intercept is not None else left_intercept
        return _unique(left_terms + right_terms), intercept
    if op == "-":
        intercept = left_intercept if right_intercept is None else not right_intercept
        return [term for term in left_terms if term not in right_terms], intercept
    if not left_terms or not right_terms:
        _fail(text, position, f"'{op}' needs variables on both sides")
    crossed = [a | b for a in left_terms for b in right_terms]
    if op == ":":
        return _unique(crossed), None
    if op == "*":
        return _unique(left_terms + right_terms + crossed), None
    # a / b  is  a + b %in% a: b within every combination of a's variables
    outer = frozenset().union(*left_terms)
    return _unique(left_terms + [outer | term for term in right_terms]), None


def _unique(terms: list[frozenset]) -> list[frozenset]:
    return list(dict.fromkeys(terms))


def _effects(node, text: str, order: dict[str, int]) -> Effects:
    """Evaluate an expression into Effects with R's term order."""
    terms, intercept = _evaluate(node, text)
    ordered = [tuple(sorted(term, key=order.__getitem__)) for term in terms]
    ordered.sort(key=len)  # stable: main effects, then two-way interactions, ...
    return Effects(intercept=True if intercept is None else intercept, terms=tuple(ordered))


def _groups(node, text: str) -> list[tuple[str, ...]]:
    """Expand a grouping expression: ``a`` , ``a:b``, or ``a/b`` -> [b:a, a]."""
    kind = node[0]
    if kind == "name":
        return [(node[1],)]
    if kind == "paren":
        return _groups(node[1], text)
    if kind == "binop" and node[1] in (":", "/"):
        left, right = _groups(node[2], text), _groups(node[3], text)
        if len(right) > 1 or (node[1] == ":" and len(left) > 1):
            _fail(text, node[4], "write nested grouping as a/b/c, without parentheses")
        if node[1] == ":":
            return [left[0] + right[0]]
        return [right[0] + left[0]] + left
    position = node[-1]
    _fail(
        text,
        position,
        "the grouping factor right of '|' must be a variable, a:b (interaction) or a/b (nesting); "
        "for crossed factors write separate terms (1 | a) + (1 | b)",
    )


def _summands(node) -> list[tuple[int, object]]:
    """Split a top-level sum into (sign, node) pairs."""
    if node[0] == "binop" and node[1] in ("+", "-"):
        sign = 1 if node[1] == "+" else -1
        return _summands(node[2]) + [(sign, node[3])]
    return [(1, node)]


def _response(node, text: str) -> tuple[tuple[tuple[int, str], ...], ...]:
    """The response: a variable name, or cbind() of signed sums of variables."""
    if node[0] == "name":
        return (((1, node[1]),),)
    if node[0] == "call" and node[1] == "cbind" and len(node[2]) == 2:
        columns = []
        for argument in node[2]:
            column = []
            for sign, part in _summands(argument):
                if part[0] != "name":
                    _fail(text, part[-1], "cbind() takes variables or differences of variables, e.g. cbind(s, n - s)")
                column.append((sign, part[1]))
            columns.append(tuple(column))
        return tuple(columns)
    _fail(
        text,
        node[-1],
        "the response left of '~' must be a column name (or cbind(successes, failures)); "
        "add a transformed response to the data frame as a column",
    )


def parse_formula(formula: str) -> Terms:
    """Parse an lme4 model formula.

    Parameters
    ----------
    formula : str
        For example ``"Reaction ~ Days + (Days | Subject)"``.

    Returns
    -------
    Terms
        Response, fixed effects and the expanded random-effects terms.

    Raises
    ------
    TypeError
        If ``formula`` is not a string.
    ValueError
        If the text is not a valid formula; the message points at the place.

    Notes
    -----
    The formula describes the linear mixed model

    .. math::

        y = X\\beta + Zb + \\varepsilon, \\qquad
        b \\sim N(0, \\Sigma_\\theta), \\qquad
        \\varepsilon \\sim N(0, \\sigma^2 I),

    where the fixed part gives the columns of :math:`X` and each term
    ``(expr | g)`` gives, for every level of ``g``, a copy of the columns of
    ``expr`` in :math:`Z`.

    Examples
    --------
    >>> terms = parse_formula("Reaction ~ Days + (Days | Subject)")
    >>> terms.fixed
    Effects(intercept=True, terms=(('Days',),))
    >>> [(t.name, t.effects.intercept, t.effects.labels) for t in terms.random]
    [('Subject', True, ['Days'])]
    >>> [t.name for t in parse_formula("strength ~ 1 + (1 | batch/cask)").random]
    ['cask:batch', 'batch']
    >>> [t.effects.labels for t in parse_formula("y ~ x + (1 + x || g)").random]
    [[], ['x']]
    """
    if not isinstance(formula, str):
        raise TypeError(f"formula must be a string such as 'y ~ x + (1 | g)', not {type(formula).__name__}")
    parser = _Parser(formula)
    left, right = parser.formula()
    order = {}
    for kind, value, _ in parser.tokens:
        if kind == "name":
            order.setdefault(value, len(order))

    fixed_parts, random_terms = [], []
    for sign, node in _summands(right):
        if node[0] != "bar":
            fixed_parts.append((sign, node))
            continue
        if sign < 0:
            _fail(formula, node[4], "a random-effects term cannot be subtracted")
        _, bar, effects_node, group_node, _ = node
        effects = _effects(effects_node, formula, order)
        if not effects.intercept and not effects.terms:
            _fail(formula, node[4], "the left of '|' has no effects; write (1 | g) for a random intercept")
        if bar == "||":
            parts = [Effects(True, ())] if effects.intercept else []
            parts += [Effects(False, (term,)) for term in effects.terms]
        else:
            parts = [effects]
        for part in parts:
            random_terms += [RandomTerm(part, group) for group in _groups(group_node, formula)]

    fixed_node = ("number", "1", 0)
    for sign, node in fixed_parts:
        fixed_node = ("binop", "+" if sign > 0 else "-", fixed_node, node, node[-1])
    return Terms(
        formula=formula,
        response=_response(left, formula),
        response_label=formula[: formula.index("~")].strip(),
        fixed=_effects(fixed_node, formula, order),
        random=tuple(random_terms),
    )
