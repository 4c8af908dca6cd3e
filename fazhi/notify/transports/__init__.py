"""One module per way of sending, each a ``Transport`` (see ``base``)."""
