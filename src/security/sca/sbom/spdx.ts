// SPDX 2.3 JSON. One package per lockfile project (DESCRIBED by the document) and per dependency;
// DEPENDS_ON relationships carry the graph, DEV_DEPENDENCY_OF / OPTIONAL_DEPENDENCY_OF mark scope.
import { randomUUID } from 'node:crypto';
import type { Component } from '../model.js';
import { isValidSpdx } from '../licence.js';
import type { SbomOptions } from './cyclonedx.js';

const spdxAlg = { 'SHA-1': 'SHA1', 'SHA-256': 'SHA256', 'SHA-384': 'SHA384', 'SHA-512': 'SHA512', MD5: 'MD5' } as const;

export function toSpdx(components: Component[], options: SbomOptions): Record<string, unknown> {
  const packages: Array<Record<string, unknown>> = [];
  const relationships: Array<Record<string, string>> = [];
  let counter = 0;
  const spdxId = (name: string) => `SPDXRef-${++counter}-${name.replace(/[^A-Za-z0-9.-]+/g, '-').slice(0, 80)}`;
  for (const c of components) {
    const appId = spdxId(`Application-${c.name}`);
    packages.push({
      SPDXID: appId,
      name: c.name,
      ...(c.version ? { versionInfo: c.version } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'APPLICATION',
      comment: `From ${c.lockfile} (${c.format})`,
    });
    relationships.push({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: appId });
    const idOf = new Map<string, string>();
    for (const p of c.packages) {
      const id = spdxId(`Package-${p.name}-${p.version}`);
      idOf.set(p.id, id);
      packages.push({
        SPDXID: id,
        name: p.name,
        versionInfo: p.version,
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        ...(p.hashes.length ? { checksums: p.hashes.map((h) => ({ algorithm: spdxAlg[h.alg], checksumValue: h.content })) } : {}),
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: p.license && isValidSpdx(p.license) ? p.license : 'NOASSERTION',
        copyrightText: 'NOASSERTION',
        externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
        primaryPackagePurpose: 'LIBRARY',
        comment: `${p.direct ? 'direct' : 'transitive'} ${p.scope} dependency; path: ${p.paths[0]?.join(' > ') ?? ''}`,
      });
    }
    const byId = new Map(c.packages.map((p) => [p.id, p]));
    for (const id of c.dependencies) {
      const p = byId.get(id)!;
      relationships.push(
        p.scope === 'runtime'
          ? { spdxElementId: appId, relationshipType: 'DEPENDS_ON', relatedSpdxElement: idOf.get(id)! }
          : { spdxElementId: idOf.get(id)!, relationshipType: p.scope === 'dev' ? 'DEV_DEPENDENCY_OF' : 'OPTIONAL_DEPENDENCY_OF', relatedSpdxElement: appId },
      );
    }
    for (const p of c.packages) {
      for (const d of new Set(p.dependencies)) {
        if (d !== p.id) relationships.push({ spdxElementId: idOf.get(p.id)!, relationshipType: 'DEPENDS_ON', relatedSpdxElement: idOf.get(d)! });
      }
    }
  }
  const uuid = options.serial ?? randomUUID();
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: options.name,
    documentNamespace: `https://spdx.org/spdxdocs/paved-${encodeURIComponent(options.name)}-${uuid}`,
    creationInfo: { created: (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'), creators: [`Tool: paved-${options.toolVersion}`] },
    packages,
    relationships,
  };
}
