-- request_costs: one row per model call (silver.usage) with its share of allocated COGS.
-- A request's cost is its price-book cost scaled by (usage-allocated COGS of its group ÷ the group's
-- priced cost), the group being period x provider x model x customer x product x feature; so per
-- group the request costs add up to the allocated COGS (to the micro-unit). A group without priced
-- cost splits by request count. Views: usage, classified, prices.
with events as (

    select * from usage

),

prices_by_model as (

    -- one row per provider x model x price period, one column per token type
    select
        provider,
        model,
        effective_from,
        coalesce(effective_to, date '9999-12-31') as effective_to,
        max(case when token_type = 'input' then price_per_million end) as input_price,
        max(case when token_type = 'cache_read' then price_per_million end) as cache_read_price,
        max(case when token_type = 'cache_write' then price_per_million end) as cache_write_price,
        max(case when token_type = 'output' then price_per_million end) as output_price
    from prices
    group by 1, 2, 3, 4

),

priced as (

    select
        e.*,
        -- token types do not overlap: uncached input = input total - cache read - cache write
        cast((greatest(coalesce(e.input_tokens, 0) - coalesce(e.cache_read_tokens, 0) - coalesce(e.cache_write_tokens, 0), 0)
                  * coalesce(p.input_price, 0)
              + coalesce(e.cache_read_tokens, 0) * coalesce(p.cache_read_price, p.input_price, 0)
              + coalesce(e.cache_write_tokens, 0) * coalesce(p.cache_write_price, p.input_price, 0)
              + coalesce(e.output_tokens, 0) * coalesce(p.output_price, 0)) / 1000000 as decimal(24, 12)) as priced_cost
    from events as e
    left join prices_by_model as p
        on p.provider = e.provider
        and p.model = e.model
        and e.usage_date between p.effective_from and p.effective_to

),

usage_cogs as (

    select
        c.billing_period,
        c.x_Provider as provider,
        c.x_Model as model,
        c.customer,
        c.product,
        c.feature,
        sum(c.amount) as cogs
    from classified as c
    where c.pnl_category = 'COGS' and c.method = 'usage' and c.x_Model is not null
    group by 1, 2, 3, 4, 5, 6

),

grouped as (

    select
        p.*,
        sum(priced_cost) over w as group_priced_cost,
        count(*) over w as group_requests
    from priced as p
    window w as (partition by billing_period, provider, model, customer, product, feature)

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

)

select * from final
