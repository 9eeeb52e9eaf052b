/**
 * Terraform resource type → Pulumi type token and the block shapes that differ between the two,
 * as data. Only what cannot be derived is written here: the token when `aws_<module>_<name>` does
 * not spell it (see derive.ts for the rule), and the nested blocks whose Pulumi input shape is not
 * the plain camelCase of the Terraform attribute:
 *
 * - `MaxItems: 1` blocks: Terraform state stores a list of one object (`metadata_options: [{…}]`),
 *   Pulumi takes the object itself (`metadataOptions: {…}`) → `one()`;
 * - repeated blocks Pulumi names in the plural (`ebs_block_device` → `ebsBlockDevices`) →
 *   `many('ebsBlockDevices')`; a repeated block listed with `many()` only to describe its nested
 *   blocks keeps its name;
 * - the few plain attributes Pulumi renames (`function_name` → `name`) → `renamed('name')`.
 *
 * Every type a policy in policies/aws reads is listed, with the blocks of its full schema (not only
 * the ones the rules read today), so a new rule finds the shape it expects. Names are checked
 * against @pulumi/aws's own declarations in test/sources/terraform-state-table.test.ts.
 */

export interface BlockShape {
  /** Pulumi's property name when it is not the camelCase of the Terraform name. */
  readonly name?: string;
  /** `MaxItems: 1`: a list of one object in Terraform, the object in Pulumi. */
  readonly single?: boolean;
  readonly blocks?: BlockShapes;
}

export type BlockShapes = Readonly<Record<string, BlockShape>>;

export interface TypeMapping {
  /** Pulumi type token, e.g. `aws:ec2/instance:Instance`. */
  readonly token: string;
  readonly blocks?: BlockShapes;
}

function one(blocks?: BlockShapes): BlockShape {
  return blocks ? { single: true, blocks } : { single: true };
}

function many(name?: string, blocks?: BlockShapes): BlockShape {
  return { ...(name ? { name } : {}), ...(blocks ? { blocks } : {}) };
}

/** A plain attribute Pulumi names differently (`function_name` → `name`). */
function renamed(name: string): BlockShape {
  return { name };
}

/**
 * Attributes whose value is a map of user-chosen keys (tags, environment variables): their keys
 * are data, never camelCased (`tags.cost_center` stays `cost_center`).
 */
export const MAP_ATTRIBUTES: ReadonlySet<string> = new Set([
  'tags',
  'tags_all',
  'volume_tags',
  'labels',
  'effective_labels',
  'terraform_labels',
  'annotations',
  'variables',
  'parameters',
  'stage_variables',
  'request_parameters',
  'request_templates',
  'response_parameters',
  'response_templates',
  'triggers',
  'environment_variables',
]);

/** Terraform meta-attributes with no Pulumi property (`timeouts` is a resource option in Pulumi). */
export const DROPPED_ATTRIBUTES: ReadonlySet<string> = new Set(['timeouts']);

const launchTemplateBlocks: BlockShapes = {
  block_device_mappings: many(undefined, { ebs: one() }),
  capacity_reservation_specification: one({ capacity_reservation_target: one() }),
  cpu_options: one(),
  credit_specification: one(),
  enclave_options: one(),
  hibernation_options: one(),
  iam_instance_profile: one(),
  instance_market_options: one({ spot_options: one() }),
  instance_requirements: one({
    accelerator_count: one(),
    accelerator_total_memory_mib: one(),
    baseline_ebs_bandwidth_mbps: one(),
    memory_gib_per_vcpu: one(),
    memory_mib: one(),
    network_bandwidth_gbps: one(),
    network_interface_count: one(),
    total_local_storage_gb: one(),
    vcpu_count: one(),
  }),
  license_specification: many('licenseSpecifications'),
  maintenance_options: one(),
  metadata_options: one(),
  monitoring: one(),
  network_interfaces: many(undefined, {
    connection_tracking_specification: one(),
    ena_srd_specification: one({ ena_srd_udp_specification: one() }),
  }),
  network_performance_options: one(),
  placement: one(),
  private_dns_name_options: one(),
  tag_specifications: many(),
};

