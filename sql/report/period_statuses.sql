-- period_statuses: what `bin/cogs demo` prints after closing the books, one row per period with gold
-- figures: final (closed) or provisional (open or reopened), when, and, for a forced close, why.
with periods as (

    select distinct billing_period from gold.gross_margin

),

final as (

    select
        p.billing_period,
        case when s.status = 'closed' then 'final' else 'provisional' end as figures,
        case when s.status = 'closed' then date_format(s.changed_at, 'yyyy-MM-dd HH:mm') end as closed_at_utc,
        coalesce(s.status = 'closed' and s.forced, false) as forced,
        case when s.status = 'closed' then s.reason end as reason
    from periods as p
    left join silver.period_status as s on s.billing_period = p.billing_period

)

select * from final order by billing_period
