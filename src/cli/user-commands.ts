// `testata user create|list|disable|enable|reset-2fa`: staff accounts from the server's shell. The password is
// typed at a prompt or piped on standard input, never an argument. Exit codes: 0 done, 1 refused, 2 bad arguments.
import os from 'node:os';
import type { Command } from 'commander';
import { DomainError } from '../domain/errors.ts';
import type { AuditActor } from '../domain/staff/audit-event.ts';
import { minPasswordLength } from '../domain/staff/password-policy.ts';
import { normaliseEmail, staffRoles, type StaffUser } from '../domain/staff/staff-user.ts';
import type { StaffService } from '../services/staff/staff-service.ts';
import { readPassword } from './password-input.ts';
import { exitTwoOnUsageErrors } from './usage-errors.ts';

export type UserCommandsHost = {
  withStaff: (work: (staff: StaffService) => Promise<number>) => Promise<void>;
  setExitCode: (code: number) => void;
};

export function registerUserCommands(program: Command, host: UserCommandsHost): void {
  const user = program
    .command('user')
    .description('staff accounts: who can sign in to the back office, and with which role')
    .exitOverride(exitTwoOnUsageErrors);

  user
    .command('create')
    .description('create a staff account; the password is asked at a prompt, or read from standard input')
    .requiredOption('--email <email>', 'the address the person signs in with')
    .requiredOption('--role <role>', `one of ${staffRoles.join(', ')}`)
    .option('--name <name>', 'the name shown in the back office (default: the part of the email before @)')
    .option('--author <slug>', 'the author (byline) this person writes as')
    .addHelpText(
      'after',
      `\nThe password (at least ${minPasswordLength} characters, not a common one) is never an argument: type it at the\n` +
        'prompt, or pipe it: printf "%s\\n" "$PASSWORD" | testata user create --email … --role editor\n' +
        'Example: testata user create --email direttrice@ilcontrovento.it --role owner --name "Giulia Neri"',
    )
    .action(async (options: { email: string; role: string; name?: string; author?: string }) => {
      const password = await askNewPassword();
      if (password === undefined) return host.setExitCode(1);
      return host.withStaff(async (staff) =>
        refusalsToExitCode('user create', async () => {
          const created = await staff.create(
            {
              email: options.email,
              role: options.role,
              password,
              displayName: options.name,
              authorSlug: options.author,
            },
            shellActor(),
          );
          process.stdout.write(`Created ${created.role} ${created.email} (${created.displayName}).\n`);
        }),
      );
    });

  user
    .command('list')
    .description('list every staff account: email, role, name, second factor, and whether it is disabled')
    .action(() =>
      host.withStaff(async (staff) => {
        const users = await staff.list();
        if (users.length === 0) process.stdout.write('No staff accounts yet: testata user create --help\n');
        else process.stdout.write(`${users.map(describeUser).join('\n')}\n`);
        return 0;
      }),
    );

  const change = (name: string, description: string, apply: (staff: StaffService, email: string) => Promise<string>) =>
    user
      .command(name)
      .description(description)
      .requiredOption('--email <email>', 'the account')
      .action((options: { email: string }) =>
        host.withStaff((staff) =>
          refusalsToExitCode(`user ${name}`, async () => {
            process.stdout.write(`${await apply(staff, options.email)}\n`);
          }),
        ),
      );

  change('disable', 'stop an account from signing in (its history and bylines stay)', async (staff, email) => {
    const user = await staff.disable(email, shellActor());
    return `Disabled ${user.email}: it can no longer sign in.`;
  });
  change('enable', 'let a disabled account sign in again', async (staff, email) => {
    const user = await staff.enable(email, shellActor());
    return `Enabled ${user.email}.`;
  });
  change('unlock', 'lift the lock that too many failed sign-ins put on an account', async (staff, email) => {
    await staff.unlock(email, shellActor());
    return `${normaliseEmail(email)} can try to sign in again.`;
  });
  change(
    'reset-2fa',
    'remove the second factor of an account locked out of it (it signs in with its password and sets a new one)',
    async (staff, email) => {
      const user = await staff.resetSecondFactor(email, shellActor());
      return `${user.email} has no second factor now: it signs in with its password alone until it sets one again.`;
    },
  );
}

async function askNewPassword(): Promise<string | undefined> {
  const password = await readPassword('Password: ');
  if (password === undefined) {
    process.stderr.write('user create: no password given; nothing was written.\n');
    return undefined;
  }
  if (process.stdin.isTTY && (await readPassword('Password again: ')) !== password) {
    process.stderr.write('user create: the two passwords differ; nothing was written.\n');
    return undefined;
  }
  return password;
}

/** The shell's user and host name the audit log's entry, as "shell (root@redazione-1)". */
function shellActor(): AuditActor {
  return { kind: 'shell', label: `shell (${os.userInfo().username}@${os.hostname()})` };
}

function describeUser(user: StaffUser): string {
  const state = user.disabledAt ? `disabled since ${user.disabledAt}` : 'enabled';
  const secondFactor = user.hasSecondFactor ? '2FA on' : '2FA off';
  return `${user.email.padEnd(36)}${user.role.padEnd(13)}${secondFactor.padEnd(9)}${state.padEnd(40)}${user.displayName}`;
}

async function refusalsToExitCode(command: string, work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    process.stderr.write(`${command}: ${error.message}; nothing was written.\n`);
    return 1;
  }
}
