"""Throughput and scale: coding on Spark, loading its output, watching folders and feeds.

`spark_extract` runs the per-document pipeline on Spark and writes Parquet; `load` brings that
Parquet into a store; `watch` and `feed` keep a store current as files and feed entries appear,
resumable after a crash. pyspark is imported only when `spark_extract` runs.
"""

from realpolitik.scale.feed import feed
from realpolitik.scale.load import load
from realpolitik.scale.spark import spark_extract
from realpolitik.scale.watch import watch

__all__ = ["feed", "load", "spark_extract", "watch"]
