// EC2 networking and instances: security groups, EBS, instance metadata, public IPs, subnets, VPCs.
import { UNKNOWN } from '../model.js';
import { asNumber, isObject } from '../evaluate.js';
import type { ResourceView } from '../resource.js';
import type { Violation } from '../model.js';
import { at, companions, fsbp, isSetTrue, missing, notTrue, propertyCheck, type IacRule } from './types.js';

interface Ingress {
  protocol: unknown;
  from: number | undefined;
  to: number | undefined;
  cidrs: unknown[];
  path: string;
}

const world = (c: unknown) => c === '0.0.0.0/0' || c === '::/0';

/** Ingress rules of a security group resource (inline or standalone), all languages. */
function ingressRules(r: ResourceView): Ingress[] {
  const out: Ingress[] = [];
  const add = (rule: unknown, path: string, keys: { proto: string; from: string; to: string; cidrs: string[] }) => {
    if (!isObject(rule)) return;
    const one = (k: string) => r.within(rule, k);
    const cidrs = keys.cidrs.flatMap((k) => r.within(rule, `${k}.*`));
    for (const proto of one(keys.proto))
      for (const from of one(keys.from))
        for (const to of one(keys.to)) out.push({ protocol: proto, from: from === UNKNOWN ? NaN : asNumber(from), to: to === UNKNOWN ? NaN : asNumber(to), cidrs, path });
  };
  const cfnKeys = { proto: 'IpProtocol', from: 'FromPort', to: 'ToPort', cidrs: ['CidrIp', 'CidrIpv6'] };
  const tfKeys = { proto: 'protocol', from: 'from_port', to: 'to_port', cidrs: ['cidr_blocks', 'ipv6_cidr_blocks'] };
  switch (r.type) {
    case 'AWS::EC2::SecurityGroup':
      for (const rule of r.get('SecurityGroupIngress.*')) add(rule, 'SecurityGroupIngress', cfnKeys);
      break;
    case 'AWS::EC2::SecurityGroupIngress':
      add(r.props, '', cfnKeys);
      break;
    case 'aws_security_group':
      for (const rule of r.get('ingress.*')) add(rule, 'ingress', tfKeys);
      break;
    case 'aws_security_group_rule':
      if (r.get('type').includes('ingress')) add(r.props, '', tfKeys);
      break;
    case 'aws_vpc_security_group_ingress_rule':
      add(r.props, '', { proto: 'ip_protocol', from: 'from_port', to: 'to_port', cidrs: ['cidr_ipv4', 'cidr_ipv6'] });
      break;
  }
  return out;
}

const allProtocols = (p: unknown) => p === '-1' || p === -1 || p === 'all';

/** Does an ingress rule open `port` (or every port when port is undefined) to the internet? */
function opens(rule: Ingress, port?: number): boolean {
  if (!rule.cidrs.some(world)) return false;
  if (rule.protocol === UNKNOWN) return false;
  if (allProtocols(rule.protocol)) return true;
  if (rule.from === undefined || rule.to === undefined || Number.isNaN(rule.from) || Number.isNaN(rule.to)) return false;
  if (port === undefined) return rule.from <= 0 && rule.to >= 65535;
  return rule.from <= port && port <= rule.to;
}

const sgTypesCfn = ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'];
const sgTypesTf = ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'];

function portCheck(ports: number[] | undefined, what: string) {
  return (r: ResourceView): Violation[] =>
    ingressRules(r)
      .filter((rule) => (ports ? ports.some((p) => opens(rule, p)) : opens(rule)))
      .map((rule) => at(r, rule.path, `${r.name} allows ${what} from the internet (0.0.0.0/0 or ::/0).`));
}

const sgCfn = (from: number, to: number, cidr = '0.0.0.0/0', proto = 'tcp') =>
  `  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: sg\n      SecurityGroupIngress:\n        - IpProtocol: ${proto}\n          FromPort: ${from}\n          ToPort: ${to}\n          CidrIp: ${cidr}\n`;
const sgTf = (from: number, to: number, cidr = '0.0.0.0/0', proto = 'tcp') =>
  `resource "aws_security_group" "sg" {\n  name = "sg"\n  ingress {\n    from_port = ${from}\n    to_port = ${to}\n    protocol = "${proto}"\n    cidr_blocks = ["${cidr}"]\n  }\n}\n`;

