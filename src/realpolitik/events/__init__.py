"""The events stage: who did what to whom, with type, modality, date and place."""
