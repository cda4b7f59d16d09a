"""Handlers: the service layer between wire models and stores, shared by every API dialect."""
