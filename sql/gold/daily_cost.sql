-- gold.daily_cost: one row per day x provider account x provider x model x product x feature x customer x
-- pnl_category x is_ai x status (billed, or estimated from the priced calls of a day the bill does not
-- cover yet); see sql/gold/daily_cost_rows.sql for how a row is given its day. Per period, the billed
-- rows add up to silver.cost_classified exactly.
select
    usage_date,
    provider_account,
    provider,
    model,
    product,
    feature,
    customer,
    pnl_category,
    is_ai,
    amount,
    status,
    billing_period
from daily_cost_rows
