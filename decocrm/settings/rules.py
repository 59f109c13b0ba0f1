"""The company's business rules that a deployment may tune (README, "Configuration"), each from the environment
with the default the seeds set."""

import environ

_env = environ.Env()  # the .env file was read into the environment by decocrm.settings before this module

# --- Working-day calendar (decocrm.workdays) ----------------------------------------------------
# When a "N working days" deadline falls on its last day: "" = the end of the day (23:59:59), or e.g. "18:00".
WORKDAY_CLOSING_TIME = _env("WORKDAY_CLOSING_TIME", default="")

# --- Customers and leads -----------------------------------------------------------------------
# An account manager holds at most this many key accounts [004 §9].
KEY_ACCOUNTS_PER_MANAGER = _env.int("KEY_ACCOUNTS_PER_MANAGER", default=15)
# The clean-up report [001 §2(三)]: a customer with no contact logged for this many months is stale.
CUSTOMERS_STALE_AFTER_MONTHS = _env.int("CUSTOMERS_STALE_AFTER_MONTHS", default=6)
# Contract numbers, given at signing, gap-free per year (contracts.services.signing): {year} and {seq}.
CONTRACT_NUMBER_PATTERN = _env.str("CONTRACT_NUMBER_PATTERN", default="DC-{year}-{seq:04d}")
# The key-account criteria shown when marking [004 §2]: years of cooperation, and the annual amount (yuan, the
# business accepted in the last 12 months) that the sales department sets each year.
KEY_ACCOUNT_MIN_YEARS = _env.int("KEY_ACCOUNT_MIN_YEARS", default=2)
KEY_ACCOUNT_MIN_ANNUAL_AMOUNT = _env.int("KEY_ACCOUNT_MIN_ANNUAL_AMOUNT", default=500000)
# The lead pool (公海): a breached first-contact clock returns the lead to the pool automatically when on.
LEADS_AUTO_RETURN_TO_POOL = _env.bool("LEADS_AUTO_RETURN_TO_POOL", default=False)
LEADS_MAX_PROTECTED_CUSTOMERS = _env.int("LEADS_MAX_PROTECTED_CUSTOMERS", default=200)  # unsigned customers owned
LEADS_DAILY_CLAIM_CAP = _env.int("LEADS_DAILY_CLAIM_CAP", default=10)  # claims from the pool per salesperson per day
LEADS_RECLAIM_COOL_OFF_DAYS = _env.int("LEADS_RECLAIM_COOL_OFF_DAYS", default=15)  # before a lapsed owner may reclaim

# --- After-sales: revisits --------------------------------------------------------------------
# The share (%) of closed repair tickets and of closed (named) complaints that get a revisit [seed 002 客户管理制度
# 1.3-1.4]. The seeds ask for at least 30 % of repairs and 50 % of complaints: a lower setting is refused at startup
# (aftersales.checks). Default: every case (100). Below 100, a deterministic sample is revisited
# (aftersales.revisit_policy).
REVISIT_RATE_POLICY = {
    "repair": _env.int("REVISIT_RATE_REPAIR", default=100),
    "complaint": _env.int("REVISIT_RATE_COMPLAINT", default=100),
}
# A formal customer with a warranty running is revisited when their latest revisit is older than this [000 §9].
PERIODIC_REVISIT_MONTHS = _env.int("PERIODIC_REVISIT_MONTHS", default=6)
