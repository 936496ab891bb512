"""Compressed Arrow IPC fixtures for test/cli-readers.test.ts (apache-arrow in JS writes only
uncompressed IPC): the same small table as Feather v2 / Arrow IPC files compressed with LZ4 frames
(pyarrow's default for write_feather) and with ZSTD. Output: test/fixtures/readers/. Run through
.venv-bench:

    bash scripts/bench-env.sh && .venv-bench/bin/python scripts/gen_reader_fixtures.py
"""
import os

import pyarrow as pa
import pyarrow.feather as feather

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "readers")
os.makedirs(OUT, exist_ok=True)

n = 1000
y = [round(0.1 * i - 3.7, 6) / 3 for i in range(n)]
t = pa.table(
    {
        "y_true": pa.array([i % 3 for i in range(n)], pa.int64()),
        "score": pa.array(y, pa.float64()),
        "label": pa.array([["cat", "dog", "bird"][i % 3] for i in range(n)], pa.string()),
        "flag": pa.array([i % 2 == 0 for i in range(n)], pa.bool_()),
    }
)
feather.write_feather(t, os.path.join(OUT, "small-lz4.feather"), compression="lz4", chunksize=300)
feather.write_feather(t, os.path.join(OUT, "small-zstd.arrow"), compression="zstd", chunksize=300)
print("wrote", sorted(os.listdir(OUT)))
