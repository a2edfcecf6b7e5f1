"""Domain actions: plain functions taking (session, actor, ...) that check rights, change state,
record the audit event and return plain data for the transport to send."""
