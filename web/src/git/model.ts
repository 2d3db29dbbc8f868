// What the git API returns (see src/git/model.ts and src/git/browse.ts on the server).
export interface Repository {
  owner: string;
  name: string;
  fullName: string;
  description: string;
  visibility: 'private' | 'internal' | 'public';
  defaultBranch: string;
  cloneUrl: string;
  createdBy: string;
  createdAt: string;
  protection: { pattern: string; allowForcePush: boolean; allowDeletion: boolean }[];
}

export interface Branch {
  name: string;
  commit: string;
  date: string;
  subject: string;
}

export interface Commit {
  id: string;
  author: string;
  email: string;
  date: string;
  subject: string;
}

export interface TreeEntry {
  name: string;
  path: string;
  type: 'blob' | 'tree' | 'commit';
  mode: string;
  size: number | null;
}

export interface Blob {
  path: string;
  size: number;
  binary: boolean;
  content: string | null;
  truncated: boolean;
}
