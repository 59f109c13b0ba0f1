"""The leads' pages: list, detail and actions (lead.py); the design panel (design.py); the pool and the appeal
queue (queues.py); the funnel and channel reports (reports.py)."""
