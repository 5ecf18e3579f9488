-- infra_catalog: the cloud infrastructure the synthetic company runs, per provider (generator).
-- Grain: one row per provider x item; an infrastructure line falls on the item whose [share_from,
-- share_to) holds its draw. env and workload become the resource's tags (per_tenant: one storage
-- bucket per customer, tagged with it). unit_price in the billing currency per unit, 4 decimals at most.
with final as (

    select * from values
        ('aws',   'web',      0.00, 0.30, 'Amazon Elastic Compute Cloud',   'Compute',                  'Virtual Machines',            'USE1-BoxUsage:m7i.2xlarge',               'Hrs',        0.4032, 'Instance',        'instance/i-',          'prod',    'hosting',       false),
        ('aws',   'gpu',      0.30, 0.40, 'Amazon Elastic Compute Cloud',   'Compute',                  'Virtual Machines',            'USE1-BoxUsage:g5.2xlarge',                'Hrs',        1.2120, 'Instance',        'instance/i-',          'prod',    'inference',     false),
        ('aws',   'eks',      0.40, 0.45, 'Amazon Elastic Kubernetes Service', 'Compute',               'Containers',                  'USE1-AmazonEKS-Hours:perCluster',         'Hrs',        0.1000, 'Cluster',         'cluster/eks-',         'prod',    'hosting',       false),
        ('aws',   's3',       0.45, 0.65, 'Amazon Simple Storage Service',  'Storage',                  'Object Storage',              'USE1-TimedStorage-ByteHrs',               'GB-Mo',      0.0230, 'Bucket',          'bucket/tenant-',       'prod',    'hosting',       true),
        ('aws',   'search',   0.65, 0.80, 'Amazon OpenSearch Service',      'Analytics',                'Other (Analytics)',           'USE1-OpenSearchServerless-SearchOCU',     'OCU-Hours',  0.2400, 'Collection',      'collection/vectors-',  'prod',    'retrieval',     false),
        ('aws',   'watch',    0.80, 0.85, 'AmazonCloudWatch',               'Management and Governance', 'Observability',              'USE1-CW:MetricMonitorUsage',              'Metrics',    0.3000, 'Metric',          'metric/ops-',          'prod',    'internal_tool', false),
        ('aws',   'staging',  0.85, 0.93, 'Amazon Elastic Compute Cloud',   'Compute',                  'Virtual Machines',            'USE1-BoxUsage:m7i.large',                 'Hrs',        0.1008, 'Instance',        'instance/i-',          'staging', 'hosting',       false),
        ('aws',   'dev',      0.93, 1.00, 'Amazon Elastic Compute Cloud',   'Compute',                  'Virtual Machines',            'USE1-BoxUsage:g5.xlarge',                 'Hrs',        1.0060, 'Instance',        'instance/i-',          'dev',     'experiment',    false),
        ('azure', 'web',      0.00, 0.35, 'Virtual Machines',               'Compute',                  'Virtual Machines',            'D4s v5',                                  '1 Hour',     0.1920, 'Virtual machine', 'virtualMachines/web-', 'prod',    'hosting',       false),
        ('azure', 'aks',      0.35, 0.45, 'Azure Kubernetes Service',       'Compute',                  'Containers',                  'Standard Uptime SLA',                     '1 Hour',     0.1000, 'Managed cluster', 'managedClusters/aks-', 'prod',    'hosting',       false),
        ('azure', 'storage',  0.45, 0.60, 'Storage',                        'Storage',                  'Object Storage',              'Hot LRS Data Stored',                     '1 GB/Month', 0.0184, 'Storage account', 'storageAccounts/st',   'prod',    'hosting',       true),
        ('azure', 'search',   0.60, 0.85, 'Azure AI Search',                'AI and Machine Learning',  'Other (AI and Machine Learning)', 'Standard S1 Unit',                 '1 Hour',     0.3360, 'Search service',  'searchServices/srch-', 'prod',    'retrieval',     false),
        ('azure', 'dev',      0.85, 1.00, 'Virtual Machines',               'Compute',                  'Virtual Machines',            'B2s',                                     '1 Hour',     0.0416, 'Virtual machine', 'virtualMachines/dev-', 'dev',     'experiment',    false),
        ('gcp',   'web',      0.00, 0.35, 'Compute Engine',                 'Compute',                  'Virtual Machines',            'N2 Instance Core running in Americas',    'hour',       0.0316, 'Instance',        'instances/web-',       'prod',    'hosting',       false),
        ('gcp',   'gpu',      0.35, 0.55, 'Compute Engine',                 'Compute',                  'Virtual Machines',            'Nvidia L4 GPU running in Americas',       'hour',       0.5600, 'Instance',        'instances/gke-gpu-pool-', 'prod', 'inference',     false),
        ('gcp',   'gke',      0.55, 0.65, 'Kubernetes Engine',              'Compute',                  'Containers',                  'Regional Kubernetes Clusters',            'hour',       0.1000, 'Cluster',         'clusters/gke-',        'prod',    'hosting',       false),
        ('gcp',   'storage',  0.65, 0.85, 'Cloud Storage',                  'Storage',                  'Object Storage',              'Standard Storage US Multi-region',        'gibibyte month', 0.0260, 'Bucket',      'buckets/tenant-',      'prod',    'hosting',       true),
        ('gcp',   'dev',      0.85, 1.00, 'Compute Engine',                 'Compute',                  'Virtual Machines',            'E2 Instance Core running in Americas',    'hour',       0.0219, 'Instance',        'instances/dev-',       'dev',     'experiment',    false)
    as t(provider, item, share_from, share_to, service_name, service_category, service_subcategory, sku, unit,
         unit_price, resource_type, resource_prefix, env, workload, per_tenant)

)

select * from final
