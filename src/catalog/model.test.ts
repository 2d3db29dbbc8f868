import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseEntities, resolveTarget } from './parse.js';
import { readTarget } from './reader.js';
import { parseEntityRef, stringifyEntityRef } from './refs.js';
import { relationsOf } from './relations.js';
import { searchRows } from './search.js';
import { parseFilters } from './query.js';
import { validateEntity } from './validation.js';
import type { Entity } from './model.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const component = (over: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', ...over },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a', ...spec },
});

describe('Backstage example entities', () => {
  it('load unchanged, every kind, without a problem', async () => {
    const file = join(fixtures, 'backstage-examples.yaml');
    const result = await parseEntities(readFileSync(file, 'utf8'), file);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.entities.map((d) => d.entity.kind)).toEqual(['Component', 'Component', 'Template', 'API', 'Group', 'User', 'Resource', 'System', 'Domain', 'Location']);
  });

  it('reports bad documents precisely and still loads the good ones', async () => {
    const file = join(fixtures, 'invalid.yaml');
    const result = await parseEntities(readFileSync(file, 'utf8'), file);
    expect(result.entities.map((d) => d.entity.metadata.name)).toEqual(['good-one', 'good-two']);
    const lines = result.problems.map(formatProblem);
    expect(lines).toContainEqual(expect.stringMatching(/invalid\.yaml:13 \(document 2\) metadata\.name: "-bad-name-" is not a valid name/));
    expect(lines).toContainEqual(expect.stringMatching(/invalid\.yaml:14 \(document 2\) metadata\.tags\[0\]: tag "Java" is not valid/));
    expect(lines).toContainEqual(expect.stringMatching(/\(document 2\) spec\.owner: Component requires spec\.owner/));
    expect(lines).toContainEqual(expect.stringMatching(/\(document 3\) apiVersion: apiVersion "backstage.io\/v1beta3" is not valid for kind Group/));
    expect(lines).toContainEqual(expect.stringMatching(/\(document 3\) spec\.children: Group requires spec\.children/));
    expect(lines).toContainEqual(expect.stringMatching(/invalid\.yaml:34 \(document 4\) extra: unknown root field "extra"/));
    expect(result.problems.find((p) => p.document === 1)?.ref).toBe('component:default/-bad-name-');
  });

  it('reports YAML syntax errors with their line', async () => {
    const result = await parseEntities('kind: Component\nmetadata: {name: x\n', 'broken.yaml');
    expect(result.entities).toEqual([]);
    expect(result.problems[0]).toMatchObject({ file: 'broken.yaml', document: 0 });
    expect(result.problems[0]!.message).toMatch(/^YAML syntax/);
    expect(result.problems[0]!.line).toBeGreaterThan(0);
  });
});