const portRule = (id: string, title: string, ports: number[] | undefined, what: string, severity: IacRule['severity'], refs: string[], eq: IacRule['equivalents'], bad: [number, number, string?], good: [number, number, string?]): IacRule => ({
  id,
  title,
  severity,
  description: `Exposing ${what} to the whole internet invites brute-force attacks and exploitation of the service behind it.`,
  remediation: 'Allow only known CIDR ranges or other security groups; reach administrative ports through SSM Session Manager or a bastion.',
  references: refs,
  equivalents: eq,
  examples: { cfnBad: sgCfn(bad[0], bad[1], '0.0.0.0/0', bad[2]), cfnGood: sgCfn(good[0], good[1], '10.0.0.0/8', good[2]), tfBad: sgTf(bad[0], bad[1], '0.0.0.0/0', bad[2]), tfGood: sgTf(good[0], good[1], '10.0.0.0/8', good[2]) },
  cfn: { types: sgTypesCfn, check: portCheck(ports, what) },
  tf: { types: sgTypesTf, check: portCheck(ports, what) },
});

export const databasePorts = [1433, 1521, 3306, 5432, 5439, 6379, 9200, 9300, 11211, 27017, 2379, 9042];

const cfnInstance = (props: string) => `  Vm:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n${props}`;
const tfInstance = (body: string) => `resource "aws_instance" "vm" {\n  ami = "ami-12345678"\n  instance_type = "t3.micro"\n${body}}\n`;

