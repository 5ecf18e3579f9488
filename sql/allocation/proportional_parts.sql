-- proportional_parts: pools with no usage of their own (tax, credits, fees, shared infrastructure under
-- a proportional rule) split in proportion to the cost already allocated to each key of the same
-- provider and period (view alloc_driven: the rounded driven parts and the direct lines); a provider
-- with no such cost falls back to the whole period's. Nothing allocated at all: the pool goes to
-- 'unallocated'. Grain: one row per proportional pool x key combination, with an integer weight (units
-- of 1e-10): bounded by pools x keys, however many lines a pool sums.
with pools as (

    select * from alloc_pools where method = 'proportional'

),

distribution as (

    select billing_period, x_Provider, customer, product, feature, team, env, sum(amount) as amount
    from alloc_driven
    where customer <> 'unallocated'
    group by billing_period, x_Provider, customer, product, feature, team, env
    having sum(amount) > 0

),

period_distribution as (

    select billing_period, customer, product, feature, team, env, sum(amount) as amount
    from distribution
    group by billing_period, customer, product, feature, team, env

),

providers_with_cost as (

    select distinct billing_period, x_Provider from distribution

),

parts as (

    select l.pool_id, d.customer, d.product, d.feature, d.team, d.env, d.amount
    from pools as l
    join distribution as d on d.billing_period = l.billing_period and d.x_Provider = l.x_Provider
    union all
    select l.pool_id, d.customer, d.product, d.feature, d.team, d.env, d.amount
    from pools as l
    left anti join providers_with_cost as p on p.billing_period = l.billing_period and p.x_Provider = l.x_Provider
    join period_distribution as d on d.billing_period = l.billing_period

),

final as (

    select
        l.pool_id, l.billing_period, l.x_Provider, l.x_Model, l.x_TokenType, l.x_Workload, l.x_Delivery,
        l.ChargeCategory, l.ServiceCategory, l.amount as pool_amount,
        l.rule_id as allocation_rule_id,
        case when p.pool_id is null then 'unallocated' else 'proportional' end as method,
        coalesce(p.customer, 'unallocated') as customer,
        case when p.pool_id is null then l.x_Product else p.product end as product,
        case when p.pool_id is null then l.x_Feature else p.feature end as feature,
        case when p.pool_id is null then l.x_Team else p.team end as team,
        case when p.pool_id is null then l.x_Env else p.env end as env,
        cast(p.amount as decimal(38, 10)) as driver_quantity,
        coalesce(cast(p.amount * 10000000000 as decimal(20, 0)), cast(1 as decimal(20, 0))) as weight
    from pools as l
    left join parts as p on p.pool_id = l.pool_id

)

select * from final
