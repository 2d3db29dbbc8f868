// CloudFormation lint rules. Ids follow cfn-lint's numbering so teams recognise them.
import type { RuleMeta } from '../model.js';
import type { Severity } from '../../finding.js';

const lint = (code: string, severity: Severity, title: string, description: string, remediation: string): RuleMeta => ({
  id: `PAVED-LINT-${code}`,
  title,
  severity,
  description,
  remediation,
  references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html'],
  equivalents: { 'cfn-lint': [code] },
  tags: ['lint'],
  examples: {},
});

export const lintRule = {
  unknownType: lint('E3001', 'high', 'Unknown resource type', 'The resource type does not exist in the CloudFormation resource specification; the stack will fail to deploy.', 'Check the spelling of Type (service and resource names are case-sensitive).'),
  unknownProperty: lint('E3002', 'high', 'Unknown property', 'The property does not exist on this resource type (or nested type); CloudFormation rejects the template.', 'Use the property name suggested, or remove it.'),
  missingRequired: lint('E3003', 'high', 'Required property missing', 'The resource type requires this property; the deployment fails without it.', 'Add the required property.'),
  circular: lint('E3004', 'high', 'Circular dependency', 'Resources depend on each other in a cycle (through Ref, GetAtt, Sub or DependsOn); CloudFormation cannot order them.', 'Break the cycle, for example with a separate ingress/attachment resource.'),
  dependsOn: lint('E3005', 'high', 'DependsOn names a missing resource', 'DependsOn must name resources of the same template.', 'Fix the logical id or remove the entry.'),
  wrongType: lint('E3012', 'high', 'Wrong value type', 'The value has the wrong type for the property (for example a list where a string is expected). Intrinsic functions are never reported.', 'Give the property a value of the documented type.'),
  badEnum: lint('E3030', 'medium', 'Value not allowed', 'The value is not one of the values the property allows.', 'Use one of the listed values.'),
  badRef: lint('E1012', 'high', 'Ref to something that does not exist', 'Ref must name a parameter, a resource or a pseudo parameter of this template.', 'Fix the name or add the parameter/resource.'),
  badGetAtt: lint('E1010', 'high', 'GetAtt to a missing resource or attribute', 'Fn::GetAtt must name a resource of this template and an attribute its type has.', 'Fix the resource or attribute name.'),
  badSub: lint('E1019', 'high', 'Fn::Sub variable does not exist', 'Each ${Name} in Fn::Sub must be a parameter, resource, resource attribute, pseudo parameter or a variable of the Sub map.', 'Fix the variable, or escape a literal with ${!Name}.'),
  badCondition: lint('E8002', 'high', 'Condition does not exist', 'A resource, output or Fn::If refers to a condition that is not defined.', 'Define the condition or fix the name.'),
  unusedParameter: lint('W2001', 'low', 'Parameter is not used', 'An unused parameter asks deployers for a value that changes nothing.', 'Remove the parameter or use it.'),
  unusedCondition: lint('W8001', 'low', 'Condition is not used', 'An unused condition is dead code that misleads readers.', 'Remove the condition or use it.'),
  unusedMapping: lint('W7001', 'low', 'Mapping is not used', 'An unused mapping is dead code that misleads readers.', 'Remove the mapping or use it.'),
  badOutput: lint('E6002', 'high', 'Output is malformed', 'Every output needs a Value, and an Export needs a Name.', 'Add the missing Value or Export.Name.'),
  badSection: lint('E1001', 'high', 'Template structure is invalid', 'A top-level section is unknown or a resource is not a map with a Type.', 'Fix the section name or the resource definition.'),
};

export const lintRules: RuleMeta[] = Object.values(lintRule);