export const ec2Rules: IacRule[] = [
  portRule('PAVED-EC2-001', 'Security group allows SSH (22) from the internet', [22], 'SSH (port 22)', 'high', fsbp('EC2.13', 'EC2.53', 'EC2.54'), { checkov: ['CKV_AWS_24'], cfn_nag: ['W2'] }, [22, 22], [22, 22]),
  portRule('PAVED-EC2-002', 'Security group allows RDP (3389) from the internet', [3389], 'RDP (port 3389)', 'high', fsbp('EC2.14', 'EC2.53', 'EC2.54'), { checkov: ['CKV_AWS_25'], cfn_nag: ['W2'] }, [3389, 3389], [3389, 3389]),
  portRule('PAVED-EC2-003', 'Security group allows all ports from the internet', undefined, 'every port and protocol', 'critical', fsbp('EC2.18', 'EC2.19'), { checkov: ['CKV_AWS_277'], cfn_nag: ['W2', 'W27'] }, [0, 65535, '-1'], [443, 443]),
  portRule('PAVED-EC2-004', 'Security group allows a database port from the internet', databasePorts, 'a database or cache port', 'high', fsbp('EC2.19'), { cfn_nag: ['W2'] }, [5432, 5432], [443, 443]),
  {
    id: 'PAVED-EC2-005',
    title: 'EBS volume is not encrypted',
    severity: 'high',
    description: 'An unencrypted volume, and every snapshot taken from it, exposes its data to anyone who can read the snapshot or the underlying storage.',
    remediation: 'Set Encrypted: true (and KmsKeyId for a customer-managed key), or enable EBS encryption by default in the account.',
    references: fsbp('EC2.3', 'EC2.7'),
    equivalents: { checkov: ['CKV_AWS_3'], cfn_nag: ['F1'] },
    examples: {
      cfnBad: '  Vol:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: eu-west-1a\n      Size: 10\n',
      cfnGood: '  Vol:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: eu-west-1a\n      Size: 10\n      Encrypted: true\n',
      tfBad: 'resource "aws_ebs_volume" "v" {\n  availability_zone = "eu-west-1a"\n  size = 10\n}\n',
      tfGood: 'resource "aws_ebs_volume" "v" {\n  availability_zone = "eu-west-1a"\n  size = 10\n  encrypted = true\n}\n',
    },
    cfn: propertyCheck({ types: ['AWS::EC2::Volume'], path: 'Encrypted', bad: notTrue, message: 'the volume is not encrypted.' }),
    tf: propertyCheck({ types: ['aws_ebs_volume'], path: 'encrypted', bad: notTrue, message: 'the volume is not encrypted.' }),
  },
  {
    id: 'PAVED-EC2-006',
    title: 'Instance or launch template block device is not encrypted',
    severity: 'high',
    description: 'Root and data volumes created from an unencrypted block device mapping store data in the clear.',
    remediation: 'Set Ebs.Encrypted: true on every block device mapping (Terraform: encrypted = true in root_block_device / ebs_block_device).',
    references: fsbp('EC2.3'),
    equivalents: { checkov: ['CKV_AWS_8'] },
    examples: {
      cfnBad: '  Lt:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        BlockDeviceMappings:\n          - DeviceName: /dev/xvda\n            Ebs:\n              VolumeSize: 20\n',
      cfnGood: '  Lt:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        BlockDeviceMappings:\n          - DeviceName: /dev/xvda\n            Ebs:\n              VolumeSize: 20\n              Encrypted: true\n',
      tfBad: tfInstance('  root_block_device {\n    volume_size = 20\n  }\n'),
      tfGood: tfInstance('  root_block_device {\n    volume_size = 20\n    encrypted = true\n  }\n'),
    },
    cfn: {
      types: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration'],
      check: (r) => {
        const base = r.type === 'AWS::EC2::LaunchTemplate' ? 'LaunchTemplateData.BlockDeviceMappings' : 'BlockDeviceMappings';
        const bad = r.get(`${base}.*`).some((m) => isObject(m) && 'Ebs' in m && r.within(m, 'Ebs.Encrypted').some((v) => v !== UNKNOWN && notTrue(v)));
        return bad ? [at(r, base, `${r.name} has a block device mapping without Ebs.Encrypted: true.`)] : [];
      },
    },
    tf: {
      types: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'],
      check: (r) => {
        const paths = r.type === 'aws_launch_template' ? ['block_device_mappings.*.ebs.*'] : ['root_block_device.*', 'ebs_block_device.*'];
        const bad = paths.some((p) => r.get(p).some((d) => isObject(d) && r.within(d, 'encrypted').some((v) => v !== UNKNOWN && notTrue(v))));
        return bad ? [at(r, paths[0].split('.')[0], `${r.name} has a block device without encrypted = true.`)] : [];
      },
    },
  },
  {
    id: 'PAVED-EC2-007',
    title: 'Instance metadata service v1 (IMDSv1) is allowed',
    severity: 'high',
    description: 'IMDSv1 answers unauthenticated GET requests, so an SSRF bug in the application can steal the instance role credentials.',
    remediation: 'Require session tokens: MetadataOptions.HttpTokens: required (Terraform: metadata_options { http_tokens = "required" }).',
    references: fsbp('EC2.8', 'AutoScaling.3'),
    equivalents: { checkov: ['CKV_AWS_79'] },
    examples: {
      cfnBad: '  Lt:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        InstanceType: t3.micro\n',
      cfnGood: '  Lt:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        MetadataOptions:\n          HttpTokens: required\n',
      tfBad: tfInstance(''),
      tfGood: tfInstance('  metadata_options {\n    http_tokens = "required"\n  }\n'),
    },
    cfn: {
      types: ['AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration'],
      check: (r) => {
        const path = r.type === 'AWS::EC2::LaunchTemplate' ? 'LaunchTemplateData.MetadataOptions' : 'MetadataOptions';
        const bad = r.get(`${path}.HttpTokens`).some((v) => v !== UNKNOWN && v !== 'required') && !r.get(`${path}.HttpEndpoint`).every((v) => v === 'disabled');
        return bad ? [at(r, path, `${r.name} does not require IMDSv2 (HttpTokens: required).`)] : [];
      },
    },
    tf: {
      types: ['aws_instance', 'aws_launch_template', 'aws_launch_configuration'],
      check: (r) => {
        const bad = r.get('metadata_options.0.http_tokens').some((v) => v !== UNKNOWN && v !== 'required') && !r.get('metadata_options.0.http_endpoint').every((v) => v === 'disabled');
        return bad ? [at(r, 'metadata_options', `${r.name} does not require IMDSv2 (http_tokens = "required").`)] : [];
      },
    },
  },
  {
    id: 'PAVED-EC2-008',
    title: 'EC2 instance gets a public IP address',
    severity: 'medium',
    description: 'A public IP makes the instance reachable from the internet, one security group mistake away from exposure.',
    remediation: 'Place instances in private subnets behind a load balancer; set AssociatePublicIpAddress: false.',
    references: fsbp('EC2.9'),
    equivalents: { checkov: ['CKV_AWS_88'] },
    examples: {
      cfnBad: cfnInstance('      NetworkInterfaces:\n        - DeviceIndex: "0"\n          AssociatePublicIpAddress: true\n          SubnetId: subnet-1\n'),
      cfnGood: cfnInstance('      NetworkInterfaces:\n        - DeviceIndex: "0"\n          AssociatePublicIpAddress: false\n          SubnetId: subnet-1\n'),
      tfBad: tfInstance('  associate_public_ip_address = true\n'),
      tfGood: tfInstance('  associate_public_ip_address = false\n'),
    },
    cfn: propertyCheck({ types: ['AWS::EC2::Instance'], path: 'NetworkInterfaces.*.AssociatePublicIpAddress', bad: isSetTrue, message: 'a network interface gets a public IP address.' }),
    tf: propertyCheck({ types: ['aws_instance'], path: 'associate_public_ip_address', bad: isSetTrue, message: 'the instance gets a public IP address.' }),
  },
  {
    id: 'PAVED-EC2-009',
    title: 'Subnet assigns public IP addresses on launch',
    severity: 'medium',
    description: 'Every instance launched into the subnet gets a public address, whether or not it should be reachable.',
    remediation: 'Set MapPublicIpOnLaunch: false and give public addresses only to load balancers or NAT gateways.',
    references: fsbp('EC2.15'),
    equivalents: { checkov: ['CKV_AWS_130'] },
    examples: {
      cfnBad: '  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: vpc-1\n      CidrBlock: 10.0.0.0/24\n      MapPublicIpOnLaunch: true\n',
      cfnGood: '  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: vpc-1\n      CidrBlock: 10.0.0.0/24\n',
      tfBad: 'resource "aws_subnet" "s" {\n  vpc_id = "vpc-1"\n  cidr_block = "10.0.0.0/24"\n  map_public_ip_on_launch = true\n}\n',
      tfGood: 'resource "aws_subnet" "s" {\n  vpc_id = "vpc-1"\n  cidr_block = "10.0.0.0/24"\n}\n',
    },
    cfn: propertyCheck({ types: ['AWS::EC2::Subnet'], path: 'MapPublicIpOnLaunch', bad: isSetTrue, message: 'the subnet maps public IPs on launch.' }),
    tf: propertyCheck({ types: ['aws_subnet'], path: 'map_public_ip_on_launch', bad: isSetTrue, message: 'the subnet maps public IPs on launch.' }),
  },
  {
    id: 'PAVED-EC2-010',
    title: 'VPC has no flow logs',
    severity: 'medium',
    description: 'Without flow logs there is no record of the traffic in the VPC for detecting or investigating an intrusion.',
    remediation: 'Add an AWS::EC2::FlowLog (Terraform: aws_flow_log) with ResourceId referring to the VPC.',
    references: fsbp('EC2.6'),
    equivalents: { checkov: ['CKV2_AWS_11'] },
    examples: {
      cfnBad: '  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n',
      cfnGood: '  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  FlowLog:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceId: !Ref Vpc\n      ResourceType: VPC\n      TrafficType: ALL\n      LogDestinationType: s3\n      LogDestination: arn:aws:s3:::flow-logs\n',
      tfBad: 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n',
      tfGood: 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_flow_log" "main" {\n  vpc_id = aws_vpc.main.id\n  traffic_type = "ALL"\n  log_destination = "arn:aws:s3:::flow-logs"\n  log_destination_type = "s3"\n}\n',
    },
    cfn: { types: ['AWS::EC2::VPC'], check: (r) => (companions(r, 'AWS::EC2::FlowLog', 'ResourceId').length ? [] : [at(r, '', `${r.name} has no AWS::EC2::FlowLog.`)]) },
    tf: { types: ['aws_vpc'], check: (r) => (companions(r, 'aws_flow_log', 'vpc_id').length ? [] : [at(r, '', `${r.name} has no aws_flow_log.`)]) },
  },
  {
    id: 'PAVED-EC2-011',
    title: 'Security group rule has no description',
    severity: 'low',
    description: 'Rules without descriptions cannot be reviewed: nobody knows why a port is open or whether it still needs to be.',
    remediation: 'Give every ingress rule a Description (Terraform: description).',
    references: [],
    equivalents: { checkov: ['CKV_AWS_23'] },
    examples: {
      cfnBad: sgCfn(443, 443, '10.0.0.0/8'),
      cfnGood: sgCfn(443, 443, '10.0.0.0/8').replace('CidrIp: 10.0.0.0/8', 'CidrIp: 10.0.0.0/8\n          Description: HTTPS from the office'),
      tfBad: sgTf(443, 443, '10.0.0.0/8'),
      tfGood: sgTf(443, 443, '10.0.0.0/8').replace('protocol = "tcp"', 'protocol = "tcp"\n    description = "HTTPS from the office"').replace('name = "sg"', 'name = "sg"\n  description = "web"'),
    },
    cfn: propertyCheck({ types: ['AWS::EC2::SecurityGroup'], path: 'SecurityGroupIngress.*.Description', bad: missing, message: 'an ingress rule has no Description.' }),
    tf: propertyCheck({ types: ['aws_security_group'], path: 'ingress.*.description', bad: missing, message: 'an ingress rule has no description.' }),
  },
];
