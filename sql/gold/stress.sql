-- gold.stress: one row per period x AI product (and ALL) x scenario (view stress_scenarios, plus
-- 'baseline'): the AI-layer gross margin when token prices change, a variance buffer multiplies the
-- variable (token-priced inference) AI cost, and the heaviest users' usage is multiplied.
-- scenario AI COGS = fixed AI COGS + (token COGS + heavy users' token COGS x (multiplier - 1))
--                    x (1 + token_price_change) x variance_buffer
with ai_cogs as (

    select
        billing_period,
        coalesce(product, 'unallocated') as product,
        sum(amount) as ai_cogs,
        sum(case when cost_component = 'inference' then amount else 0 end) as token_cogs
    from classified
    where pnl_category = 'COGS' and is_ai
    group by 1, 2

),

ai_revenue as (

    select r.billing_period, r.product, sum(r.revenue_reporting) as revenue
    from revenue as r
    join ai_products as a on a.product = r.product
    group by 1, 2

),

user_costs as (

    select
        billing_period,
        coalesce(product, 'unknown') as product,
        user,
        sum(cost) as cost
    from request_costs
    where user is not null
    group by 1, 2, 3

),

ranked_users as (

    select
        *,
        row_number() over (partition by billing_period, product order by cost desc) as rank_desc,
        count(*) over (partition by billing_period, product) as users
    from user_costs

),

scenarios as (

    select 'baseline' as scenario, cast(0 as decimal(20, 10)) as token_price_change, cast(1 as decimal(20, 10)) as variance_buffer,
           cast(1 as decimal(20, 10)) as heavy_user_multiplier, cast(0 as decimal(20, 10)) as heavy_user_share
    union all
    select name, token_price_change, variance_buffer, heavy_user_multiplier, heavy_user_share from stress_scenarios

),

heavy as (

    select u.billing_period, u.product, s.scenario, sum(u.cost) as heavy_cogs
    from ranked_users as u
    cross join scenarios as s
    where u.rank_desc <= ceil(s.heavy_user_share * u.users)
    group by 1, 2, 3

),

by_product as (

    select
        coalesce(r.billing_period, c.billing_period) as billing_period,
        coalesce(r.product, c.product) as product,
        coalesce(r.revenue, 0) as revenue,
        coalesce(c.ai_cogs, 0) as ai_cogs,
        coalesce(c.token_cogs, 0) as token_cogs
    from ai_revenue as r
    left join ai_cogs as c on c.billing_period = r.billing_period and c.product = r.product

),

per_scenario as (

    select
        p.billing_period,
        p.product,
        s.*,
        p.revenue,
        p.ai_cogs - p.token_cogs
            + (p.token_cogs + coalesce(h.heavy_cogs, 0) * (s.heavy_user_multiplier - 1))
              * (1 + s.token_price_change) * s.variance_buffer as stressed_ai_cogs
    from by_product as p
    cross join scenarios as s
    left join heavy as h on h.billing_period = p.billing_period and h.product = p.product and h.scenario = s.scenario

),

with_all as (

    select * from per_scenario
    union all
    select billing_period, 'ALL', scenario, token_price_change, variance_buffer, heavy_user_multiplier, heavy_user_share,
           sum(revenue), sum(stressed_ai_cogs)
    from per_scenario
    group by billing_period, scenario, token_price_change, variance_buffer, heavy_user_multiplier, heavy_user_share

),

final as (

    select
        billing_period,
        product,
        scenario,
        token_price_change,
        variance_buffer,
        heavy_user_multiplier,
        heavy_user_share,
        cast(revenue as decimal(38, 10)) as ai_revenue,
        cast(stressed_ai_cogs as decimal(38, 10)) as ai_cogs,
        cast(case when revenue <> 0 then round((revenue - stressed_ai_cogs) * 100 / revenue, 4) end as decimal(12, 4)) as ai_gross_margin_pct
    from with_all

)

select * from final
