-- cost_summary: the last table `bin/cogs demo` prints: where the cost comes from.
-- Grain: one row per billing period x provider x service category, amortized cost in the reporting
-- currency; ai_share_of_period = the period's AI cost (lines with a model, or AI and Machine Learning
-- services) over the period's total cost.
with ledger as (

    select * from silver.ledger

),

by_category as (

    select
        billing_period,
        x_Provider as provider,
        coalesce(ServiceCategory, 'Other') as service_category,
        sum(x_EffectiveCostReporting) as cost,
        sum(case when x_Model is not null or ServiceCategory = 'AI and Machine Learning'
                 then x_EffectiveCostReporting else 0 end) as ai_cost
    from ledger
    group by 1, 2, 3

),

final as (

    select
        billing_period,
        provider,
        service_category,
        cast(round(cost, 2) as decimal(20, 2)) as cost,
        cast(round(ai_cost, 2) as decimal(20, 2)) as ai_cost,
        cast(round(100 * sum(ai_cost) over (partition by billing_period)
                   / nullif(sum(cost) over (partition by billing_period), 0), 1) as decimal(5, 1)) as ai_share_of_period_pct
    from by_category

)

select * from final order by billing_period, provider, cost desc
