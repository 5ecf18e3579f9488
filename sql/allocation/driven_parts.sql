-- driven_parts: the parts each pool splits into under its allocation rule, before rounding.
-- Grain: one row per pool x key combination (customer, product, feature, team, env) with a positive
-- integer weight; the pool's amount is later split in proportion to the weights (largest_remainder.sql).
-- Output is bounded by pools x keys with a driver, never by ledger lines x keys.
-- Methods here: usage (cost-weighted tokens, requests or a usage metric of the same provider, model,
-- token type, account and day / month), fixed, even. A usage rule that `serves` self-hosted models
-- splits lines that name no model (GPU nodes) over the calls of those models, by tokens x the price
-- book's internal rate, or by tokens alone when a call's model has no price; each part carries the
-- model it served, so the cost is inference of that model. A pool whose driver has no usage gets one part on
-- the key 'unallocated'; so does a pool no rule takes. Proportional pools are split later
-- (proportional_parts.sql), like the cost these parts allocate; direct lines need no split.
-- Views: alloc_pools (pools.sql), alloc_usage, alloc_metrics, alloc_weights, prices.
with pools as (

    select * from alloc_pools where method is null or method not in ('proportional', 'direct')

),

usage_keys as (

    -- model calls aggregated per day and key before joining: the join stays small
    select
        usage_date, billing_period, provider, model, provider_account, customer, product, feature, team, env,
        sum(greatest(coalesce(input_tokens, 0) - coalesce(cache_read_tokens, 0) - coalesce(cache_write_tokens, 0), 0)) as input_tokens,
        sum(coalesce(cache_read_tokens, 0)) as cache_read_tokens,
        sum(coalesce(cache_write_tokens, 0)) as cache_write_tokens,
        sum(coalesce(output_tokens, 0)) as output_tokens,
        count(*) as requests
    from alloc_usage
    group by usage_date, billing_period, provider, model, provider_account, customer, product, feature, team, env

),

usage_by_token_type as (

    -- token types do not overlap: input is uncached input only
    select
        k.*,
        t.token_type,
        case t.token_type
            when 'input' then k.input_tokens
            when 'cache_read' then k.cache_read_tokens
            when 'cache_write' then k.cache_write_tokens
            else k.output_tokens
        end as tokens,
        p.price_per_million
    from usage_keys as k
    cross join (values ('input'), ('cache_read'), ('cache_write'), ('output')) as t(token_type)
    left join prices as p
        on p.provider = k.provider and p.model = k.model and p.token_type = t.token_type
        and k.usage_date >= p.effective_from and (p.effective_to is null or k.usage_date <= p.effective_to)

),

usage_pools as (

    -- the calls a pool is split over: its own provider and model, or each model it serves
    select pool_id, x_TokenType, pool_account, driver, grain, pool_date, billing_period,
           x_Provider as match_provider, x_Model as match_model, false as serves
    from pools
    where method = 'usage' and driver in ('tokens', 'requests') and serves_provider is null
    union all
    select pool_id, x_TokenType, pool_account, driver, grain, pool_date, billing_period,
           serves_provider as match_provider, served.model as match_model, true as serves
    from pools
    lateral view explode(serves_models) served as model
    where method = 'usage' and driver in ('tokens', 'requests') and serves_provider is not null

),

usage_joined as (

    -- day grain: the same day; month grain: the same billing period
    select l.pool_id, l.x_TokenType as pool_token_type, l.pool_account, l.driver, l.serves, u.*
    from usage_pools as l
    join usage_by_token_type as u
        on u.provider = l.match_provider and u.model = l.match_model and u.usage_date = l.pool_date
    where l.grain = 'day'
    union all
    select l.pool_id, l.x_TokenType as pool_token_type, l.pool_account, l.driver, l.serves, u.*
    from usage_pools as l
    join usage_by_token_type as u
        on u.provider = l.match_provider and u.model = l.match_model and u.billing_period = l.billing_period
    where l.grain = 'month'

),

usage_matches as (

    -- a served pool is weighted by cost only when every call with tokens has a price (null: no tokens)
    select
        *,
        coalesce(min(case when tokens > 0 then price_per_million is not null end) over (partition by pool_id), true) as all_priced
    from usage_joined

),

