"""``python -m detente.cli``: the ``detente`` command without the installed script."""

from detente.cli.main import run

run()
