import { Command, CommanderError, Option } from 'commander';
import { CliContext, DEFAULT_TEMPORAL_ADDRESS, type GlobalOptions } from './context.ts';
import { explainError } from './errors.ts';
import { ExitCode } from './exit-codes.ts';
import { registerApprove, registerReject } from './decide.ts';
import { registerChanges } from './changes.ts';
import { registerCodecServer } from './codec-server.ts';
import { registerErasePerson } from './erase-person.ts';
import { registerForgetCustomer } from './forget-customer.ts';
import { registerDev } from './dev.ts';
import { registerPartners } from './partners.ts';
import { registerPause } from './pause.ts';
import { registerPreview } from './preview.ts';
import { registerReport } from './report.ts';
import { registerResume } from './resume.ts';
import { registerRun } from './run.ts';
import { registerSchedules } from './schedules.ts';
import { registerServe } from './serve.ts';
import { registerSetup } from './setup.ts';
import { registerStatus } from './status.ts';
import { registerValidateConfig } from './validate-config.ts';
import { registerWorker } from './worker.ts';

/** A verb's body: gets the context and commander's positional args and options; returns its exit code. */
export type VerbBody<A extends unknown[]> = (ctx: CliContext, ...args: A) => Promise<ExitCode | void>;
/** Wraps a verb body into a commander action: builds the context, closes it, records the exit code. */
export type Act = <A extends unknown[]>(body: VerbBody<A>) => (...args: unknown[]) => Promise<void>;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const EPILOG = `
Environment: TEMPORAL_ADDRESS (default ${DEFAULT_TEMPORAL_ADDRESS}), TEMPORAL_NAMESPACE, TASK_QUEUE, DATABASE_URL, DATA_DIR, CUSTOMERS_FILE.
Exit codes: 0 ok · 1 failure · 2 usage · 3 customer file invalid · 4 not found · 5 Temporal unreachable ·
            6 run failed/rejected · 7 run held for approval · 8 conflict (run in progress, file says paused)`;

export function buildProgram(io: CliIo, exit: { code: ExitCode }): Command {
  const program = new Command('ist-export')
    .description('Operate the IST export: schedules per customer, runs, approvals, reports')
    .addOption(new Option('--json', 'machine-readable output on stdout').default(false))
    .addOption(new Option('--address <host:port>', 'Temporal frontend').env('TEMPORAL_ADDRESS'))
    .addOption(new Option('--namespace <name>', 'Temporal namespace (default: default)').env('TEMPORAL_NAMESPACE'))
    .addOption(new Option('--customers <file>', 'the customer file (default: config/customers.yaml)').env('CUSTOMERS_FILE'))
    .addOption(new Option('--task-queue <name>', 'task queue of the workers (default: ist-export)').env('TASK_QUEUE'))
    .addHelpText('after', EPILOG)
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s.trimEnd()), writeErr: (s) => io.stderr(s.trimEnd()) })
    .exitOverride();

  const act: Act = (body) => async (...args) => {
    const command = args.at(-1) as Command;
    const ctx = new CliContext(command.optsWithGlobals<GlobalOptions>(), io.stdout);
    try {
      exit.code = (await body(ctx, ...(args.slice(0, -1) as never))) ?? ExitCode.Ok;
    } finally {
      await ctx.close();
    }
  };

  for (const register of [registerSchedules, registerRun, registerStatus, registerApprove, registerReject, registerPreview, registerPause, registerResume, registerReport, registerChanges, registerValidateConfig, registerSetup, registerWorker, registerDev, registerServe, registerPartners, registerCodecServer, registerForgetCustomer, registerErasePerson]) {
    register(program, act);
  }
  return program;
}

/** Run the CLI on argv (without node and script); returns the exit code, never throws. */
export async function runCli(argv: string[], io: CliIo = { stdout: (s) => process.stdout.write(`${s}\n`), stderr: (s) => process.stderr.write(`${s}\n`) }): Promise<ExitCode> {
  const exit: { code: ExitCode } = { code: ExitCode.Ok };
  try {
    await buildProgram(io, exit).parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    const explained = explainError(err);
    io.stderr(`error: ${explained.line}`);
    if (explained.hint) io.stderr(`hint: ${explained.hint}`);
    return explained.exitCode;
  }
}
