-- request_costs: one row per model call (silver.usage) with its share of allocated COGS.
-- A request's cost is its price-book cost scaled by (usage-allocated COGS of its group ÷ the group's
-- priced cost), the group being the allocation's key: period x provider x model x customer x product x
-- feature x team x env; so per group the request costs add up to the allocated COGS (to the
-- micro-unit). A group without priced cost splits by request count. Each call is priced once, token type
-- by token type with the price in effect on its day (sql/blocks/call_prices.sql). The parts of a pool that
-- serves self-hosted models (a GPU node pool on a cloud's bill) are the served provider's calls' cost.
-- Views: usage, classified, prices, serving_rules.
with events as (

    select * from usage

),

calls_to_price as (

    select * from events

),

@include blocks/call_prices.sql,

usage_cogs as (

    select
        c.billing_period,
        coalesce(s.serves_provider, c.x_Provider) as provider,
        c.x_Model as model,
        c.customer,
        c.product,
        c.feature,
        c.team,
        c.env,
        sum(c.amount) as cogs
    from classified as c
    left join serving_rules as s on s.rule_id = c.allocation_rule_id
    where c.pnl_category = 'COGS' and c.method = 'usage' and c.x_Model is not null
    group by 1, 2, 3, 4, 5, 6, 7, 8

),

grouped as (

    select
        p.*,
        sum(priced_cost) over w as group_priced_cost,
        count(*) over w as group_requests
    from priced_calls as p
    window w as (partition by billing_period, provider, model, customer, product, feature, team, env)

),

final as (

    select
        g.event_id,
        g.event_time,
        g.usage_date,
        g.trace_id,
        g.step,
        g.provider,
        g.model,
        g.customer,
        g.user,
        g.product,
        g.feature,
        g.env,
        g.priced_cost,
        cast(case
            when u.cogs is null then 0
            when g.group_priced_cost > 0 then cast(u.cogs as decimal(24, 10)) * g.priced_cost / g.group_priced_cost
            else cast(u.cogs as decimal(24, 10)) / g.group_requests
        end as decimal(38, 12)) as cost,
        g.billing_period
    from grouped as g
    left join usage_cogs as u
        on u.billing_period = g.billing_period
        and u.provider = g.provider
        and u.model = g.model
        and u.customer <=> g.customer
        and u.product <=> g.product
        and u.feature <=> g.feature
        and u.team <=> g.team
        and u.env <=> g.env

)

select * from final
