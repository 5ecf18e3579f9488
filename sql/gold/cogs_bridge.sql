-- gold.cogs_bridge: one row per period x product x feature with COGS or model calls in it or in the month
-- before: why its COGS moved from the month before (views classified, usage, previous_classified,
-- previous_usage: the month before each period built).
-- The cost on calls, per model (provider x model) m, is the COGS allocated to the feature by usage on m's
-- calls (classified rows of method 'usage' naming a model) where m has tokens that month: C = sum C_m,
-- with A actions (distinct traces; a call without a trace is one), T = sum T_m tokens (input, cache
-- included, + output) and p_m = C_m / T_m, m's cost per token (the price book's price at the billed ratio).
-- C = A x T/A x sum (T_m/T) x p_m, so from the month before (0) to the period (1), one factor at a time:
--   V1 = C0 x A1 / A0                 volume_effect    = V1 - C0      (more or fewer actions)
--   V2 = C0 x T1 / T0                 intensity_effect = V2 - V1      (tokens per action: context, calls)
--   V3 = sum T1_m x p0_m              mix_effect       = V3 - V2      (the models' shares of the tokens)
--                                     price_effect     = C1 - V3      (cost per token, at the period's tokens)
-- a model new in the period counting at its own price (p0_m = p1_m: its whole cost is mix); a feature without
-- tokens the month before has all of C1 - C0 as volume. other_change = the rest of the COGS change, the cost
-- not on token-priced calls (hosting, retrieval, GPU hours, taxes...): (cogs1 - C1) - (cogs0 - C0).
-- Each V is rounded to 10 decimals and every effect is a difference of two of them, so the four effects and
-- other_change add up to cogs - previous_cogs exactly.
with cogs_rows as (

    select billing_period, 'current' as side, coalesce(product, 'unknown') as product, coalesce(feature, 'unknown') as feature,
           x_Provider as provider, x_Model as model, method = 'usage' and x_Model is not null as on_calls, amount
    from classified
    where pnl_category = 'COGS'
    union all
    select date_format(add_months(to_date(concat(billing_period, '-01')), 1), 'yyyy-MM'), 'previous',
           coalesce(product, 'unknown'), coalesce(feature, 'unknown'),
           x_Provider, x_Model, method = 'usage' and x_Model is not null, amount
    from previous_classified
    where pnl_category = 'COGS'

),

call_rows as (

    select billing_period, 'current' as side, coalesce(product, 'unknown') as product, coalesce(feature, 'unknown') as feature,
           provider, model, coalesce(trace_id, event_id) as action, coalesce(input_tokens, 0) + coalesce(output_tokens, 0) as tokens
    from usage
    union all
    select date_format(add_months(to_date(concat(billing_period, '-01')), 1), 'yyyy-MM'), 'previous',
           coalesce(product, 'unknown'), coalesce(feature, 'unknown'),
           provider, model, coalesce(trace_id, event_id), coalesce(input_tokens, 0) + coalesce(output_tokens, 0)
    from previous_usage

),

-- per period x side x feature x model: its cost on calls and its tokens
model_cost as (

    select billing_period, side, product, feature, provider, model, cast(sum(amount) as decimal(38, 10)) as cost
    from cogs_rows
    where on_calls
    group by 1, 2, 3, 4, 5, 6

),

model_tokens as (

    select billing_period, side, product, feature, provider, model, cast(sum(tokens) as decimal(20, 0)) as tokens
    from call_rows
    group by 1, 2, 3, 4, 5, 6

),

-- a model counts where it has tokens; its cost without tokens is other cost
models_by_side as (

    select billing_period, side, product, feature, provider, model, c.cost, t.tokens
    from model_cost as c
    join model_tokens as t using (billing_period, side, product, feature, provider, model)
    where t.tokens > 0

),

models as (

    select
        billing_period, product, feature, provider, model,
        cast(coalesce(sum(case when side = 'previous' then cost end), 0) as decimal(38, 10)) as cost0,
        cast(coalesce(sum(case when side = 'current' then cost end), 0) as decimal(38, 10)) as cost1,
        cast(coalesce(sum(case when side = 'previous' then tokens end), 0) as decimal(20, 0)) as tokens0,
        cast(coalesce(sum(case when side = 'current' then tokens end), 0) as decimal(20, 0)) as tokens1
    from models_by_side
    group by 1, 2, 3, 4, 5

),

-- V3's term: the period's tokens of m at the month before's cost per token (its own price when new). The
-- ratio first, as DECIMAL(28,18), so that cost x ratio keeps 14 decimals under Spark's precision rule.
model_terms as (

    select
        billing_period, product, feature, cost0, cost1, tokens0, tokens1,
        case
            when tokens1 = 0 then cast(0 as decimal(38, 10))
            when tokens0 = 0 then cost1
            else cast(round(cast(cost0 as decimal(24, 10)) * cast(tokens1 / tokens0 as decimal(28, 18)), 10) as decimal(38, 10))
        end as at_previous_price
    from models

),

features_on_calls as (

    select
        billing_period, product, feature,
        cast(sum(cost0) as decimal(38, 10)) as c0,
        cast(sum(cost1) as decimal(38, 10)) as c1,
        cast(sum(tokens0) as decimal(20, 0)) as t0,
        cast(sum(tokens1) as decimal(20, 0)) as t1,
        cast(sum(at_previous_price) as decimal(38, 10)) as v3
    from model_terms
    group by 1, 2, 3

),

feature_totals as (

    select
        billing_period, product, feature,
        cast(coalesce(sum(case when side = 'previous' then amount end), 0) as decimal(38, 10)) as previous_cogs,
        cast(coalesce(sum(case when side = 'current' then amount end), 0) as decimal(38, 10)) as cogs
    from cogs_rows
    group by 1, 2, 3

),

feature_actions as (

    select
        billing_period, product, feature,
        count(distinct case when side = 'previous' then action end) as previous_actions,
        count(distinct case when side = 'current' then action end) as actions
    from call_rows
    group by 1, 2, 3

),

features as (

    select
        k.billing_period, k.product, k.feature,
        coalesce(f.previous_cogs, 0) as previous_cogs, coalesce(f.cogs, 0) as cogs,
        coalesce(a.previous_actions, 0) as previous_actions, coalesce(a.actions, 0) as actions,
        coalesce(c.t0, 0) as previous_tokens, coalesce(c.t1, 0) as tokens,
        coalesce(c.c0, 0) as c0, coalesce(c.c1, 0) as c1, coalesce(c.v3, 0) as v3
    from (select billing_period, product, feature from feature_totals
          union select billing_period, product, feature from feature_actions) as k
    left join feature_totals as f using (billing_period, product, feature)
    left join feature_actions as a using (billing_period, product, feature)
    left join features_on_calls as c using (billing_period, product, feature)

),

steps as (

    select
        *,
        case
            when previous_tokens = 0 then c1
            else cast(round(cast(c0 as decimal(24, 10)) * cast(tokens / previous_tokens as decimal(28, 18)), 10) as decimal(38, 10))
        end as v2
    from features

),

steps_with_volume as (

    select
        *,
        case
            when previous_tokens = 0 then c1
            when previous_actions = 0 then v2
            else cast(round(cast(c0 as decimal(24, 10)) * cast(cast(actions as decimal(20, 0)) / cast(previous_actions as decimal(20, 0)) as decimal(28, 18)), 10) as decimal(38, 10))
        end as v1
    from steps

),

-- as DECIMAL(30,10): a difference of two DECIMAL(38,10) would lose a decimal to Spark's precision rule
effects as (

    select
        billing_period, product, feature, previous_cogs, cogs, previous_actions, actions, previous_tokens, tokens,
        cast(cast(v1 as decimal(30, 10)) - cast(c0 as decimal(30, 10)) as decimal(38, 10)) as volume_effect,
        cast(cast(v2 as decimal(30, 10)) - cast(v1 as decimal(30, 10)) as decimal(38, 10)) as intensity_effect,
        cast(cast(c1 as decimal(30, 10)) - cast(v3 as decimal(30, 10)) as decimal(38, 10)) as price_effect,
        cast(cast(v3 as decimal(30, 10)) - cast(v2 as decimal(30, 10)) as decimal(38, 10)) as mix_effect,
        cast((cast(cogs as decimal(30, 10)) - cast(c1 as decimal(30, 10))) - (cast(previous_cogs as decimal(30, 10)) - cast(c0 as decimal(30, 10)))
             as decimal(38, 10)) as other_change
    from steps_with_volume

)

-- arithmetic never nulls silently: a step too large to hold stops the run, named
select
    date_format(add_months(to_date(concat(billing_period, '-01')), -1), 'yyyy-MM') as previous_period,
    product, feature, previous_cogs, cogs,
    case
        when volume_effect is null or intensity_effect is null or price_effect is null or mix_effect is null or other_change is null
            then raise_error(format_string('gold.cogs_bridge: period %s, %s / %s: a step of the bridge is too large to hold in DECIMAL(38,10)',
                billing_period, product, feature))
        else volume_effect
    end as volume_effect,
    intensity_effect, price_effect, mix_effect, other_change,
    previous_actions, actions, previous_tokens, tokens,
    billing_period
from effects
