// `paved sbom [path] [--format cyclonedx|spdx] [--output file]`
import { stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parse } from '../../cli/args.js';
import { ExitCode, type Command } from '../../cli/command.js';
import { pavedVersion } from '../../cli/version.js';
import { InputError, UsageError } from '../../kernel/errors.js';
import { discoverComponents } from './lockfiles/index.js';
import { toCycloneDx } from './sbom/cyclonedx.js';
import { toSpdx } from './sbom/spdx.js';

export const commands: Command[] = [
  {
    name: ['sbom'],
    summary: 'Write a CycloneDX or SPDX SBOM from the lockfiles in a directory',
    help: `Usage: paved sbom [path] [--format cyclonedx|spdx] [--output FILE] [--prod-only]

Finds every lockfile under PATH (default: the current directory) — package-lock.json, npm-shrinkwrap.json,
yarn.lock, pnpm-lock.yaml, bun.lock, requirements*.txt, poetry.lock, Pipfile.lock, uv.lock, go.mod/go.sum,
Cargo.lock, Gemfile.lock, composer.lock, packages.lock.json, pom.xml, gradle.lockfile — and writes one SBOM
with each lockfile's project as its own component tree.

Options:
  --format cyclonedx|spdx   CycloneDX 1.6 JSON (default) or SPDX 2.3 JSON
  --output FILE, -o FILE    write to FILE instead of standard output
  --prod-only               leave out packages only needed for development

Exit codes:
  0  the SBOM was written
  1  no lockfile was found, or a lockfile could not be read (the SBOM of the others is still written)
  2  wrong command line or path`,
    async run(args, io) {
      const { values, positionals } = parse(args, {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'prod-only': { type: 'boolean' },
      });
      if (positionals.length > 1) throw new UsageError(`expected at most one path, got ${positionals.join(' ')}`);
      const format = values.format ?? 'cyclonedx';
      if (format !== 'cyclonedx' && format !== 'spdx') throw new UsageError(`--format must be cyclonedx or spdx, not '${format}'`);
      const root = resolve(io.cwd, positionals[0] ?? '.');
      await stat(root).catch(() => {
        throw new UsageError(`path '${positionals[0]}' does not exist`);
      });
      const { components, errors } = await discoverComponents(root);
      for (const e of errors) io.stderr.write(`paved: ${e.message} (left out of the SBOM)\n`);
      if (values['prod-only']) {
        for (const c of components) {
          const kept = new Set(c.packages.filter((p) => p.scope !== 'dev').map((p) => p.id));
          c.packages = c.packages.filter((p) => kept.has(p.id)).map((p) => ({ ...p, dependencies: p.dependencies.filter((d) => kept.has(d)) }));
          c.dependencies = c.dependencies.filter((d) => kept.has(d));
        }
      }
      const options = { name: basename(root), toolVersion: pavedVersion() };
      const doc = format === 'spdx' ? toSpdx(components, options) : toCycloneDx(components, options);
      const text = JSON.stringify(doc, null, 2) + '\n';
      if (values.output) {
        await writeFile(resolve(io.cwd, values.output), text).catch((error: Error) => {
          throw new InputError(`cannot write ${values.output}: ${error.message}`);
        });
        const count = components.reduce((n, c) => n + c.packages.length, 0);
        io.stderr.write(`paved: wrote ${format === 'spdx' ? 'SPDX 2.3' : 'CycloneDX 1.6'} SBOM of ${count} package(s) from ${components.length} project(s) to ${values.output}\n`);
      } else io.stdout.write(text);
      if (components.length === 0 && errors.length === 0) io.stderr.write(`paved: no lockfile found under ${root}\n`);
      return errors.length || components.length === 0 ? ExitCode.failure : ExitCode.ok;
    },
  },
];
