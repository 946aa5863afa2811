#!/usr/bin/env python3
"""Regenerates eval.golden from eval.cases with a real PostgreSQL 15.

Each line of eval.cases is MODE<tab>JSON<tab>PATH[<tab>VARS<tab>SILENT];
MODE is q (jsonb_path_query_array), e (jsonb_path_exists), m
(jsonb_path_match) or f (jsonb_path_query_first). The golden file holds
each case followed by "=> " and PostgreSQL's answer (NULL, or ERROR and
the SQLSTATE). Usage: PGPORT=5432 PGHOST=127.0.0.1 PGUSER=postgres
python3 regen.py
"""
import subprocess

FUNCS = {"q": "jsonb_path_query_array", "e": "jsonb_path_exists",
         "m": "jsonb_path_match", "f": "jsonb_path_query_first"}


def lit(s):
    return "$Q$" + s + "$Q$"


out = []
for line in open("eval.cases", encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    parts = line.split("\t")
    mode, doc, path = parts[0], parts[1], parts[2]
    args = [lit(doc) + "::jsonb", lit(path) + "::jsonpath"]
    if len(parts) > 3:
        args += [lit(parts[3]) + "::jsonb", parts[4] if len(parts) > 4 else "false"]
    sql = "select coalesce(%s(%s)::text, 'NULL')" % (FUNCS[mode], ", ".join(args))
    p = subprocess.run(["psql", "-X", "-A", "-t", "-v", "VERBOSITY=verbose", "-c", sql],
                       capture_output=True, text=True)
    if p.returncode != 0:
        err = p.stderr.strip().splitlines()[0]
        code = err.split(":")[1].strip()
        res = "ERROR " + code
    else:
        res = p.stdout.strip()
    out.append(line + "\n=> " + res + "\n")
open("eval.golden", "w", encoding="utf-8").write("".join(out))

# print.golden: each path of print.cases and PostgreSQL's jsonpath_out
# of it (or ERROR and the SQLSTATE).
out = []
for line in open("print.cases", encoding="utf-8"):
    path = line.rstrip("\n")
    p = subprocess.run(["psql", "-X", "-A", "-t", "-v", "VERBOSITY=verbose", "-c",
                        "select %s::jsonpath" % lit(path)], capture_output=True, text=True)
    if p.returncode != 0:
        res = "ERROR " + p.stderr.strip().splitlines()[0].split(":")[1].strip()
    else:
        res = p.stdout.rstrip("\n")
    out.append(path + "\n=> " + res + "\n")
open("print.golden", "w", encoding="utf-8").write("".join(out))
