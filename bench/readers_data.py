"""Parquet and Arrow IPC versions of the CLI readers' benchmark tables (bench/readers-data.mjs
writes the CSV first). Run by bench/readers.mjs through .venv-bench (scripts/bench-env.sh).

Usage: python bench/readers_data.py DIR   (reads DIR/num.csv and DIR/lab.csv)
"""
import os
import sys

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.feather as feather
import pyarrow.parquet as pq

d = sys.argv[1]
for variant in ("num", "lab"):
    out = os.path.join(d, variant)
    if os.path.exists(out + ".arrows"):
        continue
    t = pacsv.read_csv(out + ".csv")
    pq.write_table(t, out + ".parquet", row_group_size=1 << 20, compression="snappy")
    # zstd too: the other codec found in practice
    pq.write_table(t, out + ".zstd.parquet", row_group_size=1 << 20, compression="zstd")
    feather.write_feather(t, out + ".arrow", compression="uncompressed", chunksize=1 << 16)
    with pa.OSFile(out + ".arrows.tmp", "wb") as f, pa.ipc.new_stream(f, t.schema) as w:
        for b in t.to_batches(max_chunksize=1 << 16):
            w.write_batch(b)
    os.rename(out + ".arrows.tmp", out + ".arrows")
    print("wrote", out + ".{parquet,zstd.parquet,arrow,arrows}")
