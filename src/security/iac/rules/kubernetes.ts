// Kubernetes workloads, RBAC and Services.
import { isObject } from '../evaluate.js';
import type { Violation } from '../model.js';
import type { K8sContainer, K8sObject } from '../parse/kubernetes.js';
import type { IacRule } from './types.js';
import { literalSecret, secretName } from './compute.js';

const pod = (container: string, spec = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n${spec}      containers:\n        - name: web\n          image: registry.example/web:1.4.2\n${container}`;
const hardened = '          securityContext:\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities: { drop: [ALL] }\n          resources:\n            limits: { cpu: 500m, memory: 256Mi }\n';

function get(root: unknown, path: string): unknown {
  let v = root;
  for (const part of path.split('.')) {
    if (!isObject(v) || !Object.hasOwn(v, part)) return undefined;
    v = v[part];
  }
  return v;
}

/** A container setting, falling back to the pod-level securityContext where Kubernetes does. */
function effective(o: K8sObject, c: K8sContainer, key: string): unknown {
  const own = get(c.container, `securityContext.${key}`);
  return own !== undefined ? own : get(o.podSpec, `securityContext.${key}`);
}

function perContainer(test: (o: K8sObject, c: K8sContainer) => { path: string; message: string } | undefined) {
  return (o: K8sObject): Violation[] =>
    o.containers.flatMap((c) => {
      const hit = test(o, c);
      return hit ? [{ message: `${o.resource}: ${hit.message}`, path: `${c.path}.${hit.path}`, position: o.where(`${c.path}.${hit.path}`) }] : [];
    });
}

const name = (c: K8sContainer) => `container ${String(c.container.name ?? '?')}`;
const dangerousCaps = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'NET_RAW', 'SYS_RAWIO', 'BPF', 'PERFMON']);

export const kubernetesRules: IacRule[] = [
  {
    id: 'PAVED-K8S-001',
    title: 'Container runs privileged',
    severity: 'critical',
    description: 'A privileged container has all capabilities and access to the host devices: escaping to the node is trivial.',
    remediation: 'Remove securityContext.privileged: true; grant only the specific capabilities needed.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
    equivalents: { checkov: ['CKV_K8S_16'] },
    examples: { k8sBad: pod('          securityContext:\n            privileged: true\n'), k8sGood: pod(hardened) },
    k8s: perContainer((_o, c) => (get(c.container, 'securityContext.privileged') === true ? { path: 'securityContext.privileged', message: `${name(c)} runs privileged.` } : undefined)),
  },
  {
    id: 'PAVED-K8S-002',
    title: 'Container may run as root',
    severity: 'medium',
    description: 'Without runAsNonRoot (or a non-zero runAsUser) the container runs as root when the image does, so a breakout starts as root.',
    remediation: 'Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser; build images with a USER.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
    equivalents: { checkov: ['CKV_K8S_23', 'CKV_K8S_40'] },
    examples: { k8sBad: pod('          securityContext:\n            runAsUser: 0\n'), k8sGood: pod(hardened) },
    k8s: perContainer((o, c) => {
      const user = effective(o, c, 'runAsUser');
      if (user === 0) return { path: 'securityContext', message: `${name(c)} runs as user 0 (root).` };
      if (effective(o, c, 'runAsNonRoot') === true || (typeof user === 'number' && user > 0)) return undefined;
      return { path: 'securityContext', message: `${name(c)} does not set runAsNonRoot: true.` };
    }),
  },
  {
    id: 'PAVED-K8S-003',
    title: 'Container allows privilege escalation',
    severity: 'medium',
    description: 'Unless allowPrivilegeEscalation is false, setuid binaries in the image can gain more privileges than the process started with.',
    remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
    equivalents: { checkov: ['CKV_K8S_20'] },
    examples: { k8sBad: pod('          resources:\n            limits: { cpu: 500m, memory: 256Mi }\n'), k8sGood: pod(hardened) },
    k8s: perContainer((_o, c) => (get(c.container, 'securityContext.allowPrivilegeEscalation') !== false ? { path: 'securityContext', message: `${name(c)} does not set allowPrivilegeEscalation: false.` } : undefined)),
  },
  {
    id: 'PAVED-K8S-004',
    title: 'Pod shares a host namespace',
    severity: 'high',
    description: 'hostNetwork, hostPID or hostIPC let the pod see and interfere with the node\'s network, processes or shared memory.',
    remediation: 'Remove hostNetwork / hostPID / hostIPC (or set them to false).',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
    equivalents: { checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'] },
    examples: { k8sBad: pod(hardened, '      hostNetwork: true\n'), k8sGood: pod(hardened) },
    k8s: (o) =>
      ['hostNetwork', 'hostPID', 'hostIPC']
        .filter((k) => o.podSpec?.[k] === true)
        .map((k) => ({ message: `${o.resource}: the pod sets ${k}: true.`, path: `${o.podSpecPath}.${k}`, position: o.where(`${o.podSpecPath}.${k}`) })),
  },
  {
    id: 'PAVED-K8S-005',
    title: 'Pod mounts a host path',
    severity: 'high',
    description: 'hostPath volumes expose the node\'s file system (container runtime sockets, kubelet credentials) to the pod.',
    remediation: 'Use emptyDir, configMap, secret or persistent volumes instead of hostPath.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
    equivalents: { checkov: ['CKV_K8S_27'] },
    examples: { k8sBad: pod(hardened, '      volumes:\n        - name: docker\n          hostPath: { path: /var/run/docker.sock }\n'), k8sGood: pod(hardened, '      volumes:\n        - name: tmp\n          emptyDir: {}\n') },
    k8s: (o) => {
      const volumes = Array.isArray(o.podSpec?.volumes) ? (o.podSpec!.volumes as unknown[]) : [];
      return volumes.flatMap((v, i) =>
        isObject(v) && isObject(v.hostPath)
          ? [{ message: `${o.resource}: volume ${String(v.name ?? i)} mounts host path ${String(v.hostPath.path ?? '')}.`, path: `${o.podSpecPath}.volumes.${i}`, position: o.where(`${o.podSpecPath}.volumes.${i}`) }]
          : [],
      );
    },
  },
  {
    id: 'PAVED-K8S-006',
    title: 'Container adds dangerous capabilities',
    severity: 'high',
    description: 'Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE give near-root powers over the node or other containers.',
    remediation: 'Drop ALL capabilities and add back only harmless ones (for example NET_BIND_SERVICE).',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
    equivalents: { checkov: ['CKV_K8S_39', 'CKV_K8S_25'] },
    examples: { k8sBad: pod('          securityContext:\n            capabilities: { add: [SYS_ADMIN] }\n'), k8sGood: pod('          securityContext:\n            capabilities: { add: [NET_BIND_SERVICE], drop: [ALL] }\n') },
    k8s: perContainer((_o, c) => {
      const add = get(c.container, 'securityContext.capabilities.add');
      const bad = Array.isArray(add) ? add.filter((a) => typeof a === 'string' && dangerousCaps.has(a.toUpperCase().replace(/^CAP_/, ''))) : [];
      return bad.length ? { path: 'securityContext.capabilities.add', message: `${name(c)} adds ${bad.join(', ')}.` } : undefined;
    }),
  },
  {
    id: 'PAVED-K8S-007',
    title: 'Container has no resource limits',
    severity: 'low',
    description: 'Without CPU and memory limits one container can starve the node, a cheap denial of service.',
    remediation: 'Set resources.limits.cpu and resources.limits.memory (and requests).',
    references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
    equivalents: { checkov: ['CKV_K8S_11', 'CKV_K8S_13'] },
    examples: { k8sBad: pod('          securityContext:\n            runAsNonRoot: true\n'), k8sGood: pod(hardened) },
    k8s: perContainer((_o, c) => {
      const missing = ['cpu', 'memory'].filter((k) => get(c.container, `resources.limits.${k}`) === undefined);
      return missing.length ? { path: 'resources', message: `${name(c)} has no ${missing.join(' or ')} limit.` } : undefined;
    }),
  },
  {
    id: 'PAVED-K8S-008',
    title: 'Container image uses the latest tag or no tag',
    severity: 'medium',
    description: 'An image without a fixed tag (or digest) changes under you: deployments are not reproducible and a pushed malicious image is picked up automatically.',
    remediation: 'Pin images to a version tag, or better a digest (image@sha256:…).',
    references: ['https://kubernetes.io/docs/concepts/containers/images/'],
    equivalents: { checkov: ['CKV_K8S_14', 'CKV_K8S_43'] },
    examples: { k8sBad: pod(hardened).replace('registry.example/web:1.4.2', 'nginx:latest'), k8sGood: pod(hardened) },
    k8s: perContainer((_o, c) => {
      const image = c.container.image;
      if (typeof image !== 'string') return undefined;
      if (image.includes('@sha256:')) return undefined;
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      return !tag || tag === 'latest' ? { path: 'image', message: `${name(c)} uses image ${image} without a fixed tag.` } : undefined;
    }),
  },
  {
    id: 'PAVED-K8S-009',
    title: 'Secret in a container environment variable',
    severity: 'high',
    description: 'A literal secret in the manifest is readable by everyone with access to the repository or to `kubectl get` on the workload.',
    remediation: 'Put the value in a Secret (or an external secret store) and use valueFrom.secretKeyRef.',
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/'],
    equivalents: { checkov: ['CKV_K8S_35'] },
    examples: { k8sBad: pod(hardened + '          env:\n            - name: DB_PASSWORD\n              value: hunter2hunter2\n'), k8sGood: pod(hardened + '          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: { name: db, key: password }\n') },
    k8s: (o) =>
      o.containers.flatMap((c) => {
        const env = Array.isArray(c.container.env) ? c.container.env : [];
        return env.flatMap((e, i) =>
          isObject(e) && typeof e.name === 'string' && secretName.test(e.name) && literalSecret(e.value)
            ? [{ message: `${o.resource}: ${name(c)} sets ${e.name} to a literal secret (value not shown).`, path: `${c.path}.env.${i}`, position: o.where(`${c.path}.env.${i}`) }]
            : [],
        );
      }),
  },
  {
    id: 'PAVED-K8S-010',
    title: 'Container root file system is writable',
    severity: 'low',
    description: 'A writable root file system lets an attacker drop tools and persist changes inside the container.',
    remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the app writes.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    equivalents: { checkov: ['CKV_K8S_22'] },
    examples: { k8sBad: pod('          securityContext:\n            runAsNonRoot: true\n'), k8sGood: pod(hardened) },
    k8s: perContainer((_o, c) => (get(c.container, 'securityContext.readOnlyRootFilesystem') !== true ? { path: 'securityContext', message: `${name(c)} has a writable root file system.` } : undefined)),
  },
  {
    id: 'PAVED-K8S-011',
    title: 'RBAC role grants wildcard access',
    severity: 'high',
    description: 'A Role or ClusterRole with "*" verbs or resources grants everything, including rights added by future API versions and CRDs.',
    remediation: 'List the API groups, resources and verbs the subject needs.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
    equivalents: { checkov: ['CKV_K8S_49'] },
    examples: {
      k8sBad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ops\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n',
      k8sGood: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: shop\nrules:\n  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get, list, watch]\n',
    },
    k8s: (o) => {
      if (o.kind !== 'Role' && o.kind !== 'ClusterRole') return [];
      const rules = Array.isArray(o.raw.rules) ? o.raw.rules : [];
      return rules.flatMap((r, i) =>
        isObject(r) && ((Array.isArray(r.verbs) && r.verbs.includes('*')) || (Array.isArray(r.resources) && r.resources.includes('*')))
          ? [{ message: `${o.resource}: rule ${i + 1} grants "*".`, path: `rules.${i}`, position: o.where(`rules.${i}`) }]
          : [],
      );
    },
  },
  {
    id: 'PAVED-K8S-012',
    title: 'Binding grants cluster-admin',
    severity: 'high',
    description: 'Binding cluster-admin gives the subject full control of the whole cluster; service accounts with it turn any pod compromise into a cluster compromise.',
    remediation: 'Bind a narrower ClusterRole or a namespaced Role.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
    equivalents: {},
    examples: {
      k8sBad: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: ci\n',
      k8sGood: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ci\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: deployer\nsubjects:\n  - kind: ServiceAccount\n    name: ci\n    namespace: ci\n',
    },
    k8s: (o) =>
      (o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') && isObject(o.raw.roleRef) && o.raw.roleRef.name === 'cluster-admin'
        ? [{ message: `${o.resource}: binds cluster-admin.`, path: 'roleRef.name', position: o.where('roleRef.name') }]
        : [],
  },
];