describe('validation rules', () => {
  it('accepts names up to 63 characters and refuses 64', () => {
    expect(validateEntity(component({ name: 'a'.repeat(63) }))).toEqual([]);
    expect(validateEntity(component({ name: 'a'.repeat(64) }))[0]!.path).toBe('metadata.name');
    expect(validateEntity(component({ name: 'A_b.c-D' }))).toEqual([]);
    expect(validateEntity(component({ name: 'a b' }))[0]!.path).toBe('metadata.name');
  });

  it('wants a lowercase DNS label as namespace', () => {
    expect(validateEntity(component({ namespace: 'team-ns' }))).toEqual([]);
    expect(validateEntity(component({ namespace: 'Team' }))[0]!.path).toBe('metadata.namespace');
    expect(validateEntity(component({ namespace: 'a_b' }))[0]!.path).toBe('metadata.namespace');
  });

  it('checks label keys and values and annotation keys', () => {
    expect(validateEntity(component({ labels: { 'example.com/tier': 'gold', plain: '' } }))).toEqual([]);
    expect(validateEntity(component({ labels: { 'Bad Key': 'x' } }))[0]!.path).toBe('metadata.labels.Bad Key');
    expect(validateEntity(component({ labels: { ok: 'not valid!' } }))[0]!.message).toMatch(/label value/);
    expect(validateEntity(component({ annotations: { 'backstage.io/techdocs-ref': 'dir:.' } }))).toEqual([]);
    expect(validateEntity(component({ annotations: { 'a/b/c': 'x' } }))[0]!.path).toBe('metadata.annotations.a/b/c');
    expect(validateEntity(component({ annotations: { ok: 3 } }))[0]!.message).toMatch(/must be strings/);
  });

  it('checks tags as Backstage does', () => {
    expect(validateEntity(component({ tags: ['java', 'c++', 'c#', 'k8s:prod', 'a-b'] }))).toEqual([]);
    for (const bad of ['Java', 'a_b', '-a', 'a--b', '', 'x'.repeat(64)]) {
      expect(validateEntity(component({ tags: [bad] })), bad).toHaveLength(1);
    }
  });

  it('requires the spec fields of each kind', () => {
    const missing = (kind: string, apiVersion = 'backstage.io/v1alpha1') =>
      validateEntity({ apiVersion, kind, metadata: { name: 'x' }, spec: {} }).map((p) => p.path).sort();
    expect(missing('Component')).toEqual(['spec.lifecycle', 'spec.owner', 'spec.type']);
    expect(missing('API')).toEqual(['spec.definition', 'spec.lifecycle', 'spec.owner', 'spec.type']);
    expect(missing('Resource')).toEqual(['spec.owner', 'spec.type']);
    expect(missing('System')).toEqual(['spec.owner']);
    expect(missing('Domain')).toEqual(['spec.owner']);
    expect(missing('Group')).toEqual(['spec.children', 'spec.type']);
    expect(missing('User')).toEqual(['spec.memberOf']);
    expect(missing('Location')).toEqual([]);
    expect(missing('Template', 'scaffolder.backstage.io/v1beta3')).toEqual(['spec.steps', 'spec.type']);
  });

  it('refuses unknown kinds, wrong apiVersions and refs without a kind where none is implied', () => {
    expect(validateEntity({ ...component(), kind: 'Widget' })[0]!.message).toMatch(/unknown kind "Widget"/);
    expect(validateEntity({ ...component(), apiVersion: 'scaffolder.backstage.io/v1beta3' })[0]!.path).toBe('apiVersion');
    const resource = { apiVersion: 'backstage.io/v1beta1', kind: 'Resource', metadata: { name: 'db' }, spec: { type: 'database', owner: 'x', dependsOn: ['other-db'] } };
    expect(validateEntity(resource)).toEqual([{ path: 'spec.dependsOn[0]', message: expect.stringMatching(/has no kind/) }]);
    expect(validateEntity(component({}, { providesApis: 'not-a-list' }))[0]!.path).toBe('spec.providesApis');
  });
});

