-- duckdb_core: the single-node peer of the benchmark (bin/benchmark, issue 12). The core of what cogs-lake
-- computes, as plain DuckDB SQL over the same landing files that `bin/cogs generate` writes: parse every
-- file, the ledger per period, usage per day and key, model lines split by price-weighted tokens of the same
-- provider / model / token type / account / day, shared (proportional) lines spread like the driven cost of
-- their provider and period, all at pool grain and split exactly (largest remainder, units of 1e-10), then
-- the shipped classification rules and COGS per customer and period. The total is conserved to the unit.
--
-- It mirrors sql/silver/ledger.sql + ledger_from_focus.sql, sql/silver/usage.sql, sql/allocation/*.sql and
-- the default allocation rules (io.cogslake.allocate.AllocationRules.defaults), for the source types the
-- generator writes (FOCUS CSV, usage events JSON lines, usage metrics and revenue CSV) and one reporting
-- currency (every line in it; another currency is an error here, where cogs-lake would convert it).
-- Money is DECIMAL throughout, never DOUBLE; splits are HUGEINT arithmetic.
--
-- Filled in by io.cogslake.benchmark.DuckDbPeer: ${landing} (the landing folder), ${reference} (the price
-- book and alias tables, conf/reference), ${reporting_currency}, ${first_matching_rule} (a CASE over the
-- classification rules file, first match wins) and the table classification_rules (rule_id, category,
-- component). To adjust: the allocation rules are the CASE in `lines`; the tag aliases are the VALUES
-- in tag_key_aliases / tag_value_aliases (the shipped defaults plus conf/demo.yaml's); what counts as COGS
-- is the rules file; the figures compared are the `figures` table at the end.
-- Statements are separated by a semicolon at the end of a line.

-- 1. Parse every landing file. The bills and the events are views, read once by the statements below that
--    keep what the core needs (DuckDB's readers still split every record into its fields; at 10M lines a
--    table of every column as text would not fit in memory).

create view focus_raw as
select * from read_csv('${landing}/focus/*/*/*.csv', header = true, all_varchar = true, union_by_name = true,
                       quote = '"', escape = '"', filename = true);

create view events_raw as
select * from read_json('${landing}/usage_events/*/*.json', format = 'newline_delimited', filename = true,
    columns = {
        'event_id': 'VARCHAR', 'timestamp': 'VARCHAR', 'trace_id': 'VARCHAR', 'step': 'VARCHAR',
        'gen_ai.provider.name': 'VARCHAR', 'gen_ai.system': 'VARCHAR', 'gen_ai.operation.name': 'VARCHAR',
        'gen_ai.request.model': 'VARCHAR', 'gen_ai.response.model': 'VARCHAR',
        'gen_ai.usage.input_tokens': 'BIGINT', 'gen_ai.usage.output_tokens': 'BIGINT',
        'gen_ai.usage.prompt_tokens': 'BIGINT', 'gen_ai.usage.completion_tokens': 'BIGINT',
        'gen_ai.usage.cache_read.input_tokens': 'BIGINT', 'gen_ai.usage.cache_creation.input_tokens': 'BIGINT',
        'gen_ai.usage.reasoning.output_tokens': 'BIGINT',
        'provider_account': 'VARCHAR', 'customer': 'VARCHAR', 'user': 'VARCHAR', 'product': 'VARCHAR',
        'feature': 'VARCHAR', 'team': 'VARCHAR', 'env': 'VARCHAR', 'attributes': 'JSON'
    });

create table metrics_raw as
select * from read_csv('${landing}/usage_metrics/*/*.csv', header = true, all_varchar = true, union_by_name = true, filename = true);

create table revenue_raw as
select * from read_csv('${landing}/revenue/*/*.csv', header = true, all_varchar = true, union_by_name = true, filename = true);

create table invoices_raw as
select * from read_csv('${landing}/invoices/*/*.csv', header = true, all_varchar = true, union_by_name = true, filename = true);

-- 2. Reference data: conf/reference, as io.cogslake.reference.ReferenceData reads it ------------------------

create table provider_aliases as
select lower(trim(spelling)) as spelling, provider
from read_csv('${reference}/provider_aliases.csv', header = true, all_varchar = true);

