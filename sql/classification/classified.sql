-- classified: silver.cost_allocated rows (view classify_rows, with `plan` and the matching rule_id)
-- → silver.cost_classified rows. Grain: one row per allocated row; the amounts are untouched, so per
-- period the classified rows (without amortization charges) add up to the allocated ones exactly.
-- is_ai: inference, retrieval, third-party AI and fine-tuning cost (expensed, or amortized: the charges
-- are AI), eval and human review tied to delivery (the seed's delivery-tied human-in-the-loop), and
-- infrastructure tagged as serving inference or retrieval. Taxes, credits and fees follow
-- classification.policies.credits (credits_netted.sql).
with rows_with_rule as (

    select * from classify_rows

),

final as (

    select
        r.pool_id, r.x_LedgerId, r.customer, r.product, r.feature, r.team, r.env, r.allocation_rule_id, r.method,
        r.driver_quantity, r.share, r.amount, r.x_Provider, r.x_Model, r.x_TokenType, r.x_Workload,
        r.x_Delivery, r.ChargeCategory, r.ServiceCategory,
        r.rule_id,
        :rules_version as rules_version,
        coalesce(c.category, 'UNCLASSIFIED') as pnl_category,
        coalesce(c.component, 'other') as cost_component,
        coalesce(c.component, 'other') in ('inference', 'retrieval', 'third_party_ai', 'fine_tuning')
            or (c.component in ('eval', 'human_review') and coalesce(r.x_Delivery, false))
            or (coalesce(c.component, 'other') = 'infrastructure' and r.x_Workload in ('inference', 'retrieval')) as is_ai,
        r.billing_period
    from rows_with_rule as r
    left join classification_rules as c on c.rule_id = r.rule_id

)

select * from final
