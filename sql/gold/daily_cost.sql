-- gold.daily_cost: the period's cost per day (views classified, ledger, allocation_pools, request_costs,
-- serving_rules).
-- Grain: day x provider account x provider x model x product x feature x team x customer x pnl_category x
-- is_ai x status (billed, or estimated from the priced calls of a day the bill does not cover yet).
-- A line's days are the days of its charge period inside its billing period (one for a daily line; a
-- monthly fee, a commitment or a tax line spreads evenly over the month). A classified row of a line
-- attributed directly is spread evenly over its line's days; a row of a pool over the days of the pool's
-- lines in proportion to their amounts per day (a pool split per day has one day); an amortization charge
-- of an earlier month's capitalized line evenly over the period's days. Each row's parts
-- add up to it exactly: the rounding residue of a row goes to its largest day. Invariant: per period,
-- sum(amount) of the billed rows = silver.cost_classified.
-- A provider's day with model calls after the last day its lines of the period cover (the bill has not
-- landed for it yet) is estimated from the calls priced at the price book (silver.request_costs.priced_cost),
-- status 'estimated' and not yet classified (pnl_category null); once the bill covers the day, the estimate is gone.
-- Self-hosted calls (a provider an allocation rule serves, view serving_rules) have no bill of their own to wait
-- for: their cost is the GPU lines', billed.
with line_periods as (

    select
        x_LedgerId,
        billing_period,
        x_ProviderAccount as provider_account,
        x_EffectiveCostReporting as amount,
        to_date(concat(billing_period, '-01')) as period_start,
        last_day(to_date(concat(billing_period, '-01'))) as period_end,
        coalesce(to_date(ChargePeriodStart), to_date(concat(billing_period, '-01'))) as charge_start,
        -- a charge period ends at a midnight, exclusive
        coalesce(to_date(ChargePeriodEnd - interval 1 second), to_date(ChargePeriodStart), to_date(concat(billing_period, '-01'))) as charge_last
    from ledger

),

-- each line's days: the days of its charge period inside its billing period (one for a daily line)
line_days as (

    select x_LedgerId, billing_period, provider_account, usage_date, cast(amount / size(days) as decimal(38, 10)) as amount
    from (
        select
            *,
            sequence(
                least(greatest(charge_start, period_start), period_end),
                greatest(least(charge_last, period_end), least(greatest(charge_start, period_start), period_end))
            ) as days
        from line_periods
    )
    lateral view explode(days) d as usage_date

),

-- what each classified row is spread by: its line (direct), its pool, or the period's days (amortization)
row_keys as (

    select
        *,
        case
            when rule_id = 'amortization' then 'amortization'
            when pool_id is not null then concat('pool:', pool_id)
            else concat('line:', x_LedgerId)
        end as spread_key
    from classified

),

period_days as (

    select distinct
        billing_period,
        explode(sequence(to_date(concat(billing_period, '-01')), last_day(to_date(concat(billing_period, '-01'))))) as usage_date
    from row_keys

),

weights as (

    select d.billing_period, concat('line:', d.x_LedgerId) as spread_key, d.provider_account, d.usage_date, cast(1 as decimal(24, 10)) as weight
    from line_days as d

    union all

    select p.billing_period, concat('pool:', p.pool_id), d.provider_account, d.usage_date, cast(sum(p.amount) as decimal(24, 10))
    from allocation_pools as p
    join line_days as d on d.x_LedgerId = p.x_LedgerId and d.billing_period = p.billing_period
    where p.pool_id is not null
    group by p.billing_period, p.pool_id, d.provider_account, d.usage_date

    union all

    select billing_period, 'amortization', cast(null as string), usage_date, cast(1 as decimal(24, 10))
    from period_days

),

shares as (

    select
        *,
        -- share of the key's total (a key whose days net to 0 puts everything on its first day)
        case
            when sum(weight) over (partition by billing_period, spread_key) = 0
                then case when row_number() over (partition by billing_period, spread_key order by usage_date, provider_account) = 1 then 1 else 0 end
            else weight / sum(weight) over (partition by billing_period, spread_key)
        end as day_share,
        row_number() over (partition by billing_period, spread_key order by abs(weight) desc, usage_date, provider_account) as day_rank
    from weights

),

-- classified rows at the grain of gold.daily_cost (before the day), so the spread multiplies rows per key, not per line
row_amounts as (

    select
        billing_period, spread_key, x_Provider as provider, x_Model as model, product, feature, team, customer, pnl_category,
        coalesce(is_ai, false) as is_ai,
        cast(sum(amount) as decimal(38, 10)) as amount
    from row_keys
    group by billing_period, spread_key, x_Provider, x_Model, product, feature, team, customer, pnl_category, coalesce(is_ai, false)

),

spread as (

    select
        r.*,
        s.provider_account,
        s.usage_date,
        s.day_rank,
        -- amount up to 1e14, share below 1e6: the product keeps 17 decimals before it is rounded to the money scale
        cast(round(cast(r.amount as decimal(24, 10)) * cast(s.day_share as decimal(20, 14)), 10) as decimal(38, 10)) as part
    from row_amounts as r
    join shares as s on s.billing_period = r.billing_period and s.spread_key = r.spread_key

),

billed as (

    select
        billing_period, usage_date, provider_account, provider, model, product, feature, team, customer, pnl_category, is_ai,
        -- the row's rounding residue on its largest day: the parts add up to the row exactly (as DECIMAL(30,10):
        -- a sum of two DECIMAL(38,10) would lose a decimal to Spark's precision rule)
        cast(
            cast(part as decimal(30, 10)) + case
                when day_rank = 1
                    then cast(amount as decimal(30, 10)) - cast(sum(part) over (
                        partition by billing_period, spread_key, provider, model, product, feature, team, customer, pnl_category, is_ai
                    ) as decimal(30, 10))
                else 0
            end
        as decimal(38, 10)) as amount,
        'billed' as status
    from spread

),

-- the last day each provider's usage lines of the period cover (a charge period ends at the next midnight;
-- a monthly fee or tax line covering the month says nothing of which days' usage is billed)
billed_through as (

    select
        billing_period,
        x_Provider as provider,
        coalesce(
            max(case when ChargeCategory = 'Usage' then to_date(coalesce(ChargePeriodEnd - interval 1 second, ChargePeriodStart)) end),
            max(to_date(coalesce(ChargePeriodEnd - interval 1 second, ChargePeriodStart)))
        ) as last_day
    from ledger
    group by billing_period, x_Provider

),

estimated as (

    select
        c.billing_period, c.usage_date, cast(null as string) as provider_account, c.provider, c.model, c.product, c.feature,
        cast(null as string) as team, c.customer, cast(null as string) as pnl_category, true as is_ai,
        cast(c.priced_cost as decimal(38, 10)) as amount,
        'estimated' as status
    from request_costs as c
    left join billed_through as b on b.billing_period = c.billing_period and b.provider = c.provider
    left anti join serving_rules as s on s.serves_provider = c.provider
    where c.priced_cost is not null and (b.last_day is null or c.usage_date > b.last_day)

),

final as (

    select
        billing_period, usage_date, provider_account, provider, model, product, feature, team, customer, pnl_category, is_ai, status,
        cast(sum(amount) as decimal(38, 10)) as amount
    from (select * from billed union all select * from estimated)
    group by billing_period, usage_date, provider_account, provider, model, product, feature, team, customer, pnl_category, is_ai, status

)

select
    usage_date, provider_account, provider, model, product, feature, team, customer, pnl_category, is_ai, amount, status, billing_period
from final
