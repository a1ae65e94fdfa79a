/**
 * `npm run admin -- <command>`: staff accounts from the command line, against DATABASE_URL (default the
 * local file; a Turso URL with TURSO_AUTH_TOKEN works the same). The database must be migrated already.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createStaffAccount, resetStaffPassword } from '../auth/accounts';
import { validateCreateUser } from '../auth/schemas';
import { unsafeTextFields } from '../validation/text';
import { systemClock } from '../deps';
import type { Db } from '../db/client';
import { describeDatabaseError } from '../db/errors';
import { cryptoIds } from '../lib/ids';
import { DEFAULT_DATABASE_URL, openDatabase } from './database';

export const USAGE = `Usage:
  npm run admin -- create-user --email <e-mail> --name "<name>" --role admin|reception|volunteer
                               [--volunteer <volunteer id>] [--language it|en] [--password <password>]
  npm run admin -- reset-password --email <e-mail>

Without --password a password is generated and printed once (a password typed on the command line
stays in the shell history: prefer the generated one and change it after logging in).
reset-password prints a new generated password and logs the user out everywhere.

The database is DATABASE_URL (default ${DEFAULT_DATABASE_URL}); for Turso set DATABASE_URL=libsql://…
and TURSO_AUTH_TOKEN. Run \`npm run db:migrate\` first on a new database.

Exit codes: 0 done, 1 refused or failed (see the message), 2 wrong usage or invalid values.`;

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one command; returns the exit code. Separate from the process so tests can call it. */
export async function runAdminCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    (command ? io.out : io.err)(USAGE);
    return command ? EXIT_OK : EXIT_USAGE;
  }
  if (command !== 'create-user' && command !== 'reset-password') {
    io.err(`Unknown command "${command}".\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      strict: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        volunteer: { type: 'string' },
        language: { type: 'string' },
        password: { type: 'string' },
      },
    }).values;
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (command === 'reset-password' && (values.name || values.role || values.volunteer || values.password)) {
    io.err(`reset-password takes only --email.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (!values.email) {
    io.err(`--email is required.\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  // What a shell passes can hold what no JSON body may (a lone surrogate from a bad paste, a bidi override):
  // the same check as every API body, before anything is stored.
  const unsafe = unsafeTextFields(values, 'en');
  if (unsafe) {
    io.err(describeFields(unsafe));
    return EXIT_USAGE;
  }

  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const where = url.split('?')[0];
  const { client, db } = openDatabase(url, env.TURSO_AUTH_TOKEN || undefined);
  try {
    const ready = await checkMigrated(db);
    if (ready !== true) {
      io.err(`The database at ${where} is not ready: ${ready}`);
      return EXIT_FAILED;
    }
    const ctx = { db, ids: cryptoIds(), now: systemClock.now(), lang: 'en' as const };

    if (command === 'reset-password') {
      const reset = await resetStaffPassword(ctx, { email: values.email.trim().toLowerCase() });
      if (!reset.ok) {
        io.err(`No staff user with e-mail ${values.email.trim().toLowerCase()}.`);
        return EXIT_FAILED;
      }
      io.out(`New password for ${reset.user.email} (shown only now): ${reset.password}`);
      io.out('Their sessions have been ended.');
      return EXIT_OK;
    }

    const input = validateCreateUser(
      {
        email: values.email,
        name: values.name,
        role: values.role,
        password: values.password,
        volunteerId: values.volunteer,
        language: values.language,
      },
      'en',
    );
    if (!input.ok) {
      io.err(describeFields(input.fields));
      return EXIT_USAGE;
    }
    const created = await createStaffAccount(ctx, input.value);
    if (!created.ok) {
      io.err(describeFields(created.fields ?? { error: created.code }));
      return created.code === 'invalid_input' ? EXIT_USAGE : EXIT_FAILED;
    }
    io.out(`Created ${created.user.role} ${created.user.email} (id ${created.user.id}) in ${where}.`);
    if (created.generatedPassword) io.out(`Password (shown only now): ${created.generatedPassword}`);
    return EXIT_OK;
  } catch (e) {
    // The cause, described: never the SQL, its parameters, the token or the query string of the URL.
    io.err(`Failed: ${describeDatabaseError(e, { url, urlVariable: 'DATABASE_URL' }).message}`);
    return EXIT_FAILED;
  } finally {
    client.close();
  }
}

/** True when the staff tables exist, else the reason in a few words; a failure to reach the database is thrown. */
async function checkMigrated(db: Db): Promise<true | string> {
  try {
    await db.run('select 1 from staff_users limit 1');
    return true;
  } catch (e) {
    const { problem, message } = describeDatabaseError(e);
    if (problem === 'not_migrated') return `${message} (same DATABASE_URL).`;
    throw e;
  }
}

function describeFields(fields: Record<string, string>): string {
  const flag: Record<string, string> = { volunteerId: '--volunteer' };
  return Object.entries(fields)
    .map(([field, message]) => `${flag[field] ?? `--${field}`}: ${message}`)
    .join('\n');
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  const code = await runAdminCli(process.argv.slice(2), process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  process.exitCode = code;
}
