-- month_end/ltv_cac: LTV:CAC per price plan for :period, on the actual margin ('baseline') and under each
-- stress scenario of gold.stress, with where churn and CAC come from (measured from the customer list, or
-- configured). Grain: one row per plan x scenario of gold.ltv_cac, baseline first.
with ltv_cac as (

    select * from gold.ltv_cac where billing_period = :period

),

final as (

    select
        plan,
        scenario,
        customers,
        arpa,
        gross_margin_pct,
        monthly_churn,
        churn_source,
        ltv,
        cac,
        cac_source,
        ltv_to_cac
    from ltv_cac

)

select * from final order by plan, case when scenario = 'baseline' then 0 else 1 end, scenario
