-- driven_parts: the parts each ledger line splits into under its allocation rule, before rounding.
-- Grain: one row per ledger line x key combination (customer, product, feature, team, env) with a
-- positive integer weight; the line's amount is later split in proportion to the weights.
-- Methods here: direct (the line's own tags), usage (cost-weighted tokens, requests or a usage metric of
-- the same provider, model, token type, account and day / month), fixed, even. A line whose driver has
-- no usage gets one part on the key 'unallocated'; so does a line no rule takes. Proportional lines are
-- split later (proportional_parts.sql), like the cost these parts allocate.
-- Views: alloc_lines (ledger lines + rule_id, method, driver, grain, weight_key), alloc_usage,
-- alloc_metrics, alloc_weights, prices.
with lines as (

    select * from alloc_lines where method is null or method <> 'proportional'

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

usage_lines as (

    select * from lines where method = 'usage' and driver in ('tokens', 'requests')

),

usage_matches as (

    -- day grain: the same day; month grain: the same billing period
    select l.x_LedgerId, l.x_TokenType as line_token_type, l.x_ProviderAccount as line_account, l.driver, u.*
    from usage_lines as l
    join usage_by_token_type as u
        on u.provider = l.x_Provider and u.model = l.x_Model and u.usage_date = to_date(l.ChargePeriodStart)
    where l.grain = 'day'
    union all
    select l.x_LedgerId, l.x_TokenType as line_token_type, l.x_ProviderAccount as line_account, l.driver, u.*
    from usage_lines as l
    join usage_by_token_type as u
        on u.provider = l.x_Provider and u.model = l.x_Model and u.billing_period = l.billing_period
    where l.grain = 'month'

),

usage_parts as (

    select
        x_LedgerId, customer, product, feature, team, env,
        cast(case
            when driver = 'requests' then sum(case when token_type = 'input' then requests else 0 end)
            when line_token_type is not null then sum(tokens)
            else sum(tokens * coalesce(price_per_million, 0)) / 1000000
        end as decimal(38, 10)) as driver_quantity,
        -- integer weights: tokens, requests, or tokens x price in 1/10,000 of a price unit
        cast(case
            when driver = 'requests' then sum(case when token_type = 'input' then requests else 0 end)
            when line_token_type is not null then sum(tokens)
            else sum(round(tokens * coalesce(price_per_million, 0) * 10000))
        end as decimal(20, 0)) as weight
    from usage_matches
    where (line_account is null or provider_account is null or provider_account = line_account)
        and (line_token_type is null or token_type = line_token_type)
    group by x_LedgerId, customer, product, feature, team, env, driver, line_token_type

),

metric_parts as (

    select
        l.x_LedgerId, m.customer, m.product, m.feature, m.team, m.env,
        cast(sum(m.quantity) as decimal(38, 10)) as driver_quantity,
        cast(sum(round(m.quantity * 10000)) as decimal(20, 0)) as weight
    from lines as l
    join alloc_metrics as m
        on m.metric = l.driver
        and ((l.grain = 'month' and m.billing_period = l.billing_period)
             or (l.grain = 'day' and m.usage_date = to_date(l.ChargePeriodStart)))
    where l.method = 'usage' and l.driver not in ('tokens', 'requests')
    group by l.x_LedgerId, m.customer, m.product, m.feature, m.team, m.env

),

fixed_parts as (

    select
        l.x_LedgerId,
        case when l.weight_key = 'customer' then w.key_value end as customer,
        case when l.weight_key = 'product' then w.key_value end as product,
        case when l.weight_key = 'feature' then w.key_value end as feature,
        case when l.weight_key = 'team' then w.key_value end as team,
        case when l.weight_key = 'env' then w.key_value end as env,
        cast(w.weight as decimal(38, 10)) as driver_quantity,
        cast(round(w.weight * 1000000) as decimal(20, 0)) as weight
    from lines as l
    join alloc_weights as w on w.rule_id = l.rule_id
    where l.method = 'fixed'

),

customers_with_usage as (

    select distinct billing_period, customer from alloc_usage where customer is not null

),

even_parts as (

    select l.x_LedgerId, c.customer, null as product, null as feature, null as team, null as env,
           cast(1 as decimal(38, 10)) as driver_quantity, cast(1 as decimal(20, 0)) as weight
    from lines as l
    join customers_with_usage as c on c.billing_period = l.billing_period
    where l.method = 'even'

),

direct_parts as (

    select x_LedgerId, x_Customer as customer, x_Product as product, x_Feature as feature, x_Team as team, x_Env as env,
           cast(1 as decimal(38, 10)) as driver_quantity, cast(1 as decimal(20, 0)) as weight
    from lines
    where method = 'direct'

),

parts as (

    select * from usage_parts where weight > 0
    union all select * from metric_parts where weight > 0
    union all select * from fixed_parts where weight > 0
    union all select * from even_parts
    union all select * from direct_parts

),

uncovered as (

    -- no rule, or a driver with no usage: the whole line to 'unallocated', visible in coverage
    select l.x_LedgerId, 'unallocated' as customer, l.x_Product as product, l.x_Feature as feature, l.x_Team as team,
           l.x_Env as env, cast(null as decimal(38, 10)) as driver_quantity, cast(1 as decimal(20, 0)) as weight
    from lines as l
    left anti join parts as p on p.x_LedgerId = l.x_LedgerId

),

final as (

    select
        l.x_LedgerId, l.billing_period, l.x_Provider, l.x_Model, l.x_TokenType, l.x_Workload, l.x_Delivery,
        l.ChargeCategory, l.ServiceCategory, l.x_EffectiveCostReporting as line_amount,
        coalesce(l.rule_id, 'none') as allocation_rule_id,
        case when u.x_LedgerId is not null then 'unallocated' else l.method end as method,
        coalesce(p.customer, u.customer) as customer,
        coalesce(p.product, u.product) as product,
        coalesce(p.feature, u.feature) as feature,
        coalesce(p.team, u.team) as team,
        coalesce(p.env, u.env) as env,
        coalesce(p.driver_quantity, u.driver_quantity) as driver_quantity,
        coalesce(p.weight, u.weight) as weight
    from lines as l
    left join parts as p on p.x_LedgerId = l.x_LedgerId
    left join uncovered as u on u.x_LedgerId = l.x_LedgerId

)

select * from final
