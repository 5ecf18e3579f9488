-- rules_version: default-2025.1
--
-- The shipped classification rules: the decision table finance teams use for AI cost. A cost line is
-- COGS when it is triggered by a paying customer, required to deliver the contracted output, and varies
-- with usage; otherwise OpEx, R&D or capitalized. First match wins; no match is UNCLASSIFIED.
-- Each rule: a header line `-- rule: <id> | category: <pnl_category> | component: <cost_component>`
-- followed by a SQL predicate over the row (columns of silver.cost_allocated plus `plan`).
-- category POLICY_FINE_TUNING follows classification.policies.fine_tuning (RND or CAPITALIZED).

-- rule: fine_tuning | category: POLICY_FINE_TUNING | component: fine_tuning
x_Workload = 'fine_tuning'

-- rule: training_and_labeling | category: RND | component: training
x_Workload in ('training', 'labeling')

-- rule: experiments | category: RND | component: other
x_Workload = 'experiment'

-- rule: non_production | category: RND | component: infrastructure
env in ('staging', 'dev', 'test') and x_Model is null

-- rule: non_production_inference | category: RND | component: inference
env in ('staging', 'dev', 'test')

-- rule: internal_tools | category: OPEX_GA | component: other
x_Workload = 'internal_tool' or team = 'internal-tools'

-- rule: eval_for_delivery | category: COGS | component: eval
x_Workload = 'eval' and x_Delivery

-- rule: eval_not_for_delivery | category: RND | component: eval
x_Workload = 'eval'

-- rule: human_review_for_delivery | category: COGS | component: human_review
x_Workload = 'human_review' and x_Delivery

-- rule: human_review_other | category: OPEX_GA | component: human_review
x_Workload = 'human_review'

-- rule: free_and_trial_inference | category: OPEX_SM | component: inference
x_Model is not null and plan in ('free', 'trial')

-- rule: customer_inference | category: COGS | component: inference
x_Model is not null and customer <> 'unallocated' and coalesce(env, 'prod') = 'prod'

-- rule: retrieval_serving | category: COGS | component: retrieval
x_Workload = 'retrieval' and coalesce(env, 'prod') = 'prod' and customer <> 'unallocated'

-- rule: third_party_ai | category: COGS | component: third_party_ai
x_Workload = 'third_party_ai' and coalesce(env, 'prod') = 'prod' and customer <> 'unallocated'

-- rule: production_hosting | category: COGS | component: infrastructure
x_Workload in ('hosting', 'inference') and coalesce(env, 'prod') = 'prod' and customer <> 'unallocated'

-- rule: customer_taxes_credits_fees | category: COGS | component: credits_fees
ChargeCategory in ('Tax', 'Credit', 'Adjustment') and customer <> 'unallocated'
