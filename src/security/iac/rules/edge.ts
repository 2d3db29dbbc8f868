// Edge and APIs: load balancers, CloudFront, API Gateway.
import { UNKNOWN } from '../model.js';
import { isObject } from '../evaluate.js';
import type { ResourceView } from '../resource.js';
import type { Violation } from '../model.js';
import { simple } from './data.js';
import { at, fsbp, missing, notTrue, type IacRule } from './types.js';

const listenerCfn = (props: string) => `  Listener:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      LoadBalancerArn: arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1\n${props}`;
const listenerTf = (body: string) => `resource "aws_lb_listener" "l" {\n  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1"\n${body}}\n`;
const forward = '      DefaultActions:\n        - Type: forward\n          TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/1\n';
const redirect = '      DefaultActions:\n        - Type: redirect\n          RedirectConfig: { Protocol: HTTPS, Port: "443", StatusCode: HTTP_301 }\n';
const tfForward = '  default_action {\n    type = "forward"\n    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/1"\n  }\n';
const tfRedirect = '  default_action {\n    type = "redirect"\n    redirect {\n      protocol = "HTTPS"\n      port = "443"\n      status_code = "HTTP_301"\n    }\n  }\n';

/** Load balancer policies that allow only TLS 1.2 or newer. */
const modernPolicy = /(TLS-1-2|FS-1-2|TLS13-1-2|TLS13-1-3)/;

function plainHttp(r: ResourceView, proto: string, actions: string, type: string): Violation[] {
  if (!r.get(proto).includes('HTTP')) return [];
  const types = r.get(`${actions}.*.${type}`);
  if (types.some((t) => t === UNKNOWN) || (types.length > 0 && types.every((t) => t === 'redirect'))) return [];
  return [at(r, proto, `${r.name}: the listener serves plain HTTP instead of redirecting to HTTPS.`)];
}

function tlsPolicy(r: ResourceView, proto: string, policy: string): Violation[] {
  if (!r.get(proto).some((p) => p === 'HTTPS' || p === 'TLS')) return [];
  return r.get(policy).some((p) => p !== UNKNOWN && !(typeof p === 'string' && modernPolicy.test(p))) ? [at(r, policy, `${r.name}: the TLS policy allows protocol versions older than TLS 1.2.`)] : [];
}

function lbAttribute(key: string, message: string) {
  return (r: ResourceView): Violation[] => {
    if (r.get('Type').some((t) => t === 'network' || t === 'gateway')) return [];
    const attrs = r.get('LoadBalancerAttributes.*');
    if (attrs.includes(UNKNOWN)) return [];
    const entry = attrs.find((a) => isObject(a) && a.Key === key);
    const ok = isObject(entry) && r.within(entry, 'Value').every((v) => v === UNKNOWN || !notTrue(v));
    return ok ? [] : [at(r, 'LoadBalancerAttributes', `${r.name}: ${message}`)];
  };
}

const lbCfn = (attrs: string) => `  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties:\n      Subnets: [subnet-1, subnet-2]\n${attrs}`;
const lbTf = (body: string) => `resource "aws_lb" "web" {\n  name = "web"\n  load_balancer_type = "application"\n${body}}\n`;

const distCfn = (config: string) => `  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n${config}`;
const distTf = (body: string) => `resource "aws_cloudfront_distribution" "cdn" {\n  enabled = true\n${body}}\n`;

