// Secrets written into templates: parameters/variables that carry secrets in the clear, and literal
// secrets in resource properties. Values are never copied into messages.
import { UNKNOWN } from '../model.js';
import { isObject } from '../evaluate.js';
import type { ResourceView } from '../resource.js';
import type { Violation } from '../model.js';
import { awsAccessKey, literalSecret, secretName } from './compute.js';
import { at, type IacRule } from './types.js';

// Property names that hold credentials. Names ending in Arn/Id/Name/Length are references or settings.
const secretProperty = /(password|passwd|secretstring|secret_string|secretaccesskey|secret_key|authtoken|auth_token|clientsecret|client_secret|apikey|api_key|privatekey|private_key)$/i;
// Subtrees covered by more specific rules (Lambda environment) or that hold generator settings.
const skipKeys = new Set(['Environment', 'environment', 'GenerateSecretString', 'generate_secret_string', 'Tags', 'tags']);

function literalSecrets(r: ResourceView): Violation[] {
  const out: Violation[] = [];
  const walk = (value: unknown, path: string, depth: number) => {
    if (depth > 12) return;
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}${path ? '.' : ''}${i}`, depth + 1));
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (skipKeys.has(key) || key.startsWith('Fn::') || key === 'Ref') continue;
      const here = `${path}${path ? '.' : ''}${key}`;
      if (secretProperty.test(key) || (typeof child === 'string' && awsAccessKey.test(child))) {
        if (r.within(child, '').some((v) => v !== UNKNOWN && (literalSecret(v) || (typeof v === 'string' && awsAccessKey.test(v)))))
          out.push(at(r, here, `${r.name}: ${key} is a literal secret in the template (value not shown).`));
      } else walk(child, here, depth + 1);
    }
  };
  walk(r.props, '', 0);
  return out;
}

function secretParameter(r: ResourceView, hidden: string, hiddenName: string): Violation[] {
  const name = r.name.replace(/^var\./, '');
  if (!secretName.test(name)) return [];
  const out: Violation[] = [];
  if (!r.get(hidden).some((v) => v === true || v === 'true')) out.push(at(r, '', `${r.name} looks like a secret but is not marked ${hiddenName}, so its value is shown in consoles, plans and logs.`));
  const dflt = r.name.startsWith('var.') ? 'default' : 'Default';
  if (r.get(dflt).some((v) => literalSecret(v))) out.push(at(r, dflt, `${r.name} has a secret default value in the source (value not shown).`));
  return out;
}

export const secretRules: IacRule[] = [
  {
    id: 'PAVED-SECRETS-001',
    title: 'Secret parameter is not hidden or has a default value',
    severity: 'high',
    description: 'A password or token passed as a plain parameter (or variable) is shown in the console, change sets and plans; a default value puts the secret itself in the repository.',
    remediation: 'Mark the parameter NoEcho: true (Terraform: sensitive = true) and remove the default; better, use a dynamic reference to Secrets Manager.',
    references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds'],
    equivalents: { cfn_nag: ['W68'] },
    examples: {
      cfnParameters: 'Parameters:\n  DbPassword:\n    Type: String\n    Default: changeme123\n',
      cfnBad: '  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: alias/aws/sns\n',
      cfnGood: '  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      KmsMasterKeyId: alias/aws/sns\n',
      cfnGoodParameters: 'Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n',
      tfBad: 'variable "db_password" {\n  type = string\n  default = "changeme123"\n}\n',
      tfGood: 'variable "db_password" {\n  type = string\n  sensitive = true\n}\n',
    },
    cfn: { types: ['Parameter'], check: (r) => secretParameter(r, 'NoEcho', 'NoEcho') },
    tf: { types: ['variable'], check: (r) => secretParameter(r, 'sensitive', 'sensitive') },
  },
  {
    id: 'PAVED-SECRETS-002',
    title: 'Literal secret in a resource property',
    severity: 'critical',
    description: 'A password, token or key written into the template is readable by everyone with access to the repository, the stack template or the Terraform state.',
    remediation: 'Use a dynamic reference ({{resolve:secretsmanager:…}}), a NoEcho parameter without default, or manage_master_user_password / GenerateSecretString.',
    references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html'],
    equivalents: { checkov: ['CKV_AWS_41', 'CKV_SECRET_6'], cfn_nag: ['F23', 'F24'] },
    examples: {
      cfnBad: '  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      MasterUsername: app\n      MasterUserPassword: Sup3rS3cret!\n',
      cfnGood: "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      MasterUsername: app\n      MasterUserPassword: '{{resolve:secretsmanager:db:SecretString:password}}'\n",
      tfBad: 'resource "aws_db_instance" "db" {\n  engine = "postgres"\n  username = "app"\n  password = "Sup3rS3cret!"\n}\n',
      tfGood: 'resource "aws_db_instance" "db" {\n  engine = "postgres"\n  username = "app"\n  manage_master_user_password = true\n}\n',
    },
    cfn: { types: ['*'], check: literalSecrets },
    tf: { types: ['*'], check: literalSecrets },
  },
];
