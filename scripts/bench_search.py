"""Search benchmark on national-scale data, on SQLite and (when reachable) PostgreSQL.

SQLite: the page benchmark's generated database (made once per version of the generator).
PostgreSQL: `BENCH_DATABASE_URL`, else the test command's `PG_URL` server with a database
`klynge_bench` (generated once, kept). On each: a timed full reindex, then `klynge
bench-search`. Figures go to var/bench-search.json and var/bench-search-postgres.json.

    make bench-search
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg
from bench import DB, ENV, ROOT, VAR


def reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def klynge(env: dict[str, str], *args: str) -> None:
    subprocess.run(["uv", "run", "--frozen", "klynge", *args], cwd=ROOT, env=env, check=True)


def generated(env: dict[str, str], marker: Path) -> None:
    """Migrate, and generate the national data once (the marker remembers it)."""
    klynge(env, "migrate", "-v0")
    if not marker.exists():
        print("Generating national-scale data (once) …", flush=True)
        klynge(env, "generate-data", "--scale", "national", "--no-index")
        marker.write_text("generated\n")


def main() -> None:
    VAR.mkdir(exist_ok=True)
    sqlite = {**ENV, "DATABASE_URL": f"sqlite:///{DB}"}
    generated(sqlite, DB.with_suffix(".generated"))
    klynge(sqlite, "bench-search", "--rebuild", "--json", str(VAR / "bench-search.json"))
    postgres = os.environ.get("BENCH_DATABASE_URL") or (
        os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/klynge").rsplit("/", 1)[0]
        + "/klynge_bench"
    )
    server = postgres.rsplit("/", 1)[0] + "/postgres"
    if not reachable(server):
        print(f"PostgreSQL not reachable at {server}: its figures are skipped.")
        return
    marker = VAR / f"bench-postgres-{DB.stem}.generated"
    if not marker.exists():  # a new generator: the database is made anew
        name = postgres.rsplit("/", 1)[1]
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    env = {**ENV, "DATABASE_URL": postgres}
    generated(env, marker)
    klynge(env, "bench-search", "--rebuild", "--json", str(VAR / "bench-search-postgres.json"))


if __name__ == "__main__":
    main()
