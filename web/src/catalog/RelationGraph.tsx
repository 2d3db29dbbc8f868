// Presentation attributes (currentColor) instead of classes: the drawing follows the light or dark theme.
// The relations of one entity drawn as a graph: what it depends on, consumes, belongs to and who owns
// it on the left; what depends on it, uses its APIs or belongs to it on the right. The same relations
// are listed as links next to it: the drawing is one image with a title (links inside an image would
// be nested interactive content), and the list is what keyboard and screen-reader users follow.
import { Link } from 'react-router';
import { entityPath, type Entity } from './model';

const LEFT = new Set(['ownedBy', 'partOf', 'dependsOn', 'consumesApi', 'childOf', 'memberOf', 'providesApi']);
const LABEL: Record<string, string> = {
  ownedBy: 'owned by', ownerOf: 'owns', partOf: 'part of', hasPart: 'has part', providesApi: 'provides', apiProvidedBy: 'provided by',
  consumesApi: 'consumes', apiConsumedBy: 'consumed by', dependsOn: 'depends on', dependencyOf: 'dependency of',
  parentOf: 'parent of', childOf: 'child of', memberOf: 'member of', hasMember: 'has member',
};

export const relationLabel = (type: string) => LABEL[type] ?? type;

export function RelationGraph({ entity }: { entity: Entity }) {
  const relations = (entity.relations ?? []).slice(0, 40);
  const left = relations.filter((r) => LEFT.has(r.type));
  const right = relations.filter((r) => !LEFT.has(r.type));
  const rows = Math.max(left.length, right.length, 1);
  const height = rows * 44 + 20;
  const cy = height / 2;
  const node = (r: { type: string; targetRef: string }, i: number, side: 'l' | 'r') => {
    const y = 20 + i * 44 + 14;
    const x = side === 'l' ? 10 : 590;
    return (
      <g key={`${side}${i}`}>
        <line x1={side === 'l' ? 230 : 590} y1={y} x2={side === 'l' ? 320 : 500} y2={cy} stroke="currentColor" strokeOpacity={0.4} />
        <text x={side === 'l' ? 240 : 510} y={y - 4} fill="currentColor" fontSize={11} opacity={0.8}>{relationLabel(r.type)}</text>
          <rect x={x} y={y - 14} width={220} height={28} rx={6} fill="none" stroke="currentColor" />
          <text x={x + 8} y={y + 5} fill="currentColor" fontSize={13}>{r.targetRef.length > 30 ? `${r.targetRef.slice(0, 29)}…` : r.targetRef}</text>
      </g>
    );
  };
  return (
    <svg viewBox={`0 0 820 ${height}`} role="img" className="relation-graph" width="100%">
      <title>{`Relations of ${entity.metadata.name}`}</title>
      {left.map((r, i) => node(r, i, 'l'))}
      {right.map((r, i) => node(r, i, 'r'))}
      <rect x={320} y={cy - 18} width={180} height={36} rx={8} fill="none" stroke="currentColor" strokeWidth={2} />
      <text x={330} y={cy + 5} fill="currentColor" fontSize={13}>{entity.metadata.name}</text>
    </svg>
  );
}

export function RelationList({ entity }: { entity: Entity }) {
  const byType = new Map<string, string[]>();
  for (const r of entity.relations ?? []) byType.set(r.type, [...(byType.get(r.type) ?? []), r.targetRef]);
  if (!byType.size) return <p>No relations.</p>;
  return (
    <dl className="relation-list">
      {[...byType].map(([type, refs]) => (
        <div key={type}>
          <dt>{relationLabel(type)}</dt>
          {refs.map((ref) => (
            <dd key={ref}>
              <Link to={entityPath(ref)}>{ref}</Link>
            </dd>
          ))}
        </div>
      ))}
    </dl>
  );
}
