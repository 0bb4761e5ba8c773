"""gkrules: a rules-engine validator for decisions on applications for government information."""

__version__ = "0.1.0"
