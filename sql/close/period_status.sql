-- period_status: whether the figures of period :period are final, as the warehouse and the month-end pack
-- show it. Final when the period is closed; provisional when it was never closed or was reopened.
-- Grain: one row for :period.
with period as (

    select :period as billing_period

),

recorded as (

    select * from silver.period_status where billing_period = :period

),

final as (

    select
        case when r.status = 'closed' then 'final' else 'provisional' end as status,
        case when r.status = 'closed' then r.changed_at end as closed_at,
        coalesce(r.status = 'closed' and r.forced, false) as forced,
        case when r.status = 'closed' then r.reason end as reason,
        case when r.status = 'closed' and size(r.overridden) > 0 then array_join(r.overridden, '\n') end as overridden,
        p.billing_period
    from period as p
    left join recorded as r on r.billing_period = p.billing_period

)

select * from final
