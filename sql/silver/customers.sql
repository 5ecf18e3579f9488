-- customers: bronze customer-list rows (view bronze_batch) → silver.customers.
-- Grain: one row per billing period (the month the list is as at) x customer; a later record of the same
-- key wins. The acquisition cost as delivered plus the reporting currency at the rate of the month the
-- customer was acquired in, else of the list's month (a list reaches back before the lake's first rates).
with source as (

    -- the contract's upsert key of these rows
    select *, struct(billing_period, customer) as delivery_key from bronze_batch

),

@include blocks/latest_delivery.sql,

converted as (

    select
        latest.customer,
        nullif(lower(trim(latest.plan)), '') as plan,
        latest.acquired_period,
        latest.churned_period,
        latest.acquisition_cost,
        upper(latest.currency) as currency,
        -- DECIMAL(32,18) x DECIMAL(24,12) keeps 11 decimals (rates up to 10^12: IDR, VND); an overflow is null
        cast(bround(cast(latest.acquisition_cost as decimal(32, 18))
            * case when upper(latest.currency) = :reporting_currency then cast(1 as decimal(24, 12))
                   else cast(coalesce(at_acquisition.rate, at_list.rate) as decimal(24, 12)) end, 10) as decimal(38, 10)) as acquisition_cost_reporting,
        coalesce(at_acquisition.rate, at_list.rate) as fx_rate,
        latest._source as x_Source,
        latest.billing_period
    from latest
    left join fx_rates as at_acquisition
        on at_acquisition.currency = upper(latest.currency) and at_acquisition.billing_period = latest.acquired_period
    left join fx_rates as at_list
        on at_list.currency = upper(latest.currency) and at_list.billing_period = latest.billing_period

),

final as (

    -- arithmetic never nulls silently: a cost that cannot be converted stops the run, named
    select
        customer, plan, acquired_period, churned_period, acquisition_cost, currency,
        case
            when acquisition_cost is not null and acquisition_cost_reporting is null then raise_error(format_string(
                'silver.customers: acquisition cost %s %s of customer %s, list of %s, cannot be converted to %s at rate %s (overflow or no rate)',
                cast(acquisition_cost as string), currency, customer, billing_period, :reporting_currency, coalesce(cast(fx_rate as string), 'none')))
            else acquisition_cost_reporting
        end as acquisition_cost_reporting,
        x_Source, billing_period
    from converted

)

select * from final
