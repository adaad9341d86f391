"""The relations stage: stated ties and the aggregation of events into relations per pair."""
