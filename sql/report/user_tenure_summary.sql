-- user_tenure_summary: the tenure curve `bin/cogs demo` prints: each cohort's mean cost per user by
-- months since its first month (gold.user_tenure). Grain: one row per cohort x months since.
select
    cohort,
    months_since,
    users,
    cast(round(mean_cost_per_user, 4) as decimal(20, 4)) as mean_cost_per_user,
    cast(round(tokens_per_interaction, 0) as decimal(20, 0)) as tokens_per_interaction,
    billing_period
from gold.user_tenure
order by cohort, months_since
