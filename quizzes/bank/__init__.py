"""The question bank: sets and who may see them, YAML import and export, and problem reports."""
