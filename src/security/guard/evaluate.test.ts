import { describe, expect, it } from 'vitest';
import { parseData } from './data.js';
import { evaluateRules, type Status } from './evaluate.js';
import { parseRules } from './parser.js';

const template = `
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: logs
      VersioningConfiguration: { Status: Enabled }
      Tags:
        - { Key: owner, Value: team-a }
        - { Key: cost, Value: "42" }
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: { SSEAlgorithm: aws:kms }
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      DelaySeconds: 5
      Port: "22"
      Ratio: 0.5
      Enabled: true
      Nothing: null
      Empty: ""
      EmptyList: []
      Policy:
        Statement:
          - Effect: Allow
            Condition: { Bool: { 'aws:SecureTransport': false } }
`;

function statusOf(rules: string, data = template): Record<string, Status> {
  const results = evaluateRules(parseRules(rules, 't.guard'), parseData(data, 'd.yaml'));
  return Object.fromEntries(results.map((r) => [r.name, r.status]));
}
const one = (body: string, data?: string) => statusOf(`rule r {\n${body}\n}`, data).r;

describe('clauses and operators', () => {
  it.each([
    [`Resources.Queue.Properties.DelaySeconds == 5`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds != 5`, 'FAIL'],
    [`Resources.Queue.Properties.DelaySeconds < 6`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds <= 5`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds > 5`, 'FAIL'],
    [`Resources.Queue.Properties.DelaySeconds >= 5`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds == 5.0`, 'PASS'],
    [`Resources.Queue.Properties.Ratio == 0.5`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds IN [1, 5, 10]`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds NOT IN [1, 5, 10]`, 'FAIL'],
    [`Resources.Queue.Properties.DelaySeconds !IN [1, 10]`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds IN r[1, 5]`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds IN r[1, 5)`, 'FAIL'],
    [`Resources.Queue.Properties.DelaySeconds IN r(4, 10]`, 'PASS'],
    [`Resources.Queue.Properties.Ratio IN r(0.1, 0.9)`, 'PASS'],
    [`Resources.Logs.Properties.BucketName == /^lo/`, 'PASS'],
    [`Resources.Logs.Properties.BucketName != /^lo/`, 'FAIL'],
    [`Resources.Logs.Properties.BucketName IN ['data', /og/]`, 'PASS'],
    [`Resources.Logs.Properties.BucketName == "logs"`, 'PASS'],
    [`Resources.Logs.Properties.BucketName < "m"`, 'PASS'],
    [`Resources.Queue.Properties.Enabled == true`, 'PASS'],
    [`Resources.Queue.Properties.Nothing == null`, 'PASS'],
    [`Resources.Logs.Properties.VersioningConfiguration == { Status: 'Enabled' }`, 'PASS'],
    [`Resources.Logs.Properties.Tags[*].Key IN ['owner', 'cost']`, 'PASS'],
    [`Resources.Logs.Properties.Tags[0].Key == 'owner'`, 'PASS'],
    [`Resources.Logs.Properties.Tags[-1].Key == 'cost'`, 'PASS'],
    [`Resources.Logs.Properties.Tags[5].Key == 'cost'`, 'FAIL'],
    [`Resources.Queue.Properties.Policy.Statement[*].Condition.Bool.'aws:SecureTransport' == false`, 'PASS'],
    [`Resources.*.Type IN ['AWS::S3::Bucket', 'AWS::SQS::Queue']`, 'PASS'],
    [`Resources.Logs.Properties.BucketName < 5`, 'FAIL'],
    [`not Resources.Queue.Properties.DelaySeconds < 5.5`, 'FAIL'],
    [`NOT Resources.Queue.Properties.DelaySeconds == 6`, 'PASS'],
    [`! Resources.Queue.Properties.DelaySeconds == 6`, 'PASS'],
  ] as const)('%s → %s', (clause, expected) => {
    expect(one(clause)).toBe(expected);
  });

  it.each([
    [`Resources.Logs.Properties.BucketName exists`, 'PASS'],
    [`Resources.Logs.Properties.Missing exists`, 'FAIL'],
    [`Resources.Logs.Properties.Missing !exists`, 'PASS'],
    [`Resources.Logs.Properties.Missing not exists`, 'PASS'],
    [`Resources.Logs.Properties.Missing empty`, 'PASS'],
    [`Resources.Queue.Properties.Empty empty`, 'PASS'],
    [`Resources.Queue.Properties.EmptyList empty`, 'PASS'],
    [`Resources.Logs.Properties.Tags !empty`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds empty`, 'FAIL'],
    [`Resources.Logs.Properties.BucketName is_string`, 'PASS'],
    [`Resources.Logs.Properties.Tags is_list`, 'PASS'],
    [`Resources.Logs.Properties is_struct`, 'PASS'],
    [`Resources.Queue.Properties.Enabled is_bool`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds is_int`, 'PASS'],
    [`Resources.Queue.Properties.Ratio is_float`, 'PASS'],
    [`Resources.Queue.Properties.Nothing is_null`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds !is_string`, 'PASS'],
    [`Resources.Queue.Properties.DelaySeconds is_string`, 'FAIL'],
    [`NOT Resources.Logs.Properties.BucketName exists`, 'FAIL'],
  ] as const)('unary %s → %s', (clause, expected) => {
    expect(one(clause)).toBe(expected);
  });
});

describe('status semantics', () => {
  it('a missing key fails the clause', () => {
    expect(one(`Resources.*.Properties.BucketName exists`)).toBe('FAIL');
    expect(one(`Resources.*.Properties.BucketName == /./`)).toBe('FAIL');
  });
  it('a rule whose when does not pass is SKIP', () => {
    expect(statusOf(`rule r when Resources.Nope exists { Resources.Queue.Type == 'x' }`).r).toBe('SKIP');
    expect(statusOf(`rule r when Resources.Queue exists { Resources.Queue.Type == 'x' }`).r).toBe('FAIL');
  });
  it('a filter that selects nothing makes its clauses SKIP', () => {
    expect(one(`Resources.*[ Type == 'AWS::EC2::Instance' ].Properties.ImageId == 'ami-1'`)).toBe('SKIP');
  });
  it('in a block any FAIL fails, otherwise any PASS passes, otherwise SKIP', () => {
    expect(one(`Resources.Queue.Properties.DelaySeconds == 5\nResources.Queue.Properties.Enabled == false`)).toBe('FAIL');
    expect(one(`Resources.Queue.Properties.DelaySeconds == 5\nResources.*[ Type == 'X' ].Properties.A exists`)).toBe('PASS');
    expect(one(`Resources.*[ Type == 'X' ].Properties.A exists`)).toBe('SKIP');
  });
  it('with some, any PASS passes', () => {
    expect(one(`Resources.*.Properties.BucketEncryption exists`)).toBe('FAIL');
    expect(one(`some Resources.*.Properties.BucketEncryption exists`)).toBe('PASS');
    expect(one(`some Resources.*.Properties.BucketName == 'nope'`)).toBe('FAIL');
    expect(one(`some Resources.*[ Type == 'AWS::S3::Bucket' ] { Properties.BucketEncryption exists }`)).toBe('PASS');
  });
  it('or makes a disjunction; clauses on separate lines are ANDed', () => {
    expect(one(`Resources.Queue.Properties.DelaySeconds == 1 or Resources.Queue.Properties.DelaySeconds == 5`)).toBe('PASS');
    expect(one(`Resources.Queue.Properties.DelaySeconds == 1 OR\nResources.Queue.Properties.DelaySeconds == 2`)).toBe('FAIL');
    expect(one(`Resources.Queue.Properties.DelaySeconds == 1 |OR| Resources.Queue.Properties.Enabled == true`)).toBe('PASS');
    expect(one(`Resources.Queue.Properties.DelaySeconds == 5\nResources.Queue.Properties.DelaySeconds == 6`)).toBe('FAIL');
  });
  it('a block over a missing key FAILS; a block whose query selects nothing SKIPS', () => {
    expect(one(`Resources.Logs.Properties.Missing { Status == 'x' }`)).toBe('FAIL');
    expect(one(`Resources.*[ Type == 'X' ] { Properties.A exists }`)).toBe('SKIP');
  });
  it('type blocks run over every resource of the type and SKIP when there is none', () => {
    expect(one(`AWS::S3::Bucket { Properties.BucketName exists }`)).toBe('PASS');
    expect(one(`AWS::S3::Bucket { Properties.BucketEncryption exists }`)).toBe('FAIL');
    // The when conditions of a type block run once, in the enclosing context (cfn-guard), not per resource.
    expect(one(`AWS::S3::Bucket when Properties.BucketName == 'data' { Properties.BucketEncryption exists }`)).toBe('SKIP');
    expect(one(`AWS::S3::Bucket when Resources.Queue exists { Properties.BucketEncryption exists }`)).toBe('FAIL');
    expect(one(`AWS::S3::Bucket { when Properties.BucketName == 'data' { Properties.BucketEncryption exists } }`)).toBe('PASS');
    expect(one(`AWS::EC2::Instance { Properties.ImageId exists }`)).toBe('SKIP');
    expect(one(`AWS::S3::* { Properties.BucketName exists }`)).toBe('PASS');
  });
  it('when blocks inside rules', () => {
    expect(one(`when Resources.Queue exists { Resources.Queue.Properties.DelaySeconds == 5 }`)).toBe('PASS');
    expect(one(`when Resources.Nope exists { Resources.Queue.Properties.DelaySeconds == 6 }`)).toBe('SKIP');
  });
});

describe('query traversal as cfn-guard does it', () => {
  it.each([
    ['[*] over an empty list is a retrieval error', `Resources.Queue.Properties.EmptyList[*] == 1`, 'FAIL'],
    ['.* over an empty struct is a retrieval error', `Resources.Queue.Properties.Policy.Statement[0].Condition.Bool.* == false\nResources.Logs.Properties.Nope.* exists`, 'FAIL'],
    ['[*] on a struct passes the struct through (Statement as one object or a list)', `Resources.Logs.Properties.VersioningConfiguration[*].Status == 'Enabled'`, 'PASS'],
    ['[*] on a single value passes it through', `Resources.Queue.Properties.DelaySeconds[*] == 5`, 'PASS'],
    ['a filter right after a key selects among the struct values', `Resources[ Type == 'AWS::SQS::Queue' ].Properties.DelaySeconds == 5`, 'PASS'],
    ['a filter on a single value reached by a key is a retrieval error', `Resources.Queue.Properties.DelaySeconds[ this == 5 ] exists`, 'FAIL'],
    ['a missing key is retried in other case conventions', `Resources.Queue.properties.delaySeconds == 5`, 'PASS'],
    ['%var[*] reads as %var', `let tags = Resources.Logs.Properties.Tags[*]\n%tags[*].Key IN ['owner', 'cost']`, 'PASS'],
    ['a numeric key is an index', `Resources.Logs.Properties.Tags.1.Key == 'cost'`, 'PASS'],
  ] as const)('%s', (_name, clause, expected) => {
    expect(one(clause)).toBe(expected);
  });
});

describe('comparisons as cfn-guard makes them', () => {
  const data = JSON.stringify({ a: ['x', 'y'], b: ['y', 'x'], c: ['x'], d: ['z'], n: [1, 5], lim: 3, s: { t: [2, 4] } });
  it.each([
    ['query == query compares the selections as sets', `a[*] == b[*]`, 'PASS'],
    ['a missing member fails the set comparison', `a[*] == c[*]`, 'FAIL'],
    ['query != query passes when no value is shared', `a[*] != d[*]`, 'PASS'],
    ['query != query fails when a value is shared', `a[*] != c[*]`, 'FAIL'],
    ['a right-hand side that selects nothing skips the clause', `a[*] == a[ this == 'q' ]`, 'SKIP'],
    ['ordering flattens lists on both sides', `n < [6, 7]\ns.t[*] > 1`, 'PASS'],
    ['ordering compares every pair', `n < lim`, 'FAIL'],
    ['an empty list is IN any list', `let e = []\n%e IN ['x']`, 'PASS'],
    ['a literal list variable with one element compares with a single value', `let one = ['x']\nc[0] == %one`, 'PASS'],
  ] as const)('%s', (_name, body, expected) => {
    expect(statusOf(`rule r {\n${body}\n}`, data).r).toBe(expected);
  });
});

describe('documented gotchas', () => {
  const rules = (body: string) => `let buckets = Resources.*[ Type == 'AWS::S3::Bucket' ]\nrule r {\n${body}\n}`;
  it('%var.Prop and %var { Prop } agree, and both report every failing resource', () => {
    const a = evaluateRules(parseRules(rules(`%buckets.Properties.BucketEncryption exists`)), parseData(template));
    const b = evaluateRules(parseRules(rules(`%buckets { Properties.BucketEncryption exists }`)), parseData(template));
    expect(a[0]!.status).toBe('FAIL');
    expect(b[0]!.status).toBe('FAIL');
    expect(a[0]!.failures.map((f) => f.path)).toEqual(['/Resources/Logs/Properties/BucketEncryption']);
    expect(b[0]!.failures.map((f) => f.path)).toEqual(a[0]!.failures.map((f) => f.path));
  });
  it('a filter that selects nothing: SKIP without a guard, SKIP with `when %x !empty`', () => {
    const noInstances = `let instances = Resources.*[ Type == 'AWS::EC2::Instance' ]\n`;
    expect(statusOf(noInstances + `rule r { %instances.Properties.ImageId == 'ami-1' }`).r).toBe('SKIP');
    expect(statusOf(noInstances + `rule r when %instances !empty { %instances.Properties.ImageId == 'ami-1' }`).r).toBe('SKIP');
    expect(statusOf(noInstances + `rule r { when %instances !empty { %instances.Properties.ImageId == 'ami-1' } }`).r).toBe('SKIP');
    expect(statusOf(noInstances + `rule r { %instances empty }`).r).toBe('PASS');
  });
  it('!= between different types PASSES ("22" is not 22) while == FAILS', () => {
    expect(one(`Resources.Queue.Properties.Port != 22`)).toBe('PASS');
    expect(one(`Resources.Queue.Properties.Port == 22`)).toBe('FAIL');
    expect(one(`Resources.Queue.Properties.Port == "22"`)).toBe('PASS');
  });
});

describe('variables, rules and functions', () => {
  it('let at file, rule and block scope; literals and queries; a query result is a list', () => {
    expect(statusOf(`let allowed = ['logs', 'data']\nrule r { Resources.*[ Type == 'AWS::S3::Bucket' ].Properties.BucketName IN %allowed }`).r).toBe('PASS');
    expect(one(`let q = Resources.Queue\n%q.Properties.DelaySeconds == 5`)).toBe('PASS');
    expect(one(`AWS::SQS::Queue { let d = Properties.DelaySeconds\n %d == 5 }`)).toBe('PASS');
    expect(one(`let names = Resources.*[ Type == 'AWS::S3::Bucket' ].Properties.BucketName\n%names == /a/`)).toBe('FAIL');
    expect(() => statusOf(`rule a { let x = 1 }\nrule r { %x == 1 }`)).toThrow(/unknown variable %x/);
  });
  it('named rules, negation and the default rule', () => {
    const s = statusOf(`
rule has_queue { Resources.*[ Type == 'AWS::SQS::Queue' ] !empty }
rule no_instance { Resources.*[ Type == 'AWS::EC2::Instance' ] !empty }
rule uses_queue when has_queue { Resources.Queue.Properties.DelaySeconds == 5 }
rule skipped when no_instance { Resources.Queue.Properties.DelaySeconds == 6 }
rule negated when not no_instance { has_queue }
rule neg2 { !has_queue }
rule on_skipped { skipped }
rule not_skipped { not skipped }
Resources.Queue exists
`);
    // A named rule as a clause: anything but PASS counts as FAIL (a SKIPped rule too), as in cfn-guard.
    expect(s).toEqual({
      has_queue: 'PASS', no_instance: 'FAIL', uses_queue: 'PASS', skipped: 'SKIP', negated: 'PASS', neg2: 'FAIL',
      on_skipped: 'FAIL', not_skipped: 'PASS', default: 'PASS',
    });
  });
  it('parameterized rules', () => {
    const s = statusOf(`
rule tagged(resources, key) { %resources.Properties.Tags[*].Key == %key }
rule logs_tagged { tagged(Resources.Logs, 'owner') or tagged(Resources.Logs, 'cost') }
rule data_tagged { tagged(Resources.Data, 'owner') }
`);
    expect(s).toEqual({ logs_tagged: 'FAIL', data_tagged: 'FAIL' });
    expect(statusOf(`rule p(v) { %v == 5 }\nrule r { p(Resources.Queue.Properties.DelaySeconds) }`).r).toBe('PASS');
  });
  it('filters with keys ==, variable capture, this and interpolation', () => {
    expect(one(`Resources[ keys == /^L/ ].Type == 'AWS::S3::Bucket'`)).toBe('PASS');
    expect(one(`Resources[ keys IN ['Queue'] ].Properties.DelaySeconds == 5`)).toBe('PASS');
    expect(one(`Resources.*[ name | %name == 'Data' ].Properties.BucketName == 'data'`)).toBe('PASS');
    expect(one(`Resources.Queue.Properties.DelaySeconds { this == 5 }`)).toBe('PASS');
    expect(one(`let ids = ['Logs', 'Data']\nResources.%ids.Type == 'AWS::S3::Bucket'`)).toBe('PASS');
    expect(one(`Resources.Logs.Properties.Tags[ Key == 'cost' ].Value == '42'`)).toBe('PASS');
    expect(one(`Resources.*[ Type == 'AWS::S3::Bucket'\n Properties.BucketEncryption exists ].Properties.BucketName == 'data'`)).toBe('PASS');
    expect(one(`Resources.*[ Type == 'AWS::S3::Bucket'\n some Properties.Tags[*].Key == 'cost' ].Properties.BucketName == 'logs'`)).toBe('PASS');
  });
  it('functions', () => {
    const s = (q: string) => one(q);
    expect(s(`let n = count(Resources.*)\n%n == 3`)).toBe('PASS');
    expect(s(`let n = count(Resources.*[ Type == 'X' ])\n%n == 0`)).toBe('PASS');
    expect(s(`let u = to_upper(Resources.Logs.Properties.BucketName)\n%u == 'LOGS'`)).toBe('PASS');
    expect(s(`let l = to_lower('ABC')\n%l == 'abc'`)).toBe('PASS');
    expect(s(`let j = join(Resources.Logs.Properties.Tags[*].Key, ',')\n%j == 'owner,cost'`)).toBe('PASS');
    expect(s(`let r = regex_replace(Resources.Logs.Properties.BucketName, '^(l)(.*)$', '\${2}-\${1}')\n%r == 'ogs-l'`)).toBe('PASS');
    expect(s(`let sub = substring(Resources.Logs.Properties.BucketName, 0, 2)\n%sub == 'lo'`)).toBe('PASS');
    expect(s(`let d = url_decode('a%20b')\n%d == 'a b'`)).toBe('PASS');
    expect(s(`let p = json_parse('{"a": [1, 2]}')\n%p.a[1] == 2`)).toBe('PASS');
    expect(s(`let i = parse_int(Resources.Queue.Properties.Port)\n%i == 22`)).toBe('PASS');
    expect(s(`let f = parse_float('1.5')\n%f == 1.5`)).toBe('PASS');
    expect(s(`let b = parse_boolean('true')\n%b == true`)).toBe('PASS');
    expect(s(`let t = parse_string(5)\n%t == '5'`)).toBe('PASS');
    expect(s(`let c = parse_char('a')\n%c == 'a'`)).toBe('PASS');
    expect(s(`let n = now()\nlet e = parse_epoch('2020-01-01T00:00:00Z')\n%e == 1577836800\n%n > %e`)).toBe('PASS');
  });
});

describe('data readers', () => {
  it('reads CloudFormation short-form tags as cfn-guard does', () => {
    const data = `Resources:\n  A:\n    Type: X\n    Properties:\n      R: !Ref Param\n      G: !GetAtt B.Arn\n      S: !Sub 'x-\${AWS::Region}'\n      J: !Join [',', [a, b]]\n      C: !Condition Cond\n`;
    const rules = `rule r {
  Resources.A.Properties.R.Ref == 'Param'
  Resources.A.Properties.G.'Fn::GetAtt' == ['B', 'Arn']
  Resources.A.Properties.S.'Fn::Sub' == 'x-\${AWS::Region}'
  Resources.A.Properties.J.'Fn::Join'[1] == ['a', 'b']
  Resources.A.Properties.C.Condition == 'Cond'
}`;
    expect(statusOf(rules, data).r).toBe('PASS');
  });
  it('keeps line and column of values for failure messages', () => {
    const [r] = evaluateRules(parseRules(`rule r { Resources.Queue.Properties.DelaySeconds == 6 <<delay must be 6>> }`), parseData(template, 'd.yaml'));
    expect(r!.failures[0]).toMatchObject({ path: '/Resources/Queue/Properties/DelaySeconds', line: 21, column: 21, expected: '== 6', found: '5', message: 'delay must be 6' });
  });
  it('keeps line and column for JSON data too', () => {
    const json = '{\n  "Resources": {\n    "Q": { "Type": "AWS::SQS::Queue", "Properties": { "DelaySeconds": 5 } }\n  }\n}\n';
    const [r] = evaluateRules(parseRules(`rule r { Resources.Q.Properties.DelaySeconds == 6 }`), parseData(json, 'd.json'));
    expect(r!.failures[0]).toMatchObject({ path: '/Resources/Q/Properties/DelaySeconds', line: 3, column: 71 });
  });
  it('reads JSON with int/float distinction', () => {
    expect(statusOf(`rule r { a is_int\n b is_float }`, `{"a": 1, "b": 1.0}`).r).toBe('PASS');
  });
});

describe('hostile input', () => {
  it('a catastrophic-backtracking regex finishes (linear-time RE2 engine) with the right answer', () => {
    const data = JSON.stringify({ s: 'a'.repeat(50_000) + 'b' });
    expect(statusOf(`rule r { s == /^(a+)+$/ }`, data).r).toBe('FAIL');
    expect(statusOf(`rule r { s == /^(a|aa)+b$/ }`, data).r).toBe('PASS');
  });
  it('refuses regex syntax RE2 does not support with the rules file place', () => {
    expect(() => statusOf(`rule r {\n  s == /(?<=a)b/\n}`, '{"s": "ab"}')).toThrow(/t\.guard:2:3: invalid regular expression/);
  });
  it('bounds data nesting depth', () => {
    const deep = '['.repeat(300) + ']'.repeat(300);
    expect(() => parseData(deep, 'deep.json')).toThrow(/deep\.json:1:\d+: nesting/);
  });
  it('reports unknown variables, rules and functions with their place', () => {
    expect(() => statusOf(`rule r {\n  %nope exists\n}`)).toThrow(/t\.guard:2:3: unknown variable %nope/);
    expect(() => statusOf(`rule r { missing_rule }`)).toThrow(/unknown rule 'missing_rule'/);
    expect(() => statusOf(`let x = frobnicate(Resources)\nrule r { %x exists }`)).toThrow(/unknown function frobnicate/);
    expect(() => statusOf(`rule a { b }\nrule b { a }`)).toThrow(/depends on itself/);
  });
});
