-- gold.cost_anomalies: one row per day x dimension x value whose cost is an anomaly (views daily,
-- daily_history: gold.daily_cost of the :window_days days before the periods built; parameters :factor,
-- :window_days, :min_amount).
-- Dimensions: provider_account (the account, else the provider, of billed and estimated cost), feature
-- (product/feature) and customer. A day is an anomaly when its cost (actual) is above :factor x expected
-- and above :min_amount, expected being the exact median of the value's :window_days days before it, days
-- without cost counted as 0. A day is judged only once the lake has :window_days days of cost before it.
with days as (

    select usage_date, provider_account, provider, product, feature, customer, amount from daily
    union all
    select usage_date, provider_account, provider, product, feature, customer, amount from daily_history

),

values_by_day as (

    select usage_date, dimension, value, sum(amount) as actual
    from days
    lateral view stack(
        3,
        'provider_account', coalesce(provider_account, provider),
        'feature', concat_ws('/', coalesce(product, 'unallocated'), coalesce(feature, 'unallocated')),
        'customer', coalesce(customer, 'unallocated')
    ) dims as dimension, value
    group by usage_date, dimension, value

),

calendar as (

    select explode(sequence(min(usage_date), max(usage_date))) as usage_date from values_by_day

),

-- every value on every day of the calendar, 0 where it had no cost
filled as (

    select c.usage_date, v.dimension, v.value, coalesce(d.actual, cast(0 as decimal(38, 10))) as actual
    from calendar as c
    cross join (select distinct dimension, value from values_by_day) as v
    left join values_by_day as d on d.usage_date = c.usage_date and d.dimension = v.dimension and d.value = v.value

),

-- each day of the periods built with the value's :window_days days before it, sorted
windowed as (

    select f.usage_date, f.dimension, f.value, f.actual, array_sort(collect_list(h.actual)) as trailing
    from filled as f
    join filled as h
        on h.dimension = f.dimension and h.value = f.value
        and h.usage_date between date_sub(f.usage_date, :window_days) and date_sub(f.usage_date, 1)
    where date_format(f.usage_date, 'yyyy-MM') in (select distinct billing_period from daily)
    group by f.usage_date, f.dimension, f.value, f.actual

),

judged as (

    select
        usage_date,
        dimension,
        value,
        -- the exact median: the middle value, or the mean of the two middle ones
        cast((cast(element_at(trailing, cast(floor((:window_days + 1) / 2) as int)) as decimal(30, 10))
              + cast(element_at(trailing, cast(ceil((:window_days + 1) / 2) as int)) as decimal(30, 10))) / 2
            as decimal(38, 10)) as expected,
        cast(actual as decimal(38, 10)) as actual
    from windowed
    where size(trailing) = :window_days

),

final as (

    select usage_date, dimension, value, expected, actual, date_format(usage_date, 'yyyy-MM') as billing_period
    from judged
    where actual > :min_amount and actual > cast(expected as decimal(28, 10)) * :factor

)

select * from final
