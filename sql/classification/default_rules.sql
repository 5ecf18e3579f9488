-- rules_version: default-2026.1
--
-- The shipped classification rules: the decision table finance teams use for AI cost. A cost line is
-- COGS when it is triggered by a paying customer, required to deliver the contracted output, and varies
-- with usage; otherwise OpEx, R&D or capitalized. First match wins; no match is UNCLASSIFIED.
-- Classification follows function (env, workload, model line), not attribution: production serving
-- cost is COGS whether or not allocation found its customer (customer 'unallocated' stays visible in
-- gold.customer_economics and gold.allocation_coverage), so gross margin cannot rise when tagging gets
-- worse. Serving free and trial customers, of every kind, is customer acquisition (OPEX_SM).
-- Each rule: a header line `-- rule: <id> | category: <pnl_category> | component: <cost_component>`
-- followed by a SQL predicate over the row (columns of silver.cost_allocated plus `plan`: the
-- customer's plan of the period, paid over trial over free; sql/classification/customer_plans.sql).
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

-- rule: free_and_trial_inference | category: OPEX_SM | component: inference
plan in ('free', 'trial') and x_Model is not null

-- rule: free_and_trial_retrieval | category: OPEX_SM | component: retrieval
plan in ('free', 'trial') and x_Workload = 'retrieval'

-- rule: free_and_trial_third_party_ai | category: OPEX_SM | component: third_party_ai
plan in ('free', 'trial') and x_Workload = 'third_party_ai'

-- rule: free_and_trial_hosting | category: OPEX_SM | component: infrastructure
plan in ('free', 'trial') and x_Workload in ('hosting', 'inference') and x_Model is null

-- rule: free_and_trial_eval | category: OPEX_SM | component: eval
plan in ('free', 'trial') and x_Workload = 'eval' and x_Delivery

-- rule: free_and_trial_human_review | category: OPEX_SM | component: human_review
plan in ('free', 'trial') and x_Workload = 'human_review' and x_Delivery

-- rule: free_and_trial_charges | category: OPEX_SM | component: credits_fees
plan in ('free', 'trial') and ChargeCategory in ('Tax', 'Credit', 'Adjustment')

-- rule: eval_for_delivery | category: COGS | component: eval
x_Workload = 'eval' and x_Delivery

-- rule: eval_not_for_delivery | category: RND | component: eval
x_Workload = 'eval'

-- rule: human_review_for_delivery | category: COGS | component: human_review
x_Workload = 'human_review' and x_Delivery

-- rule: human_review_other | category: OPEX_GA | component: human_review
x_Workload = 'human_review'

-- rule: production_inference | category: COGS | component: inference
x_Model is not null and coalesce(env, 'prod') = 'prod'

-- rule: retrieval_serving | category: COGS | component: retrieval
x_Workload = 'retrieval' and coalesce(env, 'prod') = 'prod'

-- rule: third_party_ai | category: COGS | component: third_party_ai
x_Workload = 'third_party_ai' and coalesce(env, 'prod') = 'prod'

-- rule: production_hosting | category: COGS | component: infrastructure
x_Workload in ('hosting', 'inference') and coalesce(env, 'prod') = 'prod'

-- rule: taxes_credits_fees | category: COGS | component: credits_fees
ChargeCategory in ('Tax', 'Credit', 'Adjustment')
