-- classification_diff: what re-classifying the periods moved between P&L categories. Old rows (view
-- classified_before) and new rows (view classified_after), each with the rules version and the policies
-- label it was classified under, meet on the allocated row's key; per period and (from, to) category the
-- amount that moved (rows only in one side count from / to category 'none'). Every row is from the version
-- and policies the period had before to :to_version / :to_policies, the ones it is classified with now.
with before as (

    select * from classified_before

),

after as (

    select * from classified_after

),

before_classification as (

    select billing_period, max(rules_version) as rules_version, max(policies) as policies
    from before
    group by billing_period

),

matched as (

    select
        coalesce(a.billing_period, b.billing_period) as billing_period,
        coalesce(b.rules_version, p.rules_version, 'none') as from_version,
        :to_version as to_version,
        coalesce(b.policies, p.policies, 'none') as from_policies,
        :to_policies as to_policies,
        coalesce(b.pnl_category, 'none') as from_category,
        coalesce(a.pnl_category, 'none') as to_category,
        coalesce(a.amount, b.amount) as amount
    from before as b
    full outer join after as a
        on a.billing_period = b.billing_period
        and a.x_LedgerId <=> b.x_LedgerId and a.pool_id <=> b.pool_id
        and a.customer <=> b.customer and a.product <=> b.product and a.feature <=> b.feature
        and a.team <=> b.team and a.env <=> b.env and a.allocation_rule_id <=> b.allocation_rule_id
    left join before_classification as p
        on p.billing_period = coalesce(a.billing_period, b.billing_period)

),

final as (

    select
        billing_period, from_version, to_version, from_policies, to_policies, from_category, to_category,
        cast(sum(amount) as decimal(38, 10)) as amount
    from matched
    where from_version <> to_version or from_policies <> to_policies
    group by billing_period, from_version, to_version, from_policies, to_policies, from_category, to_category

)

select * from final
