// CycloneDX 1.6 JSON. Each lockfile is an `application` component with its packages nested as `library`
// components, and the `dependencies` graph links the scanned folder → lockfile projects → packages.
// Written directly (the document is plain data) and validated against the official schema in tests.
import { randomUUID } from 'node:crypto';
import type { Component, Package } from '../model.js';
import { isValidSpdx } from '../licence.js';

export interface SbomOptions {
  /** Name of what was scanned (the folder name). */
  name: string;
  toolVersion: string;
  /** Fixed clock and serial for reproducible output (tests). */
  now?: Date;
  serial?: string;
}

/** npm scopes, Maven groups and Composer vendors go into `group`. */
function groupAndName(p: Package): { group?: string; name: string } {
  const split = (i: number) => (i > 0 ? { group: p.name.slice(0, i), name: p.name.slice(i + 1) } : { name: p.name });
  if (p.ecosystem === 'Maven') return split(p.name.indexOf(':'));
  if (p.ecosystem === 'npm' && p.name.startsWith('@')) return split(p.name.indexOf('/'));
  if (p.ecosystem === 'Packagist') return split(p.name.indexOf('/'));
  return { name: p.name };
}

/** bom-refs are unique per project: one lockfile can describe several (pnpm workspaces). */
export const refOf = (c: Component, p?: Package) => `${c.lockfile}:${c.name}${p ? `#${p.purl}` : ''}`;

export function toCycloneDx(components: Component[], options: SbomOptions): Record<string, unknown> {
  const rootRef = 'root';
  const dependencies: Array<{ ref: string; dependsOn: string[] }> = [{ ref: rootRef, dependsOn: components.map((c) => refOf(c)) }];
  const seen = new Set<string>();
  const bomComponents = components.map((c) => {
    const byId = new Map(c.packages.map((p) => [p.id, p]));
    dependencies.push({ ref: refOf(c), dependsOn: [...new Set(c.dependencies.map((id) => refOf(c, byId.get(id)!)))] });
    const children = [];
    for (const p of c.packages) {
      const ref = refOf(c, p);
      if (seen.has(ref)) continue; // two ids with one purl (npm aliases): one component
      seen.add(ref);
      dependencies.push({ ref, dependsOn: [...new Set(p.dependencies.map((id) => refOf(c, byId.get(id)!)).filter((r) => r !== ref))] });
      children.push({
        type: 'library',
        'bom-ref': ref,
        ...groupAndName(p),
        version: p.version,
        scope: p.scope === 'runtime' ? 'required' : 'optional',
        ...(p.hashes.length ? { hashes: p.hashes } : {}),
        ...(p.license ? { licenses: isValidSpdx(p.license) ? [{ expression: p.license }] : [{ license: { name: p.license } }] } : {}),
        purl: p.purl,
        properties: [
          { name: 'paved:ecosystem', value: p.ecosystem },
          { name: 'paved:scope', value: p.scope },
          { name: 'paved:direct', value: String(p.direct) },
          ...p.paths.map((path) => ({ name: 'paved:path', value: path.join(' > ') })),
        ],
      });
    }
    return {
      type: 'application',
      'bom-ref': refOf(c),
      name: c.name,
      ...(c.version ? { version: c.version } : {}),
      properties: [
        { name: 'paved:lockfile', value: c.lockfile },
        { name: 'paved:format', value: c.format },
      ],
      components: children,
    };
  });
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${options.serial ?? randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: (options.now ?? new Date()).toISOString(),
      tools: { components: [{ type: 'application', name: 'paved', version: options.toolVersion }] },
      component: { type: 'application', 'bom-ref': rootRef, name: options.name },
    },
    components: bomComponents,
    dependencies,
  };
}
