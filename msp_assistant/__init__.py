"""Runtime glue for the MSP Recovery Assistant: settings, clock, database, training and launcher.

Business rules live in ``rules_engine``; the Rasa project lives in ``bot/``.
"""