create table model_aliases as
select
    row_number() over () - 1 as priority,       -- file order (DuckDB keeps a file's insertion order)
    lower(provider) as provider,
    '(?i)^(?:' || raw || ')$' as pattern,
    model,
    nullif(token_type, '') as token_type,
    cast(coalesce(nullif(unit_multiplier, ''), '1') as decimal(38, 10)) as unit_multiplier,
    nullif(publisher, '') as publisher
from read_csv('${reference}/model_aliases.csv', header = true, all_varchar = true, quote = '"', escape = '"');

-- list prices only, as the allocation joins them (sql/allocation/driven_parts.sql: view prices)
create table prices as
select provider, model, token_type, cast(price_per_million as decimal(20, 10)) as price_per_million,
       cast(effective_from as date) as effective_from, cast(nullif(effective_to, '') as date) as effective_to
from read_csv('${reference}/prices.csv', header = true, all_varchar = true)
where coalesce(tier, '') = '' and coalesce(context_band, '') = '';

-- tag keys and values as the contract names them: the shipped defaults plus conf/demo.yaml's tags
create table tag_key_aliases as
select * from (values
    ('*', 'environment', 'env'), ('*', 'stage', 'env'), ('*', 'cost_center', 'team'), ('*', 'application', 'product'),
    ('aws', 'user:environment', 'env')
) as t(provider, their_key, contract_key);

create table tag_value_aliases as
select * from (values
    ('env', 'production', 'prod'), ('env', 'prd', 'prod'), ('env', 'development', 'dev'), ('env', 'stage', 'staging'),
    ('env', 'stg', 'staging'), ('env', 'testing', 'test')
) as t(contract_key, their_value, contract_value);

-- 3. The ledger (silver.ledger's columns that allocation and classification read) ---------------------------

create view focus_lines as
select
    strftime(cast(BillingPeriodStart as timestamp), '%Y-%m') as billing_period,
    cast(cast(ChargePeriodStart as timestamp) as date) as charge_day,
    case lower(ChargeCategory)
        when 'usage' then 'Usage' when 'purchase' then 'Purchase' when 'tax' then 'Tax'
        when 'credit' then 'Credit' when 'adjustment' then 'Adjustment' else ChargeCategory
    end as ChargeCategory,
    ServiceCategory,
    upper(BillingCurrency) as BillingCurrency,
    cast(EffectiveCost as decimal(38, 18)) as EffectiveCost,
    cast(BilledCost as decimal(38, 18)) as BilledCost,
    InvoiceIssuerName as issuer,
    ProviderName as seller,
    nullif(SubAccountId, '') as x_ProviderAccount,
    nullif(Tags, '') as Tags,
    coalesce(
        json_extract_string(nullif(SkuPriceDetails, ''), '$.ModelId'),
        nullif(x_UsageType, ''),
        nullif(x_SkuMeterName, ''),
        case when ServiceCategory = 'AI and Machine Learning' then ChargeDescription end
    ) as x_ModelRaw,
    json_extract_string(nullif(SkuPriceDetails, ''), '$.ModelId') as x_ModelHint,
    case
        when lower(json_extract_string(nullif(SkuPriceDetails, ''), '$.TokenCacheAction')) = 'read' then 'cache_read'
        when lower(json_extract_string(nullif(SkuPriceDetails, ''), '$.TokenCacheAction')) = 'write' then 'cache_write'
        when lower(coalesce(json_extract_string(nullif(SkuPriceDetails, ''), '$.TokenDirection'),
                            json_extract_string(nullif(SkuPriceDetails, ''), '$.TokenType'))) = 'input' then 'input'
        when lower(coalesce(json_extract_string(nullif(SkuPriceDetails, ''), '$.TokenDirection'),
                            json_extract_string(nullif(SkuPriceDetails, ''), '$.TokenType'))) = 'output' then 'output'
        when lower(SkuMeter) like '%cache read%' then 'cache_read'
        when lower(SkuMeter) like '%cache write%' then 'cache_write'
        when lower(SkuMeter) like '%input token%' then 'input'
        when lower(SkuMeter) like '%output token%' then 'output'
    end as x_TokenTypeHint
from focus_raw;

create table focus_with_provider as
select l.*, coalesce(i.provider, s.provider, lower(trim(l.issuer)), lower(trim(l.seller))) as x_Provider
from focus_lines as l
left join provider_aliases as i on i.spelling = lower(trim(l.issuer))
left join provider_aliases as s on s.spelling = lower(trim(l.seller));

-- tags: parsed and named once per distinct (provider, string), then joined back; a provider's own key
-- aliases (tags.aliases.aws: user:Environment -> env) before the generic ones, else the key lower-cased
-- without AWS's user: prefix; values through tags.values
create table tag_strings as
with distinct_tags as (
    select distinct x_Provider, Tags from focus_with_provider where Tags is not null
),
parsed as (
    select x_Provider, Tags,
           cast(cast(case when ltrim(Tags) like '{%' then Tags else '{' || Tags || '}' end as json) as map(varchar, varchar)) as tag_map
    from distinct_tags
),
entries as (
    select x_Provider, Tags, unnest(map_keys(tag_map)) as their_key, unnest(map_values(tag_map)) as their_value from parsed
),
named as (
    select e.x_Provider, e.Tags, e.their_value,
           coalesce(own.contract_key, generic.contract_key, lower(regexp_replace(e.their_key, '^user:', ''))) as contract_key
    from entries as e
    left join tag_key_aliases as own on own.provider = e.x_Provider and own.their_key = lower(e.their_key)
    left join tag_key_aliases as generic on generic.provider = '*' and generic.their_key = lower(e.their_key)
),
valued as (
    select n.x_Provider, n.Tags, n.contract_key, coalesce(v.contract_value, n.their_value) as contract_value
    from named as n
    left join tag_value_aliases as v on v.contract_key = n.contract_key and v.their_value = lower(n.their_value)
)
select x_Provider, Tags,
       lower(max(contract_value) filter (where contract_key = 'env')) as x_Env,
       lower(max(contract_value) filter (where contract_key = 'workload')) as x_Workload,
       max(contract_value) filter (where contract_key = 'product') as x_Product,
       max(contract_value) filter (where contract_key = 'feature') as x_Feature,
       max(contract_value) filter (where contract_key = 'team') as x_Team,
       max(contract_value) filter (where contract_key = 'customer') as x_Customer,
       lower(max(contract_value) filter (where contract_key = 'delivery')) = 'true' as x_Delivery
from valued
group by x_Provider, Tags;

-- models: the alias patterns matched once per distinct (provider, string), a provider's own pattern first
create table ledger as
with model_strings as (
    select distinct x_Provider, x_ModelRaw from focus_with_provider where x_ModelRaw is not null
),
model_matches as (
    select x_Provider, x_ModelRaw, model, token_type
    from (
        select s.x_Provider, s.x_ModelRaw, a.model, a.token_type,
               row_number() over (partition by s.x_Provider, s.x_ModelRaw
                                  order by case when a.provider = s.x_Provider then 0 else 1 end, a.priority) as match_rank
        from model_strings as s
        join model_aliases as a on (a.provider = s.x_Provider or a.provider = '*') and regexp_matches(s.x_ModelRaw, a.pattern)
    )
    where match_rank = 1
)
select
    w.billing_period, w.charge_day, w.x_Provider, w.x_ProviderAccount, w.ChargeCategory, w.ServiceCategory,
    coalesce(m.model, lower(w.x_ModelHint)) as x_Model,
    coalesce(w.x_TokenTypeHint, m.token_type) as x_TokenType,
    t.x_Env, t.x_Workload, t.x_Product, t.x_Feature, t.x_Team, t.x_Customer, t.x_Delivery,
    w.BillingCurrency,
    case when w.BillingCurrency = '${reporting_currency}' then cast(round(w.EffectiveCost, 10) as decimal(38, 10))
         else error('duckdb_core: a line in ' || w.BillingCurrency || ': this peer reads reporting-currency bills only') end
        as x_EffectiveCostReporting
from focus_with_provider as w
left join model_matches as m on m.x_Provider = w.x_Provider and m.x_ModelRaw = w.x_ModelRaw
left join tag_strings as t on t.x_Provider = w.x_Provider and t.Tags = w.Tags;

-- 4. Usage: one row per event_id (the first delivery), provider and model canonical -----------------------

create view usage as
with fields as (
    select
        filename,
        event_id,
        cast(timestamp as timestamp) as event_time,
        coalesce("gen_ai.provider.name", json_extract_string(attributes, '$."gen_ai.provider.name"'),
                 "gen_ai.system", json_extract_string(attributes, '$."gen_ai.system"')) as provider_name,
        coalesce("gen_ai.request.model", json_extract_string(attributes, '$."gen_ai.request.model"')) as request_model,
        coalesce("gen_ai.response.model", json_extract_string(attributes, '$."gen_ai.response.model"')) as response_model,
        coalesce("gen_ai.usage.input_tokens", cast(json_extract_string(attributes, '$."gen_ai.usage.input_tokens"') as bigint),
                 "gen_ai.usage.prompt_tokens", cast(json_extract_string(attributes, '$."gen_ai.usage.prompt_tokens"') as bigint)) as input_tokens,
        coalesce("gen_ai.usage.output_tokens", cast(json_extract_string(attributes, '$."gen_ai.usage.output_tokens"') as bigint),
                 "gen_ai.usage.completion_tokens", cast(json_extract_string(attributes, '$."gen_ai.usage.completion_tokens"') as bigint)) as output_tokens,
        coalesce("gen_ai.usage.cache_read.input_tokens",
                 cast(json_extract_string(attributes, '$."gen_ai.usage.cache_read.input_tokens"') as bigint)) as cache_read_tokens,
        coalesce("gen_ai.usage.cache_creation.input_tokens",
                 cast(json_extract_string(attributes, '$."gen_ai.usage.cache_creation.input_tokens"') as bigint)) as cache_write_tokens,
        coalesce(provider_account, json_extract_string(attributes, '$.provider_account')) as provider_account,
        coalesce(customer, json_extract_string(attributes, '$.customer')) as customer,
        coalesce(product, json_extract_string(attributes, '$.product')) as product,
        coalesce(feature, json_extract_string(attributes, '$.feature')) as feature,
        coalesce(team, json_extract_string(attributes, '$.team')) as team,
        coalesce(env, json_extract_string(attributes, '$.env')) as env
    from events_raw
),
distinct_events as (
    select * from fields
    where event_id is not null and event_time is not null and provider_name is not null
      and input_tokens >= 0 and output_tokens >= 0 and coalesce(request_model, response_model) is not null
      and coalesce(cache_read_tokens, 0) >= 0 and coalesce(cache_write_tokens, 0) >= 0
    qualify row_number() over (partition by event_id order by filename) = 1
),
with_provider as (
    select e.*, coalesce(p.provider, lower(trim(e.provider_name))) as provider,
           coalesce(e.response_model, e.request_model) as model_raw
    from distinct_events as e
    left join provider_aliases as p on p.spelling = lower(trim(e.provider_name))
),
model_strings as (
    select distinct provider, model_raw from with_provider
),
model_matches as (
    select provider, model_raw, model
    from (
        select s.provider, s.model_raw, a.model,
               row_number() over (partition by s.provider, s.model_raw
                                  order by case when a.provider = s.provider then 0 else 1 end, a.priority) as match_rank
        from model_strings as s
        join model_aliases as a on (a.provider = s.provider or a.provider = '*') and regexp_matches(s.model_raw, a.pattern)
    )
    where match_rank = 1
)
select
    cast(w.event_time as date) as usage_date,
    strftime(w.event_time, '%Y-%m') as billing_period,
    w.provider,
    coalesce(m.model, lower(regexp_replace(w.model_raw, '-(\d{4}-\d{2}-\d{2}|\d{8})$', ''))) as model,
    w.provider_account, w.customer, w.product, w.feature, w.team, w.env,
    w.input_tokens, w.output_tokens, w.cache_read_tokens, w.cache_write_tokens
from with_provider as w
left join model_matches as m on m.provider = w.provider and m.model_raw = w.model_raw;

-- usage per day and key (the model calls aggregated before any join: the joins stay small)
create table usage_keys as
select usage_date, billing_period, provider, model, provider_account, customer, product, feature, team, env,
       sum(greatest(coalesce(input_tokens, 0) - coalesce(cache_read_tokens, 0) - coalesce(cache_write_tokens, 0), 0)) as input_tokens,
       sum(coalesce(cache_read_tokens, 0)) as cache_read_tokens,
       sum(coalesce(cache_write_tokens, 0)) as cache_write_tokens,
       sum(coalesce(output_tokens, 0)) as output_tokens,
       count(*) as events
from usage
group by all;

-- one row per token type (not overlapping: input is uncached input), priced
create table usage_by_token_type as
select k.usage_date, k.billing_period, k.provider, k.model, k.provider_account, k.customer, k.product, k.feature, k.team, k.env,
       t.token_type,
       case t.token_type when 'input' then k.input_tokens when 'cache_read' then k.cache_read_tokens
                         when 'cache_write' then k.cache_write_tokens else k.output_tokens end as tokens,
       p.price_per_million
from usage_keys as k
cross join (values ('input'), ('cache_read'), ('cache_write'), ('output')) as t(token_type)
left join prices as p
    on p.provider = k.provider and p.model = k.model and p.token_type = t.token_type
   and k.usage_date >= p.effective_from and (p.effective_to is null or k.usage_date <= p.effective_to);

-- 5. Allocation at pool grain -------------------------------------------------------------------------------

-- the default allocation rules, first match wins (AllocationRules.defaults); no rule: 'none', unallocated
create table lines as
select *,
       case
           when x_Customer is not null then 'tagged_customer'
           when x_Model is not null then 'model_tokens'
           when ChargeCategory in ('Tax', 'Credit', 'Adjustment') or x_Workload in ('inference', 'retrieval', 'hosting', 'third_party_ai')
               then 'shared_charges'
           else 'none'
       end as allocation_rule_id
from ledger;

-- a pool: the lines one rule splits the same way that classification and gold cannot tell apart
create table pools as
select
    row_number() over () as pool_id,
    *,
    case allocation_rule_id when 'tagged_customer' then 'direct' when 'model_tokens' then 'usage'
                            when 'shared_charges' then 'proportional' else 'unallocated' end as method
from (
    select billing_period, x_Provider, allocation_rule_id, x_ProviderAccount, x_Model, x_TokenType,
           case when allocation_rule_id = 'model_tokens' then charge_day end as pool_day,
           x_Workload, x_Delivery, ChargeCategory, ServiceCategory,
           x_Customer, x_Product, x_Feature, x_Team, x_Env,
           sum(x_EffectiveCostReporting) as amount,
           count(*) as lines
    from lines
    group by all
);

-- parts of the driven pools: an integer weight per key
create table parts as
with usage_parts as (
    select p.pool_id, u.customer, u.product, u.feature, u.team, u.env,
           cast(case when p.x_TokenType is not null then sum(u.tokens)
                     else sum(round(u.tokens * coalesce(u.price_per_million, 0) * 10000)) end as hugeint) as weight
    from pools as p
    join usage_by_token_type as u
        on u.provider = p.x_Provider and u.model = p.x_Model and u.usage_date = p.pool_day
       and (p.x_ProviderAccount is null or u.provider_account is null or u.provider_account = p.x_ProviderAccount)
       and (p.x_TokenType is null or u.token_type = p.x_TokenType)
    where p.method = 'usage'
    group by p.pool_id, u.customer, u.product, u.feature, u.team, u.env, p.x_TokenType
),
direct_parts as (
    select pool_id, x_Customer as customer, x_Product as product, x_Feature as feature, x_Team as team, x_Env as env,
           cast(1 as hugeint) as weight
    from pools where method = 'direct'
),
parts as (
    select * from usage_parts where weight > 0
    union all
    select * from direct_parts
)
select * from parts
union all
-- a driven pool with no usage, and lines no rule takes: the whole pool to 'unallocated'
select p.pool_id, 'unallocated', p.x_Product, p.x_Feature, p.x_Team, p.x_Env, cast(1 as hugeint)
from pools as p
where p.method in ('usage', 'direct', 'unallocated') and p.pool_id not in (select pool_id from parts);

-- largest remainder over `parts`: every part the floor of its exact share in units of 1e-10, the units left
-- over one each to the largest remainders (ties by key); per pool the parts add up to the pool exactly
create view split as
with weighted as (
    select pa.*, po.amount as pool_amount,
           cast(abs(po.amount) * 10000000000 as hugeint) as pool_units,
           sum(pa.weight) over (partition by pa.pool_id) as total_weight
    from parts as pa
    join pools as po on po.pool_id = pa.pool_id
),
floored as (
    select *, (pool_units * weight) // total_weight as base_units, (pool_units * weight) % total_weight as remainder
    from weighted
),
ranked as (
    select *,
           sum(base_units) over (partition by pool_id) as floored_units,
           row_number() over (partition by pool_id
                              order by remainder desc, customer nulls first, product nulls first, feature nulls first,
                                       team nulls first, env nulls first) as remainder_rank
    from floored
)
select pool_id, customer, product, feature, team, env,
       cast(weight as decimal(38, 0)) as weight,
       -- units x 1e-10 is exact in DECIMAL; the sign is the pool's
       cast(case when pool_amount < 0 then -1 else 1 end
            * cast(base_units + case when remainder_rank <= pool_units - floored_units then 1 else 0 end as decimal(38, 0))
            * cast(0.0000000001 as decimal(11, 10)) as decimal(38, 10)) as amount
from ranked;

create table allocated_parts as select * from split;

-- proportional pools: spread like the driven cost of the same provider and period (positive keys, not
-- 'unallocated'); a provider with none falls back to the period's; nothing driven at all: 'unallocated'
delete from parts;

insert into parts
with driven as (
    select po.billing_period, po.x_Provider, a.customer, a.product, a.feature, a.team, a.env, sum(a.amount) as amount
    from allocated_parts as a join pools as po on po.pool_id = a.pool_id
    where a.customer <> 'unallocated'
    group by all
    having sum(a.amount) > 0
),
period_driven as (
    select billing_period, customer, product, feature, team, env, sum(amount) as amount from driven group by all
),
providers_with_cost as (
    select distinct billing_period, x_Provider from driven
),
proportional_pools as (
    select * from pools where method = 'proportional'
),
spread as (
    select p.pool_id, d.customer, d.product, d.feature, d.team, d.env, cast(d.amount * 10000000000 as hugeint) as weight
    from proportional_pools as p
    join driven as d on d.billing_period = p.billing_period and d.x_Provider = p.x_Provider
    union all
    select p.pool_id, d.customer, d.product, d.feature, d.team, d.env, cast(d.amount * 10000000000 as hugeint) as weight
    from proportional_pools as p
    join period_driven as d on d.billing_period = p.billing_period
    where not exists (select 1 from providers_with_cost as c where c.billing_period = p.billing_period and c.x_Provider = p.x_Provider)
)
select * from spread
union all
select p.pool_id, 'unallocated', p.x_Product, p.x_Feature, p.x_Team, p.x_Env, cast(1 as hugeint)
from proportional_pools as p
where p.pool_id not in (select pool_id from spread);

insert into allocated_parts select * from split;

-- silver.cost_allocated at pool grain: the pool's attributes and the key's
create table cost_allocated as
select po.billing_period, po.pool_id, a.customer, a.product, a.feature, a.team, a.env,
       po.allocation_rule_id,
       case when a.customer = 'unallocated' and po.method <> 'direct' then 'unallocated' else po.method end as method,
       a.amount, po.x_Provider, po.x_Model, po.x_TokenType, po.x_Workload, po.x_Delivery, po.ChargeCategory, po.ServiceCategory
from allocated_parts as a
join pools as po on po.pool_id = a.pool_id;

-- 6. Classification: the rules file's first matching rule, with the plan of (period, customer, product) ----

create table cost_classified as
with plans as (
    select billing_period, customer, product, max(lower(plan)) as plan from revenue_raw group by all
),
with_plan as (
    select c.*, coalesce(p.plan, 'unknown') as plan
    from cost_allocated as c
    left join plans as p on p.billing_period = c.billing_period and p.customer = c.customer and p.product = c.product
),
with_rule as (
    select *, ${first_matching_rule} as rule_id from with_plan
)
select w.*, coalesce(r.category, 'UNCLASSIFIED') as pnl_category
from with_rule as w
left join classification_rules as r on r.rule_id = w.rule_id;

-- 7. The figures ------------------------------------------------------------------------------------------

-- per period: ledger total, allocated total (equal to the unit), COGS
create table period_totals as
select l.billing_period, l.ledger_lines, l.ledger_total, a.allocated_total, a.cogs_total, a.pools, a.allocated_rows
from (select billing_period, count(*) as ledger_lines, sum(x_EffectiveCostReporting) as ledger_total from ledger group by all) as l
left join (select billing_period, sum(amount) as allocated_total,
                  coalesce(sum(amount) filter (where pnl_category = 'COGS'), 0) as cogs_total,
                  count(distinct pool_id) as pools, count(*) as allocated_rows
           from cost_classified group by all) as a
    on a.billing_period = l.billing_period
order by l.billing_period;

-- per period and customer: the allocated cost (every row, 'unallocated' included) and the COGS
create table figures as
select billing_period, customer,
       cast(sum(amount) as decimal(38, 10)) as allocated,
       cast(coalesce(sum(amount) filter (where pnl_category = 'COGS'), 0) as decimal(38, 10)) as cogs
from cost_classified
group by all
order by billing_period, customer;
