"""The public portal: the front page anonymous visitors see (news, policies and training events to come)."""
