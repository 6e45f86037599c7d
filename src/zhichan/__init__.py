"""知产 Zhichan: IP public service platform."""

__version__ = "0.1.0"
