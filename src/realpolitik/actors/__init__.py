"""The actors stage: the knowledge base and the recognition and resolution of actors."""
