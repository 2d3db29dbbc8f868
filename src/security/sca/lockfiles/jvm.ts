// Maven pom.xml (the declared dependencies, with ${property} substitution and dependencyManagement
// versions; fast-xml-parser reads the XML) and Gradle's gradle.lockfile (`group:artifact:version=configs`).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RawEdge, RawGraph, RawNode } from '../graph.js';
import { LockfileError, type Scope } from '../model.js';
import type { LockfileInput, LockfileParser } from './types.js';

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function parsePom(input: LockfileInput): RawGraph {
  const valid = XMLValidator.validate(input.text);
  if (valid !== true) throw new LockfileError(input.file, valid.err.line, `invalid XML: ${valid.err.msg}`);
  const doc = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true }).parse(input.text);
  const project = doc.project;
  if (!project) throw new LockfileError(input.file, 1, 'no <project> element');
  const props = new Map<string, string>();
  for (const [k, v] of Object.entries(project.properties ?? {})) props.set(k, String(v));
  const groupId = String(project.groupId ?? project.parent?.groupId ?? '');
  const version = String(project.version ?? project.parent?.version ?? '');
  for (const [k, v] of [['project.version', version], ['project.groupId', groupId], ['project.artifactId', String(project.artifactId ?? '')], ['project.parent.version', String(project.parent?.version ?? '')], ['pom.version', version]]) props.set(k!, v!);
  const subst = (s: unknown): string => {
    let out = String(s ?? '');
    for (let i = 0; i < 10 && out.includes('${'); i++) out = out.replace(/\$\{([^}]+)\}/g, (m, k: string) => props.get(k) ?? m);
    return out;
  };
  const managed = new Map<string, string>();
  for (const d of asArray(project.dependencyManagement?.dependencies?.dependency)) managed.set(`${subst(d.groupId)}:${subst(d.artifactId)}`, subst(d.version));
  const nodes: RawNode[] = [];
  const root: RawEdge[] = [];
  for (const d of asArray(project.dependencies?.dependency)) {
    const name = `${subst(d.groupId)}:${subst(d.artifactId)}`;
    const v = d.version !== undefined ? subst(d.version) : managed.get(name);
    // No version (inherited from a parent POM we cannot see) or an unresolved property: the version is unknown.
    if (!v || v.includes('${')) continue;
    const scope: Scope = d.scope === 'test' ? 'dev' : d.optional === 'true' ? 'optional' : 'runtime';
    const key = `${name}@${v}`;
    nodes.push({ key, name, version: v });
    root.push({ to: key, kind: scope });
  }
  return { format: 'maven', ecosystem: 'Maven', name: `${groupId}:${project.artifactId ?? input.folderName}`, version: version || undefined, nodes, root, edges: new Map() };
}

export function parseGradleLockfile(input: LockfileInput): RawGraph {
  const nodes: RawNode[] = [];
  const root: RawEdge[] = [];
  input.text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('empty=')) return;
    const m = /^([^:\s]+):([^:\s]+):([^=\s]+)=(.*)$/.exec(line);
    if (!m) throw new LockfileError(input.file, index + 1, `expected "group:artifact:version=configurations", got ${JSON.stringify(line.slice(0, 60))}`);
    const configs = m[4]!.split(',').filter(Boolean);
    // Only test configurations → dev.
    const dev = configs.length > 0 && configs.every((c) => /^test|Test/.test(c));
    const key = `${m[1]}:${m[2]}@${m[3]}`;
    nodes.push({ key, name: `${m[1]}:${m[2]}`, version: m[3]! });
    root.push({ to: key, kind: (dev ? 'dev' : 'runtime') as Scope });
  });
  return { format: 'gradle', ecosystem: 'Maven', name: input.folderName, nodes, root, edges: new Map() };
}

export const jvmParsers: LockfileParser[] = [
  { format: 'maven', fileNames: ['pom.xml'], parse: (i) => [parsePom(i)] },
  { format: 'gradle', fileNames: ['gradle.lockfile'], parse: (i) => [parseGradleLockfile(i)] },
];
