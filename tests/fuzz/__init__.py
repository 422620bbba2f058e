"""Fuzzing: an injection corpus through the stores and the API; Hypothesis on the model."""
