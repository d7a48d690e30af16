"""安全生产责任制: an enterprise's responsibility list, its safety staff and their certificates, and its
safety investment ledger (安全投入台账) — kept by the enterprise, read by its supervisors."""