export const edgeRules: IacRule[] = [
  {
    id: 'PAVED-ELB-001',
    title: 'Load balancer listener serves plain HTTP',
    severity: 'high',
    description: 'Traffic to an HTTP listener that does not redirect to HTTPS (cookies, tokens, data) can be read and changed on the way.',
    remediation: 'Use an HTTPS listener, and make the HTTP listener\'s default action a redirect to HTTPS.',
    references: fsbp('ELB.1'),
    equivalents: { checkov: ['CKV_AWS_2'], cfn_nag: ['W56'] },
    examples: {
      cfnBad: listenerCfn('      Port: 80\n      Protocol: HTTP\n' + forward),
      cfnGood: listenerCfn('      Port: 80\n      Protocol: HTTP\n' + redirect),
      tfBad: listenerTf('  port = 80\n  protocol = "HTTP"\n' + tfForward),
      tfGood: listenerTf('  port = 80\n  protocol = "HTTP"\n' + tfRedirect),
    },
    cfn: { types: ['AWS::ElasticLoadBalancingV2::Listener'], check: (r) => plainHttp(r, 'Protocol', 'DefaultActions', 'Type') },
    tf: { types: ['aws_lb_listener', 'aws_alb_listener'], check: (r) => plainHttp(r, 'protocol', 'default_action', 'type') },
  },
  {
    id: 'PAVED-ELB-002',
    title: 'Load balancer listener allows TLS older than 1.2',
    severity: 'high',
    description: 'TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by PCI DSS; the default policy still allows them.',
    remediation: 'Set SslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS 1.2+ policy).',
    references: fsbp('ELB.17'),
    equivalents: { checkov: ['CKV_AWS_103'] },
    examples: {
      cfnBad: listenerCfn('      Port: 443\n      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-2016-08\n      Certificates: [{ CertificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/1 }]\n' + forward),
      cfnGood: listenerCfn('      Port: 443\n      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n      Certificates: [{ CertificateArn: arn:aws:acm:eu-west-1:111122223333:certificate/1 }]\n' + forward),
      tfBad: listenerTf('  port = 443\n  protocol = "HTTPS"\n  certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/1"\n' + tfForward),
      tfGood: listenerTf('  port = 443\n  protocol = "HTTPS"\n  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n  certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/1"\n' + tfForward),
    },
    cfn: { types: ['AWS::ElasticLoadBalancingV2::Listener'], check: (r) => tlsPolicy(r, 'Protocol', 'SslPolicy') },
    tf: { types: ['aws_lb_listener', 'aws_alb_listener'], check: (r) => tlsPolicy(r, 'protocol', 'ssl_policy') },
  },
  {
    id: 'PAVED-ELB-003',
    title: 'Application load balancer does not drop invalid HTTP headers',
    severity: 'medium',
    description: 'Forwarding malformed headers enables HTTP desync / request smuggling against the targets.',
    remediation: 'Set the attribute routing.http.drop_invalid_header_fields.enabled = true (Terraform: drop_invalid_header_fields = true).',
    references: fsbp('ELB.4'),
    equivalents: { checkov: ['CKV_AWS_131'] },
    examples: {
      cfnBad: lbCfn(''),
      cfnGood: lbCfn('      LoadBalancerAttributes:\n        - Key: routing.http.drop_invalid_header_fields.enabled\n          Value: "true"\n'),
      tfBad: lbTf(''),
      tfGood: lbTf('  drop_invalid_header_fields = true\n'),
    },
    cfn: { types: ['AWS::ElasticLoadBalancingV2::LoadBalancer'], check: lbAttribute('routing.http.drop_invalid_header_fields.enabled', 'invalid HTTP headers are forwarded to targets.') },
    tf: { types: ['aws_lb', 'aws_alb'], check: (r) => (r.get('load_balancer_type').some((t) => t === 'network' || t === 'gateway') ? [] : r.get('drop_invalid_header_fields').some((v) => v !== UNKNOWN && notTrue(v)) ? [at(r, 'drop_invalid_header_fields', `${r.name}: invalid HTTP headers are forwarded to targets.`)] : []) },
  },
  {
    id: 'PAVED-ELB-004',
    title: 'Load balancer access logging is not enabled',
    severity: 'low',
    description: 'Without access logs there is no record of requests for investigating attacks or abuse.',
    remediation: 'Set the attribute access_logs.s3.enabled = true with a bucket (Terraform: access_logs { enabled = true }).',
    references: fsbp('ELB.5'),
    equivalents: { checkov: ['CKV_AWS_91'] },
    examples: {
      cfnBad: lbCfn(''),
      cfnGood: lbCfn('      LoadBalancerAttributes:\n        - Key: access_logs.s3.enabled\n          Value: "true"\n        - Key: access_logs.s3.bucket\n          Value: lb-logs\n'),
      tfBad: lbTf(''),
      tfGood: lbTf('  access_logs {\n    bucket = "lb-logs"\n    enabled = true\n  }\n'),
    },
    cfn: { types: ['AWS::ElasticLoadBalancingV2::LoadBalancer'], check: lbAttribute('access_logs.s3.enabled', 'access logging is off.') },
    tf: { types: ['aws_lb', 'aws_alb'], check: (r) => (r.get('access_logs.0.enabled').some((v) => v !== UNKNOWN && notTrue(v)) ? [at(r, 'access_logs', `${r.name}: access logging is off.`)] : []) },
  },
  simple({
    id: 'PAVED-CF-001',
    title: 'CloudFront distribution allows TLS older than 1.2',
    severity: 'high',
    description: 'Viewers can connect with TLS 1.0/1.1 (or SSLv3), which have known weaknesses.',
    remediation: 'Use your own certificate with ViewerCertificate.MinimumProtocolVersion: TLSv1.2_2021 (Terraform: minimum_protocol_version).',
    references: fsbp('CloudFront.3'),
    equivalents: { checkov: ['CKV_AWS_174'], cfn_nag: ['W70'] },
    examples: {
      cfnBad: distCfn('        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/1\n          MinimumProtocolVersion: TLSv1\n          SslSupportMethod: sni-only\n'),
      cfnGood: distCfn('        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/1\n          MinimumProtocolVersion: TLSv1.2_2021\n          SslSupportMethod: sni-only\n'),
      tfBad: distTf('  viewer_certificate {\n    cloudfront_default_certificate = true\n  }\n'),
      tfGood: distTf('  viewer_certificate {\n    acm_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/1"\n    minimum_protocol_version = "TLSv1.2_2021"\n    ssl_support_method = "sni-only"\n  }\n'),
    },
    cfn: { types: ['AWS::CloudFront::Distribution'], path: 'DistributionConfig.ViewerCertificate.MinimumProtocolVersion', bad: (v) => !(typeof v === 'string' && v.startsWith('TLSv1.2')), message: 'viewers may use TLS older than 1.2.' },
    tf: { types: ['aws_cloudfront_distribution'], path: 'viewer_certificate.0.minimum_protocol_version', bad: (v) => !(typeof v === 'string' && v.startsWith('TLSv1.2')), message: 'viewers may use TLS older than 1.2.' },
  }),
  {
    id: 'PAVED-CF-002',
    title: 'CloudFront distribution allows plain HTTP to viewers',
    severity: 'medium',
    description: 'ViewerProtocolPolicy allow-all serves content over HTTP, where it can be read and altered.',
    remediation: 'Set ViewerProtocolPolicy: redirect-to-https (or https-only) on every cache behaviour.',
    references: fsbp('CloudFront.3'),
    equivalents: { checkov: ['CKV_AWS_34'] },
    examples: {
      cfnBad: distCfn('        DefaultCacheBehavior:\n          TargetOriginId: web\n          ViewerProtocolPolicy: allow-all\n'),
      cfnGood: distCfn('        DefaultCacheBehavior:\n          TargetOriginId: web\n          ViewerProtocolPolicy: redirect-to-https\n'),
      tfBad: distTf('  default_cache_behavior {\n    target_origin_id = "web"\n    viewer_protocol_policy = "allow-all"\n  }\n'),
      tfGood: distTf('  default_cache_behavior {\n    target_origin_id = "web"\n    viewer_protocol_policy = "redirect-to-https"\n  }\n'),
    },
    cfn: {
      types: ['AWS::CloudFront::Distribution'],
      check: (r) => ['DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy', 'DistributionConfig.CacheBehaviors.*.ViewerProtocolPolicy'].flatMap((p) => (r.get(p).includes('allow-all') ? [at(r, p, `${r.name}: a cache behaviour allows plain HTTP.`)] : [])),
    },
    tf: {
      types: ['aws_cloudfront_distribution'],
      check: (r) => ['default_cache_behavior.*.viewer_protocol_policy', 'ordered_cache_behavior.*.viewer_protocol_policy'].flatMap((p) => (r.get(p).includes('allow-all') ? [at(r, p, `${r.name}: a cache behaviour allows plain HTTP.`)] : [])),
    },
  },
  simple({
    id: 'PAVED-CF-003',
    title: 'CloudFront distribution access logging is not enabled',
    severity: 'low',
    description: 'Without access logs there is no record of viewer requests for investigating attacks or abuse.',
    remediation: 'Set DistributionConfig.Logging with a bucket (Terraform: logging_config).',
    references: fsbp('CloudFront.5'),
    equivalents: { checkov: ['CKV_AWS_86'], cfn_nag: ['W10'] },
    examples: {
      cfnBad: distCfn('        Comment: web\n'),
      cfnGood: distCfn('        Logging:\n          Bucket: cdn-logs.s3.amazonaws.com\n'),
      tfBad: distTf(''),
      tfGood: distTf('  logging_config {\n    bucket = "cdn-logs.s3.amazonaws.com"\n  }\n'),
    },
    cfn: { types: ['AWS::CloudFront::Distribution'], path: 'DistributionConfig.Logging', bad: missing, message: 'access logging is off.' },
    tf: { types: ['aws_cloudfront_distribution'], path: 'logging_config', bad: missing, message: 'access logging is off.' },
  }),
  {
    id: 'PAVED-APIGW-001',
    title: 'API Gateway stage has no access logging',
    severity: 'medium',
    description: 'Without access logs there is no record of who called the API, for detecting abuse or investigating incidents.',
    remediation: 'Set AccessLogSetting (HTTP APIs: AccessLogSettings) with a log group ARN and format (Terraform: access_log_settings).',
    references: fsbp('APIGateway.1', 'APIGateway.9'),
    equivalents: { checkov: ['CKV_AWS_76', 'CKV_AWS_95'], cfn_nag: ['W69'] },
    examples: {
      cfnBad: '  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: api\n      StageName: prod\n',
      cfnGood: '  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: api\n      StageName: prod\n      AccessLogSetting:\n        DestinationArn: arn:aws:logs:eu-west-1:111122223333:log-group:api\n        Format: $context.requestId\n',
      tfBad: 'resource "aws_api_gateway_stage" "prod" {\n  rest_api_id = "api"\n  deployment_id = "d"\n  stage_name = "prod"\n}\n',
      tfGood: 'resource "aws_api_gateway_stage" "prod" {\n  rest_api_id = "api"\n  deployment_id = "d"\n  stage_name = "prod"\n  access_log_settings {\n    destination_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:api"\n    format = "$context.requestId"\n  }\n}\n',
    },
    cfn: {
      types: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'],
      check: (r) => {
        const path = r.type === 'AWS::ApiGateway::Stage' ? 'AccessLogSetting.DestinationArn' : 'AccessLogSettings.DestinationArn';
        return r.get(path).some((v) => v !== UNKNOWN && missing(v)) ? [at(r, path, `${r.name}: access logging is off.`)] : [];
      },
    },
    tf: { types: ['aws_api_gateway_stage', 'aws_apigatewayv2_stage'], check: (r) => (r.get('access_log_settings.0.destination_arn').some((v) => v !== UNKNOWN && missing(v)) ? [at(r, '', `${r.name}: access logging is off.`)] : []) },
  },
  simple({
    id: 'PAVED-APIGW-002',
    title: 'API Gateway stage has no X-Ray tracing',
    severity: 'low',
    description: 'Without tracing, latency problems and unexpected calls through the API are hard to find.',
    remediation: 'Set TracingEnabled: true (Terraform: xray_tracing_enabled = true).',
    references: fsbp('APIGateway.3'),
    equivalents: { checkov: ['CKV_AWS_73'] },
    examples: {
      cfnBad: '  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: api\n',
      cfnGood: '  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      RestApiId: api\n      TracingEnabled: true\n',
      tfBad: 'resource "aws_api_gateway_stage" "prod" {\n  rest_api_id = "api"\n  deployment_id = "d"\n  stage_name = "prod"\n}\n',
      tfGood: 'resource "aws_api_gateway_stage" "prod" {\n  rest_api_id = "api"\n  deployment_id = "d"\n  stage_name = "prod"\n  xray_tracing_enabled = true\n}\n',
    },
    cfn: { types: ['AWS::ApiGateway::Stage'], path: 'TracingEnabled', bad: notTrue, message: 'X-Ray tracing is off.' },
    tf: { types: ['aws_api_gateway_stage'], path: 'xray_tracing_enabled', bad: notTrue, message: 'X-Ray tracing is off.' },
  }),
  {
    id: 'PAVED-APIGW-003',
    title: 'API Gateway method has no authorization',
    severity: 'medium',
    description: 'AuthorizationType NONE on a method (other than OPTIONS) lets anyone on the internet call it.',
    remediation: 'Use AWS_IAM, COGNITO_USER_POOLS or a Lambda authorizer; if the method must be public, suppress with a reason.',
    references: [],
    equivalents: { checkov: ['CKV_AWS_59'], cfn_nag: ['W59'] },
    examples: {
      cfnBad: '  Method:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: api\n      ResourceId: res\n      HttpMethod: POST\n      AuthorizationType: NONE\n',
      cfnGood: '  Method:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: api\n      ResourceId: res\n      HttpMethod: POST\n      AuthorizationType: AWS_IAM\n',
      tfBad: 'resource "aws_api_gateway_method" "post" {\n  rest_api_id = "api"\n  resource_id = "res"\n  http_method = "POST"\n  authorization = "NONE"\n}\n',
      tfGood: 'resource "aws_api_gateway_method" "post" {\n  rest_api_id = "api"\n  resource_id = "res"\n  http_method = "POST"\n  authorization = "AWS_IAM"\n}\n',
    },
    cfn: { types: ['AWS::ApiGateway::Method'], check: (r) => (!r.get('HttpMethod').includes('OPTIONS') && r.get('AuthorizationType').some((v) => v !== UNKNOWN && (v === undefined || v === 'NONE')) && r.get('ApiKeyRequired').every((v) => v !== true && v !== 'true') ? [at(r, 'AuthorizationType', `${r.name}: the method needs no authorization.`)] : []) },
    tf: { types: ['aws_api_gateway_method'], check: (r) => (!r.get('http_method').includes('OPTIONS') && r.get('authorization').includes('NONE') && r.get('api_key_required').every((v) => v !== true) ? [at(r, 'authorization', `${r.name}: the method needs no authorization.`)] : []) },
  },
];
