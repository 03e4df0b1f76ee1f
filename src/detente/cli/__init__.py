"""The ``detente`` command line: thin wrappers that parse, call and present."""
