"""Default limits, in one place the command line can read without importing the steps that apply them."""

QUERY_TIMEOUT = 120.0  # seconds: the default limit of every query, local or remote
TRANSFER_TIMEOUT = 60.0  # seconds: the default limit of each Graph Store Protocol request
MAX_SHRINK = 0.05  # the share of a graph's entities an ingest may remove without --allow-shrink
