"""The newsletter of the education network: issues generated from the change log (``compose``), edited and released
by the Bildungsbüro (``editorial``), shown per reader (``edition``), published on the portal (``pages``), mailed to
double-opt-in subscribers (``subscriptions``, ``render``, ``sending``)."""
