"""Exit 0 if a PostgreSQL server answers at the URL given, 1 otherwise."""

import sys

import psycopg

try:
    url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(url, connect_timeout=3):
        pass
except psycopg.Error:
    sys.exit(1)
