-- focus_infra_lines: one provider's infrastructure charges as FOCUS 1.2 rows (generator). Grain: one
-- hourly usage line per spark.range id (view gen_infra_ids); line j falls on day floor(j x days /
-- lines), so a range partition covers a contiguous stretch of days. Each line draws a catalog item
-- (view gen_infra_catalog) and one of its resources; quantity is drawn around :budget_per_line and the
-- cost is quantity x unit price, exact. Per-tenant storage is tagged with its customer.
-- Parameters: :seed, :provider, :lines, :days, :start_day, :budget_per_line, :customers.
with ids as (

    select id from gen_infra_ids

),

drawn as (

    select
        id,
        date_add(:start_day, cast(floor(id * :days / :lines) as int)) as usage_date,
        cast(pmod(xxhash64(:seed, :provider, 'hour', id), 24) as int) as hour,
        pmod(xxhash64(:seed, :provider, 'item', id), 1000000007) / 1000000007D as u_item,
        pmod(xxhash64(:seed, :provider, 'cost', id), 1000000007) / 1000000007D as u_cost,
        pmod(xxhash64(:seed, :provider, 'resource', id), 1000000007) / 1000000007D as u_resource
    from ids

),

items as (

    select d.*, c.*
    from drawn as d
    join gen_infra_catalog as c on c.provider = :provider and d.u_item >= c.share_from and d.u_item < c.share_to

),

resources as (

    select
        *,
        case when per_tenant then cast(floor(u_resource * :customers) as int) else cast(floor(u_resource * 8) as int) end as resource_no,
        cast(round(unit_price * 10000) as bigint) as price_e4,
        case
            when env = 'prod' then case :provider when 'aws' then '111111111111' when 'azure' then '6f1c2b9e-5a34-4d7e-9b1a-0c2d3e4f5a6b' else 'acme-ai-prod' end
            else case :provider when 'aws' then '333333333333' when 'azure' then 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d' else 'acme-ai-dev' end
        end as account
    from items

),

quantities as (

    select
        *,
        case when per_tenant then format_string('cust-%04d', resource_no + 1) end as tenant,
        greatest(cast(round(:budget_per_line * (0.2D + 1.6D * u_cost) / unit_price * 1000000) as bigint), 1) as quantity_e6
    from resources

),

named as (

    select
        *,
        concat(resource_prefix, coalesce(tenant, substr(lower(hex(xxhash64(:seed, :provider, item, resource_no))), 1, 12))) as resource_name,
        cast(cast(quantity_e6 * price_e4 as decimal(20, 0)) * cast(0.0000000001 as decimal(11, 10)) as decimal(38, 10)) as cost,
        cast(cast(quantity_e6 as decimal(20, 0)) * cast(0.000001 as decimal(7, 6)) as decimal(38, 10)) as quantity
    from quantities

),

final as (

    select
        :provider as _provider,
        date_format(usage_date, 'yyyy-MM') as _period,
        cost as BilledCost,
        cost as EffectiveCost,
        cost as ListCost,
        cost as ContractedCost,
        cast(unit_price as decimal(38, 10)) as ListUnitPrice,
        cast(unit_price as decimal(38, 10)) as ContractedUnitPrice,
        'Usage' as ChargeCategory,
        'Usage-Based' as ChargeFrequency,
        'Standard' as PricingCategory,
        concat(service_name, ' ', sku) as ChargeDescription,
        cast(usage_date as timestamp) + make_interval(0, 0, 0, 0, hour) as ChargePeriodStart,
        cast(usage_date as timestamp) + make_interval(0, 0, 0, 0, hour + 1) as ChargePeriodEnd,
        quantity as ConsumedQuantity,
        quantity as PricingQuantity,
        unit as ConsumedUnit,
        unit as PricingUnit,
        service_name as ServiceName,
        service_category as ServiceCategory,
        service_subcategory as ServiceSubcategory,
        case :provider when 'aws' then 'us-east-1' when 'azure' then 'eastus' else 'us-central1' end as RegionId,
        account as SubAccountId,
        sku as SkuMeter,
        concat(:provider, ':', item, ':', sku) as SkuId,
        case :provider
            when 'aws' then concat('arn:aws:', case item when 's3' then 's3' when 'search' then 'aoss' when 'eks' then 'eks' when 'watch' then 'cloudwatch' else 'ec2' end,
                                   ':us-east-1:', account, ':', resource_name)
            when 'azure' then concat('/subscriptions/', account, '/resourceGroups/', env, '/providers/Microsoft.Resources/', resource_name)
            else concat('//cloud.googleapis.com/projects/', account, '/', resource_name)
        end as ResourceId,
        resource_name as ResourceName,
        resource_type as ResourceType,
        case :provider
            when 'aws' then to_json(named_struct(
                'user:Environment', case env when 'prod' then 'Production' when 'staging' then 'Staging' else 'Development' end,
                'user:workload', workload,
                'user:customer', tenant))
            when 'azure' then concat('"env": "', env, '","workload": "', workload, '"', coalesce(concat(',"customer": "', tenant, '"'), ''))
            else to_json(named_struct('env', env, 'workload', workload, 'customer', tenant))
        end as Tags,
        case when :provider = 'aws' then sku end as x_UsageType,
        case when :provider = 'aws' then case item when 's3' then 'AmazonS3' when 'search' then 'AmazonOpenSearchService'
                                                   when 'eks' then 'AmazonEKS' when 'watch' then 'AmazonCloudWatch' else 'AmazonEC2' end end as x_ServiceCode,
        case when :provider = 'aws' then 'RunInstances' end as x_Operation,
        case when :provider = 'azure' then service_name end as x_SkuMeterCategory,
        case when :provider = 'azure' then service_subcategory end as x_SkuMeterSubcategory,
        case when :provider = 'azure' then sku end as x_SkuMeterName,
        usage_date as _day,
        1 as _kind
    from named

)

select * from final
