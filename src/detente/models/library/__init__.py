"""The model library: one module per model, each defining ``MODEL`` (see model_interface)."""
