"""The Rasa project: training data in bot/data, custom actions in bot/actions, models in bot/models."""
