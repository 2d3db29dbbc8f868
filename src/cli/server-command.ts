// `paved server`: runs the API, the portal and the background workers in the foreground.
import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { parse } from './args.js';
import { paint, println } from './output.js';

export const commands: Command[] = [
  {
    name: ['server'],
    summary: 'Start the Paved server (API, portal, workers)',
    help: `Usage: paved server [--port N] [--host ADDR] [--home DIR] [--database-url URL] [--log-level LEVEL] [--no-demo]

Starts Paved in the foreground. With no database URL it uses the embedded PostgreSQL (PGlite) in
$PAVED_HOME/db. Stop it with Ctrl-C (SIGINT) or SIGTERM; in-flight requests finish first.

Options (each also has an environment variable; flags win):
  --port N              PAVED_PORT          port to listen on (default 7007)
  --host ADDR           PAVED_HOST          address to bind (default 127.0.0.1)
  --home DIR            PAVED_HOME          data folder (default ./.paved)
  --database-url URL    PAVED_DATABASE_URL  use this PostgreSQL instead of the embedded database
  --log-level LEVEL     PAVED_LOG_LEVEL     fatal|error|warn|info|debug|trace|silent (default info)
  --public-url URL      PAVED_PUBLIC_URL    the URL users reach Paved at, when behind a proxy
  --no-demo             PAVED_DEMO=0        do not load the demo organisation into an empty catalog

Exit codes: 0 stopped cleanly; 2 invalid configuration; 70 failed to start.`,
    async run(args, io) {
      const { values } = parse(
        args,
        {
          port: { type: 'string' },
          host: { type: 'string' },
          home: { type: 'string' },
          'database-url': { type: 'string' },
          'log-level': { type: 'string' },
          'public-url': { type: 'string' },
          'no-demo': { type: 'boolean' },
        },
        { allowPositionals: false },
      );
      const { startServer } = await import('../server.js');
      const started = Date.now();
      const server = await startServer({
        env: io.env,
        overrides: {
          port: values.port,
          host: values.host,
          home: values.home,
          databaseUrl: values['database-url'],
          logLevel: values['log-level'],
          publicUrl: values['public-url'],
          demo: values['no-demo'] ? false : undefined,
        },
      });
      const database = server.config.databaseUrl ? 'PostgreSQL' : `embedded database in ${server.config.home}/db`;
      println(io, `${paint(io, 'green', 'Paved is running')} at ${paint(io, 'bold', server.url)} (${database}, started in ${Date.now() - started} ms)`);
      if (server.bootstrap) {
        println(io, `First start: the admin API token is in ${server.bootstrap.tokenFile}`);
      } else {
        println(io, `Admin token from the first start: ${server.config.home}/bootstrap-token`);
      }
      println(io, `Sign in at ${server.url} with that token, or from the CLI:`);
      println(io, `  paved login --url ${server.url} --token "$(cat ${server.config.home}/bootstrap-token)"`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          println(io, `\n${signal}: stopping Paved…`);
          void server.close().then(resolve, resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      return 0;
    },
  },
];

export function readBootstrapToken(home: string): string | undefined {
  try {
    return readFileSync(`${home}/bootstrap-token`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
