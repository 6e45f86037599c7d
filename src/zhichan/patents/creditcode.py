"""The credit code check lives in core (organisations are registered by it); re-exported for the patents code."""

from zhichan.core.creditcode import CHARSET, WEIGHTS, CreditCodeError, check_character, normalize, region_of

__all__ = ["CHARSET", "WEIGHTS", "CreditCodeError", "check_character", "normalize", "region_of"]
