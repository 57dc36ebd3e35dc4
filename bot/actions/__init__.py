"""Custom actions, served by the rasa-sdk action server (``python -m rasa_sdk --actions bot.actions``).

Actions are thin: parse the answer, ask ``rules_engine`` for the verdict, say it, persist it.
The action server imports every submodule of this package.
"""
