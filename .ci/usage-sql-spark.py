"""CI: the Spark SQL of `dealbook usage-sql` run by pyspark in local mode.

Raw telemetry (deal, date, gpu_hours; daily rows, some days twice) is written
by Spark as a Parquet dataset (part files and _SUCCESS) into a copy of
tests/fixtures/valid. `dealbook usage-sql --dialect spark` gives two
statements: the first, run on that table, is written as usage/usage.csv of a
second copy; the second (rejected rows) must return nothing, and on the table
with a row of an unknown deal added, exactly that row. Both copies are then
built: their exports must be byte-identical. Usage: usage-sql-spark.py DEALBOOK
"""

import csv
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta

from pyspark.sql import SparkSession

dealbook = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fixture = os.path.join(root, "tests", "fixtures", "valid")
tmp = tempfile.mkdtemp(prefix="dealbook-spark-")
raw_data, reduced_data = os.path.join(tmp, "raw"), os.path.join(tmp, "reduced")
shutil.copytree(fixture, raw_data)
shutil.copytree(fixture, reduced_data)

# alpha runs 2026-01 to 2027-12, beta 2025-11 to 2028-10: 400 days of each,
# GPU-hours in eighths (exact in binary, so every sum is exact).
rows = []
for deal, first in [("alpha", date(2026, 1, 1)), ("beta", date(2025, 11, 1))]:
    for i in range(400):
        day = first + timedelta(days=i)
        rows.append((deal, day, (i * 37 % 1000) / 8))
        if i % 3 == 0:
            rows.append((deal, day, (i % 11) / 8))

spark = (
    SparkSession.builder.master("local[2]")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.session.timeZone", "UTC")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
schema = "deal STRING, date DATE, gpu_hours DOUBLE"
telemetry = spark.createDataFrame(rows, schema)
telemetry.coalesce(1).write.parquet(os.path.join(raw_data, "usage", "telemetry"))
spark.read.parquet(os.path.join(raw_data, "usage", "telemetry")).createOrReplaceTempView("telemetry")

sql = subprocess.run(
    [dealbook, "usage-sql", "--dialect", "spark", "--data", raw_data],
    check=True, capture_output=True, text=True,
).stdout
usage_statement, rejected_statement = [s for s in sql.split(";\n") if s.strip()]

usage = spark.sql(usage_statement).collect()
assert len(usage) == 2 * 14, f"expected 14 months of each deal, found {len(usage)} rows"
os.makedirs(os.path.join(reduced_data, "usage"))
with open(os.path.join(reduced_data, "usage", "usage.csv"), "w", newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["deal", "month", "gpu_hours"])
    for r in usage:
        out.writerow([r["deal"], r["month"], str(r["gpu_hours"])])

rejected = spark.sql(rejected_statement).collect()
assert rejected == [], f"clean telemetry has rejected rows: {rejected}"
spark.createDataFrame(rows + [("gamma", date(2026, 1, 1), 3.0)], schema).createOrReplaceTempView("telemetry")
rejected = [tuple(r) for r in spark.sql(rejected_statement).collect()]
assert [(r[0], r[1], r[3]) for r in rejected] == [("gamma", "2026-01", "unknown deal")], rejected
spark.stop()

sites = {}
for name, data in [("raw", raw_data), ("reduced", reduced_data)]:
    sites[name] = os.path.join(tmp, "site-" + name)
    subprocess.run([dealbook, "build", "--quiet", "--data", data, "--out", sites[name]], check=True)
exports = os.path.join(sites["raw"], "data")
names = sorted(
    os.path.relpath(os.path.join(d, f), exports) for d, _, fs in os.walk(exports) for f in fs
)
reduced_names = sorted(
    os.path.relpath(os.path.join(d, f), os.path.join(sites["reduced"], "data"))
    for d, _, fs in os.walk(os.path.join(sites["reduced"], "data")) for f in fs
)
assert names == reduced_names, f"export files differ: {names} {reduced_names}"
_, mismatch, errors = filecmp.cmpfiles(exports, os.path.join(sites["reduced"], "data"), names, shallow=False)
assert not mismatch and not errors, f"exports differ: {mismatch} {errors}"
with open(os.path.join(exports, "schedule.csv")) as f:
    assert "used_gpu_hours" in f.readline()
print(f"usage-sql --dialect spark: {len(rows)} raw rows -> {len(usage)} usage rows; "
      f"{len(names)} export files byte-identical")
shutil.rmtree(tmp)
