// Databases and data stores: RDS/Aurora, DynamoDB, EFS, OpenSearch, Redshift, ElastiCache, DocumentDB.
import type { ResourceView } from '../resource.js';
import { fsbp, isSetTrue, notTrue, propertyCheck, type IacRule } from './types.js';

const notAurora = (r: ResourceView) => !r.get('Engine').some((e) => typeof e === 'string' && e.startsWith('aurora'));
const tfNotAurora = (r: ResourceView) => !r.get('engine').some((e) => typeof e === 'string' && e.startsWith('aurora'));

const dbCfn = (props: string) => `  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: "20"\n${props}`;
const dbTf = (body: string) => `resource "aws_db_instance" "db" {\n  engine = "postgres"\n  instance_class = "db.t3.micro"\n  allocated_storage = 20\n${body}}\n`;
const clusterCfn = (props: string) => `  Cluster:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-postgresql\n${props}`;
const clusterTf = (body: string) => `resource "aws_rds_cluster" "c" {\n  engine = "aurora-postgresql"\n${body}}\n`;

interface Simple {
  id: string;
  title: string;
  severity: IacRule['severity'];
  description: string;
  remediation: string;
  references: string[];
  equivalents: IacRule['equivalents'];
  cfn?: Parameters<typeof propertyCheck>[0];
  tf?: Parameters<typeof propertyCheck>[0];
  examples: IacRule['examples'];
}

/** A rule made of one property check per language. */
export function simple(s: Simple): IacRule {
  return { ...s, cfn: s.cfn && propertyCheck(s.cfn), tf: s.tf && propertyCheck(s.tf) };
}

