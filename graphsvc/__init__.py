"""graphsvc: relationship networks and community assets for UK social care."""

__version__ = "0.1.0"
