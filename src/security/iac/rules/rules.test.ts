// Every security rule has a triggering and a compliant example in its metadata; this runs them all.
import { describe, expect, it } from 'vitest';
import { allRules } from './index.js';
import { scanCfn, scanTf, scanText } from '../testing.js';

const ids = (findings: Array<{ ruleId: string }>) => findings.map((f) => f.ruleId);

describe('security rule catalogue', () => {
  it('has unique ids and complete metadata', () => {
    const seen = new Set<string>();
    for (const rule of allRules) {
      expect(seen.has(rule.id), rule.id).toBe(false);
      seen.add(rule.id);
      expect(rule.title.length, rule.id).toBeGreaterThan(5);
      expect(rule.description.length, rule.id).toBeGreaterThan(20);
      expect(rule.remediation.length, rule.id).toBeGreaterThan(10);
    }
  });

  it('covers at least 60 CloudFormation/Terraform and 12 Kubernetes/Dockerfile rules', () => {
    expect(allRules.filter((r) => r.cfn || r.tf).length).toBeGreaterThanOrEqual(60);
    expect(allRules.filter((r) => r.k8s || r.docker).length).toBeGreaterThanOrEqual(12);
  });

  it('every rule has a bad and a good example for each language it checks', () => {
    for (const r of allRules) {
      if (r.cfn) expect(r.examples.cfnBad && r.examples.cfnGood, r.id).toBeTruthy();
      if (r.tf) expect(r.examples.tfBad && r.examples.tfGood, r.id).toBeTruthy();
      if (r.k8s) expect(r.examples.k8sBad && r.examples.k8sGood, r.id).toBeTruthy();
      if (r.docker) expect(r.examples.dockerBad && r.examples.dockerGood, r.id).toBeTruthy();
    }
  });

  for (const rule of allRules) {
    describe(rule.id, () => {
      if (rule.cfn) {
        it('CloudFormation: triggers on the bad example, with a line and resource', () => {
          const found = scanCfn(rule.examples.cfnBad!, { extra: rule.examples.cfnParameters }).filter((f) => f.ruleId === rule.id);
          expect(found.length).toBeGreaterThan(0);
          expect(found[0].line).toBeGreaterThan(0);
          expect(found[0].resource).toBeTruthy();
        });
        it('CloudFormation: passes the good example', () => {
          expect(ids(scanCfn(rule.examples.cfnGood!, { extra: rule.examples.cfnGoodParameters }))).not.toContain(rule.id);
        });
      }
      if (rule.tf) {
        it('Terraform: triggers on the bad example, with a line and address', async () => {
          const found = (await scanTf(rule.examples.tfBad!)).filter((f) => f.ruleId === rule.id);
          expect(found.length).toBeGreaterThan(0);
          expect(found[0].line).toBeGreaterThan(0);
          expect(found[0].resource).toMatch(/^\w+\.[\w-]+$/);
        });
        it('Terraform: passes the good example', async () => {
          const found = await scanTf(rule.examples.tfGood!);
          expect(ids(found)).not.toContain('IAC.PARSE');
          expect(ids(found)).not.toContain(rule.id);
        });
      }
      if (rule.k8s) {
        it('Kubernetes: triggers on the bad example and passes the good one', () => {
          const bad = scanText('k8s.yaml', rule.examples.k8sBad!).filter((f) => f.ruleId === rule.id);
          expect(bad.length).toBeGreaterThan(0);
          expect(bad[0].line).toBeGreaterThan(0);
          expect(ids(scanText('k8s.yaml', rule.examples.k8sGood!))).not.toContain(rule.id);
        });
      }
      if (rule.docker) {
        it('Dockerfile: triggers on the bad example and passes the good one', () => {
          const bad = scanText('Dockerfile', rule.examples.dockerBad!).filter((f) => f.ruleId === rule.id);
          expect(bad.length).toBeGreaterThan(0);
          expect(bad[0].line).toBeGreaterThan(0);
          expect(ids(scanText('Dockerfile', rule.examples.dockerGood!))).not.toContain(rule.id);
        });
      }
    });
  }
});
