// The registry of portal sections. A capability adds itself to the portal by placing a `section.tsx` file
// that exports `sections: Section[]` anywhere under web/src (e.g. web/src/catalog/section.tsx); the shell
// builds its navigation, home page and routes from this list, so only sections that exist are shown.
import type { RouteObject } from 'react-router';
import type { Whoami } from './session';

export interface Section {
  /** Stable id, also used for test ids and keys. */
  id: string;
  /** Navigation label. */
  title: string;
  /** One sentence for the home page. */
  description: string;
  /** Absolute base path, e.g. `/catalog` or `/admin/users`. */
  path: string;
  /** Navigation group heading; sections without one are top-level links. */
  group?: string;
  /** Sort key within the navigation (lower first). */
  order: number;
  /** Routes relative to `path` (use `index: true` for the section's landing page); lazy-load pages. */
  routes: RouteObject[];
  /**
   * Whether to offer the section to this principal. Authorization is the server's job (a denied read
   * answers 404); this only spares people links they cannot use.
   */
  visible?: (me: Whoami) => boolean;
}

const modules = import.meta.glob<{ sections: Section[] }>('./**/section.tsx', { eager: true });

export const sections: Section[] = Object.entries(modules)
  .flatMap(([file, module]) => {
    if (!Array.isArray(module.sections)) {
      console.error(`${file} does not export sections: Section[]; it is left out of the portal`);
      return [];
    }
    return module.sections;
  })
  .sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));

for (const [index, section] of sections.entries()) {
  const clash = sections.findIndex((other) => other.path === section.path || other.id === section.id);
  if (clash !== index) console.error(`portal sections ${sections[clash]!.id} and ${section.id} share an id or path`);
}

export function visibleSections(me: Whoami): Section[] {
  return sections.filter((section) => !section.visible || section.visible(me));
}

/** Sections grouped for the navigation, groups in order of their first section. */
export function navigationGroups(list: Section[]): { group: string | undefined; sections: Section[] }[] {
  const groups: { group: string | undefined; sections: Section[] }[] = [];
  for (const section of list) {
    const existing = groups.find((g) => g.group === section.group);
    if (existing) existing.sections.push(section);
    else groups.push({ group: section.group, sections: [section] });
  }
  return groups;
}
