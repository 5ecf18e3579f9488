-- gold.user_tenure: one row per period x cohort, so a cohort's cost per user reads as a curve over its
-- months since (context that grows with tenure shows as a rising curve).
-- A user is a customer's user (customer, user); its cohort is the first month it made a model call
-- (silver.usage up to the period). Of the cohort's users active in the period:
--   mean_cost_per_user = their request costs (silver.request_costs: usage-allocated COGS) / users
--   p50 / p90_cost_per_user: nearest rank, as gold.user_cost_distribution
--   interactions = their requests (a trace, several model calls; a call without a trace is one)
--   tokens_per_interaction = input + output tokens / interactions; interactions_per_user = interactions / users
-- Views: usage, usage_history (usage up to the last period built: customer, user, billing_period), request_costs.
with cohorts as (

    select customer, user, min(billing_period) as cohort
    from usage_history
    where user is not null
    group by 1, 2

),

user_costs as (

    select billing_period, customer, user, sum(cost) as cost, count(distinct coalesce(trace_id, event_id)) as interactions
    from request_costs
    where user is not null
    group by 1, 2, 3

),

user_tokens as (

    select billing_period, customer, user, sum(coalesce(input_tokens, 0) + coalesce(output_tokens, 0)) as tokens
    from usage
    where user is not null
    group by 1, 2, 3

),

ranked as (

    select
        c.billing_period,
        k.cohort,
        c.cost,
        c.interactions,
        coalesce(t.tokens, 0) as tokens,
        row_number() over (partition by c.billing_period, k.cohort order by c.cost) as cost_rank,
        count(*) over (partition by c.billing_period, k.cohort) as n
    from user_costs as c
    join cohorts as k on k.customer <=> c.customer and k.user = c.user
    left join user_tokens as t on t.billing_period = c.billing_period and t.customer <=> c.customer and t.user = c.user

),

final as (

    select
        billing_period,
        cohort,
        cast(months_between(to_date(billing_period || '-01'), to_date(cohort || '-01')) as int) as months_since,
        count(*) as users,
        cast(sum(cost) / count(*) as decimal(38, 10)) as mean_cost_per_user,
        cast(max(case when cost_rank = ceil(0.5 * n) then cost end) as decimal(38, 10)) as p50_cost_per_user,
        cast(max(case when cost_rank = ceil(0.9 * n) then cost end) as decimal(38, 10)) as p90_cost_per_user,
        cast(case when sum(interactions) > 0 then cast(sum(tokens) as decimal(38, 0)) / sum(interactions) end as decimal(38, 4)) as tokens_per_interaction,
        cast(cast(sum(interactions) as decimal(38, 0)) / count(*) as decimal(38, 4)) as interactions_per_user
    from ranked
    group by 1, 2

)

select * from final
