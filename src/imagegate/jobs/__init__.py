"""Jobs: the durable store, the scheduler that claims and runs them, and their live events."""
