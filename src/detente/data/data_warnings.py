"""Warnings the data layer emits (errors live in :mod:`detente.errors`)."""

from __future__ import annotations

__all__ = ["DataCoverageWarning", "UnverifiedDownloadWarning"]


class UnverifiedDownloadWarning(UserWarning):
    """A file was downloaded without a known SHA-256 checksum to verify it against."""


class DataCoverageWarning(UserWarning):
    """Rows fall outside a dataset's temporal or spatial coverage and were left missing."""
