"""严重违法失信名单: the office lists an enterprise; removal after CREDIT_REMOVAL_YEARS without new violations."""
