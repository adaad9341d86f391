"""The nlp stage: one spaCy pipeline with realpolitik's components added by name."""

from realpolitik.nlp.pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_MODEL", "load_pipeline"]
