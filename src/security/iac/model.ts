// The IaC scanner's own words.
// Glossary:
//   document    one parsed unit: a CloudFormation template, a Terraform module (all .tf files of a folder),
//               one Kubernetes object, one Dockerfile
//   resource    what a finding is about: a CloudFormation logical id, a Terraform address
//               (`aws_s3_bucket.logs`), a Kubernetes `Kind/namespace/name`, a Dockerfile stage
//   possible    an evaluated value: one concrete value per branch of every `Fn::If`, or UNKNOWN
//   UNKNOWN     a value that cannot be known before deployment (an attribute of another resource, an
//               import, a parameter without a default): it is neither a pass nor a fail
//   violation   what a check returns when a concrete value breaks its rule
import type { Severity } from '../finding.js';

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export type IacKind = 'cloudformation' | 'terraform' | 'kubernetes' | 'dockerfile';

/** Where something is in a file: 1-based line and column (0 when unknown). */
export interface Position {
  line: number;
  column: number;
}

/** A rule's verdict on one resource: the message and, if known, the position of the offending property. */
export interface Violation {
  message: string;
  /** Dotted property path inside the resource (`BucketEncryption.ServerSideEncryptionConfiguration`). */
  path?: string;
  position?: Position;
}

/** Examples double as the rule's test fixtures and its documentation. */
export interface RuleExamples {
  /** CloudFormation: YAML of a whole `Resources:` map (the resource under test is the first). */
  cfnBad?: string;
  cfnGood?: string;
  /** A `Parameters:` section to put before the bad / good resources, for rules about parameters. */
  cfnParameters?: string;
  cfnGoodParameters?: string;
  /** Terraform source. */
  tfBad?: string;
  tfGood?: string;
  /** Kubernetes manifest YAML / Dockerfile source. */
  k8sBad?: string;
  k8sGood?: string;
  dockerBad?: string;
  dockerGood?: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  severity: Severity;
  /** The risk, in a sentence or two. */
  description: string;
  remediation: string;
  /** AWS Foundational Security Best Practices ids (`[S3.14]`) and links. */
  references: string[];
  equivalents: { checkov?: string[]; cfn_nag?: string[]; 'cfn-lint'?: string[] };
  tags?: string[];
  examples: RuleExamples;
}
