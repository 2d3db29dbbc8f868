// How each ecosystem compares package names: PyPI per PEP 503 (`Foo_Bar` = `foo-bar`), NuGet and
// Packagist case-insensitively, the others exactly.
export const normalizePyName = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

export function normalizeName(ecosystem: string, name: string): string {
  if (ecosystem === 'PyPI') return normalizePyName(name);
  if (ecosystem === 'NuGet' || ecosystem === 'Packagist') return name.toLowerCase();
  return name;
}
