"""Parse SQL statements with sqlglot in one dialect; report the ones that fail.

stdin: JSON {"dialect": "snowflake", "statements": ["...", ...]}
stdout: JSON [{"index": i, "error": "..."}] for every statement that does not
parse (error_level RAISE), and for every literal check that fails.
Optional "literals": [[sql, expected_value_or_null], ...] parse `SELECT <sql>`
and, when expected is a string, compare sqlglot's decoded value.
"""
import json
import sys

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

request = json.load(sys.stdin)
dialect = request["dialect"]
problems = []
for index, sql in enumerate(request.get("statements", [])):
    try:
        parsed = sqlglot.parse(sql, read=dialect, error_level=ErrorLevel.RAISE)
        if not any(e is not None for e in parsed):
            problems.append({"index": index, "error": "no statement parsed"})
    except Exception as error:  # sqlglot raises ParseError / TokenError
        problems.append({"index": index, "error": str(error).splitlines()[0][:300]})

literals = []
for index, (sql, expected) in enumerate(request.get("literals", [])):
    try:
        select = sqlglot.parse_one("SELECT " + sql, read=dialect, error_level=ErrorLevel.RAISE)
        node = select.expressions[0]
        kind = "string" if isinstance(node, exp.Literal) and node.is_string else type(node).__name__
        value = node.this if isinstance(node, exp.Literal) else None
        literals.append({"index": index, "kind": kind, "value": value})
    except Exception as error:
        literals.append({"index": index, "kind": "error", "error": str(error).splitlines()[0][:300]})

json.dump({"version": sqlglot.__version__, "problems": problems, "literals": literals}, sys.stdout)
