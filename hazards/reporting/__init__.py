"""群众举报: public hazard reports (no account), their handling, and the rewards register 举报奖励."""