describe('entity references', () => {
  it('parses with per-field defaults and prints the canonical form', () => {
    expect(parseEntityRef('team-a', { defaultKind: 'Group', defaultNamespace: 'ops' })).toEqual({ kind: 'Group', namespace: 'ops', name: 'team-a' });
    expect(parseEntityRef('user:jdoe', { defaultKind: 'Group' })).toEqual({ kind: 'user', namespace: 'default', name: 'jdoe' });
    expect(parseEntityRef('api:ns/Artist-API')).toEqual({ kind: 'api', namespace: 'ns', name: 'Artist-API' });
    expect(stringifyEntityRef({ kind: 'Component', namespace: 'Default', name: 'Artist-Web' })).toBe('component:default/artist-web');
    expect(() => parseEntityRef('a:b:c')).toThrow(/more than one/);
    expect(() => parseEntityRef('')).toThrow(/non-empty/);
  });

  it('derives both directions of every relation from the spec fields', () => {
    const e: Entity = component({ namespace: 'shop' }, {
      system: 'checkout',
      providesApis: ['orders-api'],
      consumesApis: ['api:default/payments-api'],
      dependsOn: ['resource:orders-db'],
      subcomponentOf: 'platform',
    }) as Entity;
    const edges = relationsOf(e).map((r) => `${r.source} ${r.type} ${r.target}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'component:shop/x ownedBy group:shop/team-a',
        'group:shop/team-a ownerOf component:shop/x',
        'component:shop/x partOf system:shop/checkout',
        'system:shop/checkout hasPart component:shop/x',
        'component:shop/x partOf component:shop/platform',
        'component:shop/x providesApi api:shop/orders-api',
        'api:shop/orders-api apiProvidedBy component:shop/x',
        'component:shop/x consumesApi api:default/payments-api',
        'api:default/payments-api apiConsumedBy component:shop/x',
        'component:shop/x dependsOn resource:shop/orders-db',
        'resource:shop/orders-db dependencyOf component:shop/x',
      ]),
    );
    const group = { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'g' }, spec: { type: 'team', parent: 'p', children: ['c'], members: ['u'] } } as Entity;
    expect(relationsOf(group).map((r) => `${r.source} ${r.type} ${r.target}`)).toEqual([
      'group:default/g childOf group:default/p',
      'group:default/p parentOf group:default/g',
      'group:default/g parentOf group:default/c',
      'group:default/c childOf group:default/g',
      'group:default/g hasMember user:default/u',
      'user:default/u memberOf group:default/g',
    ]);
  });
});

describe('search rows and filters', () => {
  it('flattens like Backstage: lowercased, arrays as key.item=true, long values existence-only', () => {
    const rows = searchRows(component({ tags: ['Java'], annotations: { 'Example.com/Big': 'x'.repeat(300) } }) as Entity);
    const find = (key: string) => rows.filter((r) => r.key === key).map((r) => r.value);
    expect(find('kind')).toEqual(['component']);
    expect(find('metadata.tags')).toEqual(['java']);
    expect(find('metadata.tags.java')).toEqual(['true']);
    expect(find('example.com/big')).toEqual([]);
    expect(find('metadata.annotations.example.com/big')).toEqual([null]);
    expect(find('spec.owner')).toEqual(['team-a']);
  });

  it('parses filter sets: AND across keys, OR within a key, existence without a value', () => {
    expect(parseFilters(['kind=Component,spec.type=service,kind=API', 'metadata.tags.java'])).toEqual([
      [
        { key: 'kind', values: ['component', 'api'] },
        { key: 'spec.type', values: ['service'] },
      ],
      [{ key: 'metadata.tags.java', values: [] }],
    ]);
  });
});

describe('placeholders', () => {
  it('resolves $text, $json and $yaml relative to the file and reports unreadable ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paved-catalog-'));
    try {
      writeFileSync(join(dir, 'openapi.yaml'), 'openapi: 3.0.0\n');
      writeFileSync(join(dir, 'extra.json'), '{"a": 1}');
      writeFileSync(join(dir, 'more.yaml'), 'b: [1, 2]\n');
      const file = join(dir, 'catalog-info.yaml');
      const text = `apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: a }
spec:
  type: openapi
  lifecycle: production
  owner: team-a
  definition: { $text: ./openapi.yaml }
  extra: { $json: extra.json }
  more: { $yaml: ./more.yaml }
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: b }
spec: { type: openapi, lifecycle: production, owner: team-a, definition: { $text: ./missing.yaml } }
`;
      const result = await parseEntities(text, file, readTarget);
      expect(result.entities).toHaveLength(1);
      expect(result.entities[0]!.entity.spec).toMatchObject({ definition: 'openapi: 3.0.0\n', extra: { a: 1 }, more: { b: [1, 2] } });
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ document: 1, path: 'spec.definition' });
      expect(result.problems[0]!.message).toMatch(/\$text could not read .*missing\.yaml/);
      expect(resolveTarget('https://example.test/a/catalog.yaml', '../b.yaml')).toBe('https://example.test/b.yaml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
