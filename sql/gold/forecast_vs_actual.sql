-- gold.forecast_vs_actual: one row per period x budget line (views budget, classified, daily; parameter
-- :through, a YYYY-MM-DD date or '').
-- A budget line names a provider, product, feature, team and pnl_category, each null for any. Its actual is
-- the period's recognised cost of what it names: the classified amounts, amortization charges included, but
-- the capitalized originals (CAPITALIZED, charged over later months instead), of its category when it names
-- one. variance = actual - budget; variance_pct = variance / budget x 100 (null for a zero budget). Lines may
-- overlap (a provider's line beside the company's total): each is compared alone.
-- The run rate, for the month still open: as of the period's day (as gold.month_to_date), the line's cost of
-- gold.daily_cost up to that day, billed and — for a line without a category, estimates being unclassified
-- yet — estimated, / days elapsed x days in the month; a month whose data reaches its last day projects its
-- own total.
with budget_lines as (

    select * from budget

),

-- the period's recognised cost at every grain a line can name (providers x products x features x teams x
-- categories: small, whatever the number of customers or lines)
actual_cells as (

    select
        billing_period, x_Provider as provider, lower(product) as product, lower(feature) as feature, lower(team) as team, pnl_category,
        cast(sum(amount) as decimal(38, 10)) as amount
    from classified
    where pnl_category <> 'CAPITALIZED'
    group by billing_period, x_Provider, lower(product), lower(feature), lower(team), pnl_category

),

days as (

    select * from daily

),

@include blocks/period_as_of.sql,

to_date_cells as (

    select
        d.billing_period, d.provider, lower(d.product) as product, lower(d.feature) as feature, lower(d.team) as team, d.pnl_category,
        cast(sum(d.amount) as decimal(38, 10)) as amount
    from days as d
    join as_of as a on a.billing_period = d.billing_period
    where d.usage_date <= a.as_of_date and (d.pnl_category is null or d.pnl_category <> 'CAPITALIZED')
    group by d.billing_period, d.provider, lower(d.product), lower(d.feature), lower(d.team), d.pnl_category

),

-- each line's actual and cost to date, in one join: an estimated day (pnl_category null) matches only a line
-- that names no category
cells as (

    select billing_period, provider, product, feature, team, pnl_category, amount, cast(null as decimal(38, 10)) as to_date
    from actual_cells
    union all
    select billing_period, provider, product, feature, team, pnl_category, cast(null as decimal(38, 10)), amount
    from to_date_cells

),

lines as (

    select
        b.billing_period, b.provider, b.product, b.feature, b.team, b.pnl_category, b.amount_reporting as budget,
        cast(coalesce(sum(c.amount), 0) as decimal(38, 10)) as actual,
        cast(coalesce(sum(c.to_date), 0) as decimal(38, 10)) as to_date
    from budget_lines as b
    left join cells as c
        on c.billing_period = b.billing_period
        and (b.provider is null or c.provider = b.provider)
        and (b.product is null or c.product = b.product)
        and (b.feature is null or c.feature = b.feature)
        and (b.team is null or c.team = b.team)
        and (b.pnl_category is null or c.pnl_category = b.pnl_category)
    group by b.billing_period, b.provider, b.product, b.feature, b.team, b.pnl_category, b.amount_reporting

),

compared as (

    select
        l.billing_period, l.provider, l.product, l.feature, l.team, l.pnl_category, l.budget, l.actual,
        -- as DECIMAL(30,10): a difference of two DECIMAL(38,10) would lose a decimal to Spark's precision rule
        cast(cast(l.actual as decimal(30, 10)) - cast(l.budget as decimal(30, 10)) as decimal(38, 10)) as variance,
        a.as_of_date,
        -- to date (DECIMAL(38,10)) x days (<= 31) / days (<= 31): cast first, so the product keeps its scale
        case when a.as_of_date is not null then
            cast(round(cast(l.to_date as decimal(26, 10)) * a.days_in_month / day(a.as_of_date), 10) as decimal(38, 10))
        end as projected_month_end
    from lines as l
    left join as_of as a on a.billing_period = l.billing_period

),

final as (

    select
        *,
        cast(cast(projected_month_end as decimal(30, 10)) - cast(budget as decimal(30, 10)) as decimal(38, 10)) as projected_variance
    from compared

),

percentages as (

    select
        *,
        cast(case when budget <> 0 then round(cast(variance as decimal(30, 10)) * 100 / budget, 4) end as decimal(38, 4)) as variance_pct,
        cast(case when budget <> 0 then round(cast(projected_variance as decimal(30, 10)) * 100 / budget, 4) end as decimal(38, 4))
            as projected_variance_pct
    from final

)

-- arithmetic never nulls silently: a percentage too large to hold (a budget of a few 1e-10) stops the run, named
select
    provider, product, feature, team, pnl_category, budget, actual, variance,
    case
        when budget <> 0 and variance_pct is null then raise_error(format_string(
            'gold.forecast_vs_actual: the variance %s of budget %s, period %s, is too many times the budget to hold as a percentage',
            cast(variance as string), cast(budget as string), billing_period))
        else variance_pct
    end as variance_pct,
    as_of_date, projected_month_end, projected_variance, projected_variance_pct,
    billing_period
from percentages
