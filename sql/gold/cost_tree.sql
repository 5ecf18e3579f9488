-- gold.cost_tree: one row per period x feature x step: how many model calls one user action (a trace)
-- makes on average at each step, and what that step costs per action.
-- actions = distinct traces of the feature; calls_per_action = the step's calls / actions;
-- cost_per_action = the step's cost / actions (steps add up to the feature's cost per action).
with requests as (

    select billing_period, coalesce(feature, 'unknown') as feature, coalesce(step, 'unspecified') as step,
           coalesce(trace_id, event_id) as action_id, cost
    from request_costs

),

actions as (

    select billing_period, feature, count(distinct action_id) as actions from requests group by 1, 2

),

steps as (

    select billing_period, feature, step, count(*) as calls, sum(cost) as cost from requests group by 1, 2, 3

),

final as (

    select
        s.billing_period,
        s.feature,
        s.step,
        a.actions,
        cast(s.calls / a.actions as decimal(20, 4)) as calls_per_action,
        cast(s.cost / a.actions as decimal(38, 10)) as cost_per_action
    from steps as s
    join actions as a on a.billing_period = s.billing_period and a.feature = s.feature

)

select * from final