const cacheBehaviorBlocks: BlockShapes = {
  forwarded_values: one({ cookies: one() }),
  function_association: many('functionAssociations'),
  grpc_config: one(),
  lambda_function_association: many('lambdaFunctionAssociations'),
};

const loadBalancerBlocks: BlockShapes = {
  access_logs: one(),
  connection_logs: one(),
  health_check_logs: one(),
  ipam_pools: one(),
  minimum_load_balancer_capacity: one(),
  subnet_mapping: many('subnetMappings'),
};

const listenerBlocks: BlockShapes = {
  default_action: many('defaultActions', {
    authenticate_cognito: one(),
    authenticate_oidc: one(),
    fixed_response: one(),
    forward: one({ stickiness: one(), target_group: many('targetGroups') }),
    jwt_validation: one({ additional_claim: many('additionalClaims') }),
    redirect: one(),
  }),
  mutual_authentication: one(),
};

export const TYPE_TABLE: Readonly<Record<string, TypeMapping>> = {
  // S3: the bucket and the companion resources that configure it since AWS provider v4.
  aws_s3_bucket: {
    token: 'aws:s3/bucket:Bucket',
    blocks: {
      cors_rule: many('corsRules'),
      grant: many('grants'),
      lifecycle_rule: many('lifecycleRules', {
        expiration: one(),
        noncurrent_version_expiration: one(),
        noncurrent_version_transition: many('noncurrentVersionTransitions'),
        transition: many('transitions'),
      }),
      logging: one(),
      object_lock_configuration: one({ rule: one({ default_retention: one() }) }),
      replication_configuration: one({
        rules: many(undefined, {
          destination: one({ access_control_translation: one(), metrics: one(), replication_time: one() }),
          filter: one(),
          source_selection_criteria: one({ sse_kms_encrypted_objects: one() }),
        }),
      }),
      server_side_encryption_configuration: one({ rule: one({ apply_server_side_encryption_by_default: one() }) }),
      versioning: one(),
      website: one(),
    },
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    token: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
    blocks: { rule: many('rules', { apply_server_side_encryption_by_default: one() }) },
  },
  aws_s3_bucket_versioning: {
    token: 'aws:s3/bucketVersioning:BucketVersioning',
    blocks: { versioning_configuration: one() },
  },
  aws_s3_bucket_public_access_block: { token: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock' },
  aws_s3_account_public_access_block: { token: 'aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock' },
  aws_s3_bucket_logging: {
    token: 'aws:s3/bucketLogging:BucketLogging',
    blocks: {
      target_grant: many('targetGrants', { grantee: one() }),
      target_object_key_format: one({ partitioned_prefix: one(), simple_prefix: one() }),
    },
  },

  // Network: inline rules are sets of objects in Terraform and arrays in Pulumi, same names.
  aws_security_group: {
    token: 'aws:ec2/securityGroup:SecurityGroup',
    blocks: { ingress: many(), egress: many() },
  },
  aws_vpc_security_group_ingress_rule: { token: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule' },
  aws_vpc_security_group_egress_rule: { token: 'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule' },

  // Compute and storage.
  aws_instance: {
    token: 'aws:ec2/instance:Instance',
    blocks: {
      capacity_reservation_specification: one({ capacity_reservation_target: one() }),
      cpu_options: one(),
      credit_specification: one(),
      ebs_block_device: many('ebsBlockDevices'),
      enclave_options: one(),
      ephemeral_block_device: many('ephemeralBlockDevices'),
      instance_market_options: one({ spot_options: one() }),
      launch_template: one(),
      maintenance_options: one(),
      metadata_options: one(),
      network_interface: many('networkInterfaces'),
      primary_network_interface: one(),
      private_dns_name_options: one(),
      root_block_device: one(),
    },
  },
  aws_launch_template: { token: 'aws:ec2/launchTemplate:LaunchTemplate', blocks: launchTemplateBlocks },
  aws_ebs_volume: { token: 'aws:ebs/volume:Volume' },
  aws_db_instance: {
    token: 'aws:rds/instance:Instance',
    blocks: {
      blue_green_update: one(),
      listener_endpoint: many('listenerEndpoints'),
      master_user_secret: many('masterUserSecrets'),
      restore_to_point_in_time: one(),
      s3_import: one(),
    },
  },

  // Identity, audit and keys.
  aws_iam_policy: { token: 'aws:iam/policy:Policy' },
  aws_iam_role_policy: { token: 'aws:iam/rolePolicy:RolePolicy' },
  aws_iam_account_password_policy: { token: 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy' },
  aws_cloudtrail: {
    token: 'aws:cloudtrail/trail:Trail',
    blocks: {
      advanced_event_selector: many('advancedEventSelectors', { field_selector: many('fieldSelectors') }),
      event_selector: many('eventSelectors', { data_resource: many('dataResources') }),
      insight_selector: many('insightSelectors'),
    },
  },
  aws_kms_key: { token: 'aws:kms/key:Key' },

  // Types of the wider policy library: the token is derivable for most, the blocks are not.
  aws_api_gateway_domain_name: {
    token: 'aws:apigateway/domainName:DomainName',
    blocks: { endpoint_configuration: one(), mutual_tls_authentication: one() },
  },
  aws_api_gateway_method_settings: { token: 'aws:apigateway/methodSettings:MethodSettings', blocks: { settings: one() } },
  aws_api_gateway_stage: { token: 'aws:apigateway/stage:Stage', blocks: { access_log_settings: one(), canary_settings: one() } },
  aws_apigatewayv2_stage: {
    token: 'aws:apigatewayv2/stage:Stage',
    blocks: { access_log_settings: one(), default_route_settings: one(), route_settings: many() },
  },
  aws_cloudfront_distribution: {
    token: 'aws:cloudfront/distribution:Distribution',
    blocks: {
      custom_error_response: many('customErrorResponses'),
      default_cache_behavior: one(cacheBehaviorBlocks),
      logging_config: one(),
      ordered_cache_behavior: many('orderedCacheBehaviors', cacheBehaviorBlocks),
      origin: many('origins', {
        custom_header: many('customHeaders'),
        custom_origin_config: one(),
        origin_shield: one(),
        s3_origin_config: one(),
        vpc_origin_config: one(),
      }),
      origin_group: many('originGroups', { failover_criteria: one(), member: many('members') }),
      restrictions: one({ geo_restriction: one() }),
      viewer_certificate: one(),
    },
  },
  aws_config_configuration_recorder: {
    token: 'aws:cfg/recorder:Recorder',
    blocks: {
      recording_group: one({ exclusion_by_resource_types: many(), recording_strategy: many('recordingStrategies') }),
      recording_mode: one({ recording_mode_override: one() }),
    },
  },
  aws_config_configuration_recorder_status: { token: 'aws:cfg/recorderStatus:RecorderStatus' },
  aws_default_security_group: { token: 'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup', blocks: { ingress: many(), egress: many() } },
  aws_dynamodb_table: {
    token: 'aws:dynamodb/table:Table',
    blocks: {
      attribute: many('attributes'),
      global_secondary_index: many('globalSecondaryIndexes', { on_demand_throughput: one(), warm_throughput: one() }),
      import_table: one({ input_format_options: one({ csv: one() }), s3_bucket_source: one() }),
      local_secondary_index: many('localSecondaryIndexes'),
      on_demand_throughput: one(),
      point_in_time_recovery: one(),
      replica: many('replicas'),
      server_side_encryption: one(),
      ttl: one(),
      warm_throughput: one(),
    },
  },
  aws_ecr_repository: {
    token: 'aws:ecr/repository:Repository',
    blocks: {
      encryption_configuration: many('encryptionConfigurations'),
      image_scanning_configuration: one(),
      image_tag_mutability_exclusion_filter: many('imageTagMutabilityExclusionFilters'),
    },
  },
  aws_efs_file_system: {
    token: 'aws:efs/fileSystem:FileSystem',
    blocks: { lifecycle_policy: many('lifecyclePolicies'), protection: one() },
  },
  aws_eks_cluster: {
    token: 'aws:eks/cluster:Cluster',
    blocks: {
      access_config: one(),
      compute_config: one(),
      encryption_config: one({ provider: one() }),
      kubernetes_network_config: one({ elastic_load_balancing: one() }),
      outpost_config: one({ control_plane_placement: one() }),
      remote_network_config: one({ remote_node_networks: one(), remote_pod_networks: one() }),
      storage_config: one({ block_storage: one() }),
      upgrade_policy: one(),
      vpc_config: one(),
      zonal_shift_config: one(),
    },
  },
  aws_elasticache_replication_group: {
    token: 'aws:elasticache/replicationGroup:ReplicationGroup',
    blocks: {
      log_delivery_configuration: many('logDeliveryConfigurations'),
      node_group_configuration: many('nodeGroupConfigurations'),
    },
  },
  aws_flow_log: { token: 'aws:ec2/flowLog:FlowLog', blocks: { destination_options: one() } },
  aws_guardduty_detector: {
    token: 'aws:guardduty/detector:Detector',
    blocks: {
      datasources: one({
        kubernetes: one({ audit_logs: one() }),
        malware_protection: one({ scan_ec2_instance_with_findings: one({ ebs_volumes: one() }) }),
        s3_logs: one(),
      }),
    },
  },
  aws_lambda_function: {
    token: 'aws:lambda/function:Function',
    blocks: {
      function_name: renamed('name'),
      // The deployment package path; Pulumi takes the package itself as `code`.
      filename: renamed('code'),
      dead_letter_config: one(),
      environment: one(),
      ephemeral_storage: one(),
      file_system_config: one(),
      image_config: one(),
      logging_config: one(),
      snap_start: one(),
      tracing_config: one(),
      vpc_config: one(),
    },
  },
  aws_lambda_function_url: { token: 'aws:lambda/functionUrl:FunctionUrl', blocks: { cors: one() } },
  aws_lb: { token: 'aws:lb/loadBalancer:LoadBalancer', blocks: loadBalancerBlocks },
  // Terraform's aws_alb* are aliases of aws_lb*: one Pulumi type, so the same rules apply.
  aws_alb: { token: 'aws:lb/loadBalancer:LoadBalancer', blocks: loadBalancerBlocks },
  aws_lb_listener: { token: 'aws:lb/listener:Listener', blocks: listenerBlocks },
  aws_alb_listener: { token: 'aws:lb/listener:Listener', blocks: listenerBlocks },
  aws_alb_target_group: { token: 'aws:lb/targetGroup:TargetGroup' },
  aws_alb_listener_rule: { token: 'aws:lb/listenerRule:ListenerRule' },
  aws_opensearch_domain: {
    token: 'aws:opensearch/domain:Domain',
    blocks: {
      advanced_security_options: one({ master_user_options: one() }),
      auto_tune_options: one({ maintenance_schedule: many('maintenanceSchedules', { duration: one() }) }),
      cluster_config: one({ cold_storage_options: one(), node_options: many(undefined, { node_config: one() }), zone_awareness_config: one() }),
      cognito_options: one(),
      domain_endpoint_options: one(),
      ebs_options: one(),
      encrypt_at_rest: one(),
      log_publishing_options: many(),
      node_to_node_encryption: one(),
      off_peak_window_options: one({ off_peak_window: one({ window_start_time: one() }) }),
      snapshot_options: one(),
      software_update_options: one(),
      vpc_options: one(),
    },
  },
  aws_rds_cluster: {
    token: 'aws:rds/cluster:Cluster',
    blocks: {
      master_user_secret: many('masterUserSecrets'),
      restore_to_point_in_time: one(),
      s3_import: one(),
      scaling_configuration: one(),
      serverlessv2_scaling_configuration: one(),
    },
  },
  aws_redshift_parameter_group: { token: 'aws:redshift/parameterGroup:ParameterGroup', blocks: { parameter: many('parameters') } },
  aws_secretsmanager_secret: { token: 'aws:secretsmanager/secret:Secret', blocks: { replica: many('replicas') } },
  aws_secretsmanager_secret_rotation: { token: 'aws:secretsmanager/secretRotation:SecretRotation', blocks: { rotation_rules: one() } },

  // Common types whose token the aws_<module>_<name> rule cannot spell.
  aws_db_subnet_group: { token: 'aws:rds/subnetGroup:SubnetGroup' },
  aws_s3_object: { token: 'aws:s3/bucketObjectv2:BucketObjectv2' },
};
