-- cogs_bridge_summary: why COGS moved, as `bin/cogs demo` prints it and the month-end pack shows it:
-- gold.cogs_bridge of the periods that have a month before with COGS, per product / feature and the
-- period's total ('all'), rounded to cents (each column rounded on its own: the parts add up to the
-- change within their rounding). Grain: period x product / feature, and all.
with bridges as (

    select * from gold.cogs_bridge
    where billing_period in (select billing_period from gold.cogs_bridge group by billing_period having sum(previous_cogs) <> 0)

),

summed as (

    select
        billing_period,
        case when grouping(product) = 1 then 'all' else concat(product, ' / ', feature) end as feature,
        sum(previous_cogs) as previous_cogs, sum(cogs) as cogs, sum(volume_effect) as volume_effect,
        sum(intensity_effect) as intensity_effect, sum(mix_effect) as mix_effect, sum(price_effect) as price_effect,
        sum(other_change) as other_change
    from bridges
    group by grouping sets ((billing_period, product, feature), (billing_period))

)

select
    feature,
    cast(round(previous_cogs, 2) as decimal(20, 2)) as previous_cogs,
    cast(round(cogs, 2) as decimal(20, 2)) as cogs,
    cast(round(cogs - previous_cogs, 2) as decimal(20, 2)) as change,
    cast(round(volume_effect, 2) as decimal(20, 2)) as volume,
    cast(round(intensity_effect, 2) as decimal(20, 2)) as intensity,
    cast(round(mix_effect, 2) as decimal(20, 2)) as mix,
    cast(round(price_effect, 2) as decimal(20, 2)) as price,
    cast(round(other_change, 2) as decimal(20, 2)) as other,
    billing_period
from summed
order by billing_period, case when feature = 'all' then 1 else 0 end, feature