export const dataRules: IacRule[] = [
  simple({
    id: 'PAVED-RDS-001',
    title: 'RDS DB instance storage is not encrypted',
    severity: 'high',
    description: 'Unencrypted database storage, its snapshots and read replicas expose the data to anyone who can read the snapshot.',
    remediation: 'Set StorageEncrypted: true (Terraform: storage_encrypted = true); encryption can only be chosen at creation.',
    references: fsbp('RDS.3'),
    equivalents: { checkov: ['CKV_AWS_16'], cfn_nag: ['F27'] },
    examples: { cfnBad: dbCfn(''), cfnGood: dbCfn('      StorageEncrypted: true\n'), tfBad: dbTf(''), tfGood: dbTf('  storage_encrypted = true\n') },
    cfn: { types: ['AWS::RDS::DBInstance'], path: 'StorageEncrypted', bad: notTrue, message: 'storage is not encrypted.', when: (r) => notAurora(r) && r.get('SourceDBInstanceIdentifier').every((v) => v === undefined) },
    tf: { types: ['aws_db_instance'], path: 'storage_encrypted', bad: notTrue, message: 'storage is not encrypted.', when: (r) => tfNotAurora(r) && r.get('replicate_source_db').every((v) => v === undefined) },
  }),
  simple({
    id: 'PAVED-RDS-002',
    title: 'Aurora/RDS cluster storage is not encrypted',
    severity: 'high',
    description: 'An unencrypted cluster stores data, logs, backups and snapshots in the clear.',
    remediation: 'Set StorageEncrypted: true on the DB cluster (Terraform: storage_encrypted = true).',
    references: fsbp('RDS.27'),
    equivalents: { checkov: ['CKV_AWS_96'], cfn_nag: ['F26'] },
    examples: { cfnBad: clusterCfn('      StorageEncrypted: false\n'), cfnGood: clusterCfn('      StorageEncrypted: true\n'), tfBad: clusterTf(''), tfGood: clusterTf('  storage_encrypted = true\n') },
    cfn: { types: ['AWS::RDS::DBCluster'], path: 'StorageEncrypted', bad: notTrue, message: 'cluster storage is not encrypted.', when: (r) => r.get('SnapshotIdentifier').every((v) => v === undefined) },
    tf: { types: ['aws_rds_cluster'], path: 'storage_encrypted', bad: notTrue, message: 'cluster storage is not encrypted.' },
  }),
  simple({
    id: 'PAVED-RDS-003',
    title: 'RDS DB instance is publicly accessible',
    severity: 'critical',
    description: 'A publicly accessible instance gets a public DNS name and address: the database listens on the internet.',
    remediation: 'Set PubliclyAccessible: false and connect through private subnets, a VPN or a bastion.',
    references: fsbp('RDS.2'),
    equivalents: { checkov: ['CKV_AWS_17'], cfn_nag: ['F22'] },
    examples: { cfnBad: dbCfn('      PubliclyAccessible: true\n'), cfnGood: dbCfn('      PubliclyAccessible: false\n'), tfBad: dbTf('  publicly_accessible = true\n'), tfGood: dbTf('  publicly_accessible = false\n') },
    cfn: { types: ['AWS::RDS::DBInstance'], path: 'PubliclyAccessible', bad: isSetTrue, message: 'the instance is publicly accessible.' },
    tf: { types: ['aws_db_instance', 'aws_rds_cluster_instance'], path: 'publicly_accessible', bad: isSetTrue, message: 'the instance is publicly accessible.' },
  }),
  simple({
    id: 'PAVED-RDS-004',
    title: 'RDS DB instance has no deletion protection',
    severity: 'medium',
    description: 'Without deletion protection a mistaken stack update or `terraform destroy` deletes the database.',
    remediation: 'Set DeletionProtection: true (Terraform: deletion_protection = true).',
    references: fsbp('RDS.8'),
    equivalents: { checkov: ['CKV_AWS_293'] },
    examples: { cfnBad: dbCfn(''), cfnGood: dbCfn('      DeletionProtection: true\n'), tfBad: dbTf(''), tfGood: dbTf('  deletion_protection = true\n') },
    cfn: { types: ['AWS::RDS::DBInstance'], path: 'DeletionProtection', bad: notTrue, message: 'deletion protection is off.', when: notAurora },
    tf: { types: ['aws_db_instance'], path: 'deletion_protection', bad: notTrue, message: 'deletion protection is off.' },
  }),
  simple({
    id: 'PAVED-RDS-005',
    title: 'Aurora/RDS cluster has no deletion protection',
    severity: 'medium',
    description: 'Without deletion protection a mistaken stack update or `terraform destroy` deletes the whole cluster.',
    remediation: 'Set DeletionProtection: true on the DB cluster (Terraform: deletion_protection = true).',
    references: fsbp('RDS.7'),
    equivalents: { checkov: ['CKV_AWS_139'] },
    examples: { cfnBad: clusterCfn(''), cfnGood: clusterCfn('      DeletionProtection: true\n'), tfBad: clusterTf(''), tfGood: clusterTf('  deletion_protection = true\n') },
    cfn: { types: ['AWS::RDS::DBCluster'], path: 'DeletionProtection', bad: notTrue, message: 'deletion protection is off.' },
    tf: { types: ['aws_rds_cluster'], path: 'deletion_protection', bad: notTrue, message: 'deletion protection is off.' },
  }),
  simple({
    id: 'PAVED-RDS-006',
    title: 'RDS DB instance is not Multi-AZ',
    severity: 'low',
    description: 'A single-AZ instance is unavailable during an AZ outage and during maintenance.',
    remediation: 'Set MultiAZ: true for production databases (Terraform: multi_az = true).',
    references: fsbp('RDS.5'),
    equivalents: { checkov: ['CKV_AWS_157'] },
    examples: { cfnBad: dbCfn(''), cfnGood: dbCfn('      MultiAZ: true\n'), tfBad: dbTf(''), tfGood: dbTf('  multi_az = true\n') },
    cfn: { types: ['AWS::RDS::DBInstance'], path: 'MultiAZ', bad: notTrue, message: 'the instance is not Multi-AZ.', when: notAurora },
    tf: { types: ['aws_db_instance'], path: 'multi_az', bad: notTrue, message: 'the instance is not Multi-AZ.' },
  }),
  simple({
    id: 'PAVED-RDS-007',
    title: 'RDS IAM database authentication is not enabled',
    severity: 'low',
    description: 'Without IAM authentication, access relies on long-lived database passwords that are hard to rotate and audit.',
    remediation: 'Set EnableIAMDatabaseAuthentication: true (Terraform: iam_database_authentication_enabled = true).',
    references: fsbp('RDS.10'),
    equivalents: { checkov: ['CKV_AWS_161'] },
    examples: { cfnBad: dbCfn(''), cfnGood: dbCfn('      EnableIAMDatabaseAuthentication: true\n'), tfBad: dbTf(''), tfGood: dbTf('  iam_database_authentication_enabled = true\n') },
    cfn: { types: ['AWS::RDS::DBInstance'], path: 'EnableIAMDatabaseAuthentication', bad: notTrue, message: 'IAM authentication is off.', when: notAurora },
    tf: { types: ['aws_db_instance'], path: 'iam_database_authentication_enabled', bad: notTrue, message: 'IAM authentication is off.' },
  }),
  simple({
    id: 'PAVED-DDB-001',
    title: 'DynamoDB table has no point-in-time recovery',
    severity: 'medium',
    description: 'Without PITR a bad write or delete cannot be undone; only on-demand backups (if any) remain.',
    remediation: 'Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true (Terraform: point_in_time_recovery { enabled = true }).',
    references: fsbp('DynamoDB.2'),
    equivalents: { checkov: ['CKV_AWS_28'] },
    examples: {
      cfnBad: '  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n',
      cfnGood: '  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n',
      tfBad: 'resource "aws_dynamodb_table" "t" {\n  name = "t"\n  hash_key = "id"\n}\n',
      tfGood: 'resource "aws_dynamodb_table" "t" {\n  name = "t"\n  hash_key = "id"\n  point_in_time_recovery {\n    enabled = true\n  }\n}\n',
    },
    cfn: { types: ['AWS::DynamoDB::Table'], path: 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', bad: notTrue, message: 'point-in-time recovery is off.' },
    tf: { types: ['aws_dynamodb_table'], path: 'point_in_time_recovery.0.enabled', bad: notTrue, message: 'point-in-time recovery is off.' },
  }),
  simple({
    id: 'PAVED-EFS-001',
    title: 'EFS file system is not encrypted',
    severity: 'high',
    description: 'An unencrypted file system stores its files in the clear.',
    remediation: 'Set Encrypted: true (Terraform: encrypted = true).',
    references: fsbp('EFS.1'),
    equivalents: { checkov: ['CKV_AWS_42'], cfn_nag: ['F32'] },
    examples: {
      cfnBad: '  Fs:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      PerformanceMode: generalPurpose\n',
      cfnGood: '  Fs:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: true\n',
      tfBad: 'resource "aws_efs_file_system" "fs" {\n  creation_token = "fs"\n}\n',
      tfGood: 'resource "aws_efs_file_system" "fs" {\n  creation_token = "fs"\n  encrypted = true\n}\n',
    },
    cfn: { types: ['AWS::EFS::FileSystem'], path: 'Encrypted', bad: notTrue, message: 'the file system is not encrypted.' },
    tf: { types: ['aws_efs_file_system'], path: 'encrypted', bad: notTrue, message: 'the file system is not encrypted.' },
  }),
  simple({
    id: 'PAVED-ES-001',
    title: 'OpenSearch domain is not encrypted at rest',
    severity: 'high',
    description: 'Index data, logs and snapshots of the domain are stored in the clear.',
    remediation: 'Set EncryptionAtRestOptions.Enabled: true (Terraform: encrypt_at_rest { enabled = true }).',
    references: fsbp('Opensearch.1', 'ES.1'),
    equivalents: { checkov: ['CKV_AWS_5'] },
    examples: {
      cfnBad: '  Search:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      EngineVersion: OpenSearch_2.11\n',
      cfnGood: '  Search:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      EncryptionAtRestOptions:\n        Enabled: true\n',
      tfBad: 'resource "aws_opensearch_domain" "d" {\n  domain_name = "d"\n}\n',
      tfGood: 'resource "aws_opensearch_domain" "d" {\n  domain_name = "d"\n  encrypt_at_rest {\n    enabled = true\n  }\n}\n',
    },
    cfn: { types: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'], path: 'EncryptionAtRestOptions.Enabled', bad: notTrue, message: 'encryption at rest is off.' },
    tf: { types: ['aws_opensearch_domain', 'aws_elasticsearch_domain'], path: 'encrypt_at_rest.0.enabled', bad: notTrue, message: 'encryption at rest is off.' },
  }),
  simple({
    id: 'PAVED-ES-002',
    title: 'OpenSearch domain has no node-to-node encryption',
    severity: 'medium',
    description: 'Traffic between the nodes of the domain travels unencrypted inside the VPC.',
    remediation: 'Set NodeToNodeEncryptionOptions.Enabled: true (Terraform: node_to_node_encryption { enabled = true }).',
    references: fsbp('Opensearch.3', 'ES.3'),
    equivalents: { checkov: ['CKV_AWS_6'] },
    examples: {
      cfnBad: '  Search:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      EngineVersion: OpenSearch_2.11\n',
      cfnGood: '  Search:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      NodeToNodeEncryptionOptions:\n        Enabled: true\n',
      tfBad: 'resource "aws_opensearch_domain" "d" {\n  domain_name = "d"\n}\n',
      tfGood: 'resource "aws_opensearch_domain" "d" {\n  domain_name = "d"\n  node_to_node_encryption {\n    enabled = true\n  }\n}\n',
    },
    cfn: { types: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'], path: 'NodeToNodeEncryptionOptions.Enabled', bad: notTrue, message: 'node-to-node encryption is off.' },
    tf: { types: ['aws_opensearch_domain', 'aws_elasticsearch_domain'], path: 'node_to_node_encryption.0.enabled', bad: notTrue, message: 'node-to-node encryption is off.' },
  }),
  simple({
    id: 'PAVED-ES-003',
    title: 'OpenSearch domain does not enforce HTTPS',
    severity: 'medium',
    description: 'Clients can talk to the domain endpoint over plain HTTP, exposing queries and credentials.',
    remediation: 'Set DomainEndpointOptions.EnforceHTTPS: true (Terraform: domain_endpoint_options { enforce_https = true }).',
    references: fsbp('Opensearch.8', 'ES.8'),
    equivalents: { checkov: ['CKV_AWS_83'] },
    examples: {
      cfnBad: '  Search:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainEndpointOptions:\n        EnforceHTTPS: false\n',
      cfnGood: '  Search:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainEndpointOptions:\n        EnforceHTTPS: true\n',
      tfBad: 'resource "aws_opensearch_domain" "d" {\n  domain_name = "d"\n}\n',
      tfGood: 'resource "aws_opensearch_domain" "d" {\n  domain_name = "d"\n  domain_endpoint_options {\n    enforce_https = true\n  }\n}\n',
    },
    cfn: { types: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'], path: 'DomainEndpointOptions.EnforceHTTPS', bad: notTrue, message: 'HTTPS is not enforced.' },
    tf: { types: ['aws_opensearch_domain', 'aws_elasticsearch_domain'], path: 'domain_endpoint_options.0.enforce_https', bad: notTrue, message: 'HTTPS is not enforced.' },
  }),
  simple({
    id: 'PAVED-REDSHIFT-001',
    title: 'Redshift cluster is not encrypted',
    severity: 'high',
    description: 'The data warehouse and its snapshots are stored in the clear.',
    remediation: 'Set Encrypted: true (Terraform: encrypted = true).',
    references: fsbp('Redshift.10'),
    equivalents: { checkov: ['CKV_AWS_64'], cfn_nag: ['F28'] },
    examples: {
      cfnBad: '  Dw:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      NodeType: ra3.xlplus\n',
      cfnGood: '  Dw:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      NodeType: ra3.xlplus\n      Encrypted: true\n',
      tfBad: 'resource "aws_redshift_cluster" "dw" {\n  cluster_identifier = "dw"\n  node_type = "ra3.xlplus"\n}\n',
      tfGood: 'resource "aws_redshift_cluster" "dw" {\n  cluster_identifier = "dw"\n  node_type = "ra3.xlplus"\n  encrypted = true\n}\n',
    },
    cfn: { types: ['AWS::Redshift::Cluster'], path: 'Encrypted', bad: notTrue, message: 'the cluster is not encrypted.' },
    tf: { types: ['aws_redshift_cluster'], path: 'encrypted', bad: notTrue, message: 'the cluster is not encrypted.' },
  }),
  simple({
    id: 'PAVED-REDSHIFT-002',
    title: 'Redshift cluster is publicly accessible',
    severity: 'critical',
    description: 'A publicly accessible cluster has an address on the internet.',
    remediation: 'Set PubliclyAccessible: false (Terraform: publicly_accessible = false).',
    references: fsbp('Redshift.1'),
    equivalents: { checkov: ['CKV_AWS_87'] },
    examples: {
      cfnBad: '  Dw:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      PubliclyAccessible: true\n',
      cfnGood: '  Dw:\n    Type: AWS::Redshift::Cluster\n    Properties:\n      PubliclyAccessible: false\n',
      tfBad: 'resource "aws_redshift_cluster" "dw" {\n  cluster_identifier = "dw"\n  publicly_accessible = true\n}\n',
      tfGood: 'resource "aws_redshift_cluster" "dw" {\n  cluster_identifier = "dw"\n  publicly_accessible = false\n}\n',
    },
    cfn: { types: ['AWS::Redshift::Cluster'], path: 'PubliclyAccessible', bad: isSetTrue, message: 'the cluster is publicly accessible.' },
    tf: { types: ['aws_redshift_cluster'], path: 'publicly_accessible', bad: isSetTrue, message: 'the cluster is publicly accessible.' },
  }),
  simple({
    id: 'PAVED-ELASTICACHE-001',
    title: 'ElastiCache replication group is not encrypted at rest',
    severity: 'medium',
    description: 'Cached data and backups are stored unencrypted.',
    remediation: 'Set AtRestEncryptionEnabled: true (Terraform: at_rest_encryption_enabled = true).',
    references: [],
    equivalents: { checkov: ['CKV_AWS_29'] },
    examples: {
      cfnBad: '  Cache:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: cache\n',
      cfnGood: '  Cache:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: cache\n      AtRestEncryptionEnabled: true\n',
      tfBad: 'resource "aws_elasticache_replication_group" "c" {\n  replication_group_id = "c"\n  description = "cache"\n}\n',
      tfGood: 'resource "aws_elasticache_replication_group" "c" {\n  replication_group_id = "c"\n  description = "cache"\n  at_rest_encryption_enabled = true\n}\n',
    },
    cfn: { types: ['AWS::ElastiCache::ReplicationGroup'], path: 'AtRestEncryptionEnabled', bad: notTrue, message: 'encryption at rest is off.' },
    tf: { types: ['aws_elasticache_replication_group'], path: 'at_rest_encryption_enabled', bad: notTrue, message: 'encryption at rest is off.' },
  }),
  simple({
    id: 'PAVED-ELASTICACHE-002',
    title: 'ElastiCache replication group is not encrypted in transit',
    severity: 'medium',
    description: 'Clients and replicas exchange cached data (often sessions and tokens) in clear text.',
    remediation: 'Set TransitEncryptionEnabled: true (Terraform: transit_encryption_enabled = true).',
    references: fsbp('ElastiCache.5'),
    equivalents: { checkov: ['CKV_AWS_30'] },
    examples: {
      cfnBad: '  Cache:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: cache\n',
      cfnGood: '  Cache:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: cache\n      TransitEncryptionEnabled: true\n',
      tfBad: 'resource "aws_elasticache_replication_group" "c" {\n  replication_group_id = "c"\n  description = "cache"\n}\n',
      tfGood: 'resource "aws_elasticache_replication_group" "c" {\n  replication_group_id = "c"\n  description = "cache"\n  transit_encryption_enabled = true\n}\n',
    },
    cfn: { types: ['AWS::ElastiCache::ReplicationGroup'], path: 'TransitEncryptionEnabled', bad: notTrue, message: 'encryption in transit is off.' },
    tf: { types: ['aws_elasticache_replication_group'], path: 'transit_encryption_enabled', bad: notTrue, message: 'encryption in transit is off.' },
  }),
  simple({
    id: 'PAVED-DOCDB-001',
    title: 'DocumentDB cluster is not encrypted',
    severity: 'high',
    description: 'The cluster stores documents and backups in the clear.',
    remediation: 'Set StorageEncrypted: true (Terraform: storage_encrypted = true).',
    references: fsbp('DocumentDB.1'),
    equivalents: { checkov: ['CKV_AWS_74'] },
    examples: {
      cfnBad: '  Docs:\n    Type: AWS::DocDB::DBCluster\n    Properties:\n      MasterUsername: admin\n',
      cfnGood: '  Docs:\n    Type: AWS::DocDB::DBCluster\n    Properties:\n      StorageEncrypted: true\n',
      tfBad: 'resource "aws_docdb_cluster" "d" {\n  cluster_identifier = "d"\n}\n',
      tfGood: 'resource "aws_docdb_cluster" "d" {\n  cluster_identifier = "d"\n  storage_encrypted = true\n}\n',
    },
    cfn: { types: ['AWS::DocDB::DBCluster'], path: 'StorageEncrypted', bad: notTrue, message: 'storage is not encrypted.' },
    tf: { types: ['aws_docdb_cluster'], path: 'storage_encrypted', bad: notTrue, message: 'storage is not encrypted.' },
  }),
];
