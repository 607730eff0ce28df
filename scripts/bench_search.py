"""Search benchmark on national-scale data, on SQLite and (when reachable) PostgreSQL.

SQLite: the page benchmark's generated database (made once per version of the generator).
PostgreSQL: `BENCH_DATABASE_URL`, else the test command's `PG_URL` server with a database
`klynge_bench` (generated once, kept). On each: a timed full reindex, then `klynge
bench-search`. Figures go to var/bench-search.json and var/bench-search-postgres.json.

    make bench-search
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import VAR, klynge, postgres_env, sqlite_env


def main() -> None:
    VAR.mkdir(exist_ok=True)
    klynge(
        sqlite_env(),
        "bench-search",
        "--rebuild",
        "--json",
        str(VAR / "bench-search.json"),
        capture=False,
    )
    postgres = postgres_env()
    if postgres is not None:
        klynge(
            postgres,
            "bench-search",
            "--rebuild",
            "--json",
            str(VAR / "bench-search-postgres.json"),
            capture=False,
        )


if __name__ == "__main__":
    main()
