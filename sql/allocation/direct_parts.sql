-- direct_parts: the lines whose own tags name the key (method direct), attributed whole to them.
-- Grain: one row per directly attributed ledger line (view pool_lines, rows without a pool).
with lines as (

    select * from pool_lines where pool_id is null

),

final as (

    select
        x_LedgerId,
        cast(null as string) as pool_id,
        x_Customer as customer, x_Product as product, x_Feature as feature, x_Team as team, x_Env as env,
        allocation_rule_id,
        'direct' as method,
        cast(1 as decimal(38, 10)) as driver_quantity,
        cast(1 as decimal(38, 18)) as share,
        amount,
        x_Provider, x_Model, x_TokenType, x_Workload, x_Delivery, ChargeCategory, ServiceCategory,
        billing_period
    from lines

)

select * from final
