// The rule catalogue: every security rule, by service family.
import type { IacRule } from './types.js';
import { s3Rules } from './s3.js';
import { iamRules } from './iam.js';
import { ec2Rules } from './ec2.js';
import { dataRules } from './data.js';
import { computeRules } from './compute.js';
import { edgeRules } from './edge.js';
import { opsRules } from './ops.js';
import { secretRules } from './secrets.js';
import { kubernetesRules } from './kubernetes.js';
import { dockerRules } from './docker.js';

export const allRules: IacRule[] = [...s3Rules, ...iamRules, ...ec2Rules, ...dataRules, ...computeRules, ...edgeRules, ...opsRules, ...secretRules, ...kubernetesRules, ...dockerRules];