usage_parts as (

    select
        pool_id, customer, product, feature, team, env,
        case when serves then model end as model,
        cast(case
            when driver = 'requests' then sum(case when token_type = 'input' then requests else 0 end)
            when pool_token_type is not null or (serves and not all_priced) then sum(tokens)
            else sum(tokens * coalesce(price_per_million, 0)) / 1000000
        end as decimal(38, 10)) as driver_quantity,
        -- integer weights: tokens, requests, or tokens x price in 1/10,000 of a price unit
        cast(case
            when driver = 'requests' then sum(case when token_type = 'input' then requests else 0 end)
            when pool_token_type is not null or (serves and not all_priced) then sum(tokens)
            else sum(round(tokens * coalesce(price_per_million, 0) * 10000))
        end as decimal(20, 0)) as weight
    from usage_matches
    where (pool_account is null or provider_account is null or provider_account = pool_account)
        and (pool_token_type is null or token_type = pool_token_type)
    group by pool_id, customer, product, feature, team, env, case when serves then model end, driver, pool_token_type, serves, all_priced

),

metric_parts as (

    select
        l.pool_id, m.customer, m.product, m.feature, m.team, m.env, cast(null as string) as model,
        cast(sum(m.quantity) as decimal(38, 10)) as driver_quantity,
        cast(sum(round(m.quantity * 10000)) as decimal(20, 0)) as weight
    from pools as l
    join alloc_metrics as m
        on m.metric = l.driver
        and ((l.grain = 'month' and m.billing_period = l.billing_period)
             or (l.grain = 'day' and m.usage_date = l.pool_date))
    where l.method = 'usage' and l.driver not in ('tokens', 'requests')
    group by l.pool_id, m.customer, m.product, m.feature, m.team, m.env

),

fixed_parts as (

    select
        l.pool_id,
        case when l.weight_key = 'customer' then w.key_value end as customer,
        case when l.weight_key = 'product' then w.key_value end as product,
        case when l.weight_key = 'feature' then w.key_value end as feature,
        case when l.weight_key = 'team' then w.key_value end as team,
        case when l.weight_key = 'env' then w.key_value end as env,
        cast(null as string) as model,
        cast(w.weight as decimal(38, 10)) as driver_quantity,
        cast(round(w.weight * 1000000) as decimal(20, 0)) as weight
    from pools as l
    join alloc_weights as w on w.rule_id = l.rule_id
    where l.method = 'fixed'

),

customers_with_usage as (

    select distinct billing_period, customer from alloc_usage where customer is not null

),

even_parts as (

    select l.pool_id, c.customer, null as product, null as feature, null as team, null as env,
           cast(null as string) as model, cast(1 as decimal(38, 10)) as driver_quantity, cast(1 as decimal(20, 0)) as weight
    from pools as l
    join customers_with_usage as c on c.billing_period = l.billing_period
    where l.method = 'even'

),

parts as (

    select * from usage_parts where weight > 0
    union all select * from metric_parts where weight > 0
    union all select * from fixed_parts where weight > 0
    union all select * from even_parts

),

uncovered as (

    -- no rule, or a driver with no usage: the whole pool to 'unallocated', visible in coverage
    select l.pool_id, 'unallocated' as customer, l.x_Product as product, l.x_Feature as feature, l.x_Team as team,
           l.x_Env as env, cast(null as string) as model, cast(null as decimal(38, 10)) as driver_quantity, cast(1 as decimal(20, 0)) as weight
    from pools as l
    left anti join parts as p on p.pool_id = l.pool_id

),

final as (

    select
        l.pool_id, l.billing_period, l.x_Provider, coalesce(p.model, l.x_Model) as x_Model, l.x_TokenType,
        l.x_Workload, l.x_Delivery, l.ChargeCategory, l.ServiceCategory, l.amount as pool_amount,
        coalesce(l.rule_id, 'none') as allocation_rule_id,
        case when u.pool_id is not null then 'unallocated' else l.method end as method,
        coalesce(p.customer, u.customer) as customer,
        coalesce(p.product, u.product) as product,
        coalesce(p.feature, u.feature) as feature,
        coalesce(p.team, u.team) as team,
        coalesce(p.env, u.env) as env,
        coalesce(p.driver_quantity, u.driver_quantity) as driver_quantity,
        coalesce(p.weight, u.weight) as weight
    from pools as l
    left join parts as p on p.pool_id = l.pool_id
    left join uncovered as u on u.pool_id = l.pool_id

)

select * from final
