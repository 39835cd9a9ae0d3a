/**
 * The signals the API shuts down gracefully on. Never the fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL): a
 * JavaScript listener for SIGSEGV replaces the handler V8 uses to turn a WebAssembly out-of-bounds access into a
 * catchable `RuntimeError`, so a HiGHS trap in the solver's worker thread would re-fault forever and the API would
 * stop answering (Nest's default list includes SIGSEGV). `test/shutdown-signals.spec.ts` shows both.
 */
export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** One of {@link SHUTDOWN_SIGNALS}. */
export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

/** Exit status of a process ended by a signal, by shell convention (128 + the signal's number). */
const SIGNAL_EXIT: Record<ShutdownSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** What {@link ProcessLifecycle} closes once the API runs (a Nest application). */
export interface Closable {
  close(signal?: string): Promise<void>;
}

/** How {@link ProcessLifecycle} reports and exits (the process's own, unless a test gives others). */
export interface LifecycleIo {
  write(line: string): void;
  exit(code: number): void;
}

/**
 * The API's shutdown signals, from the first line of start-up to the exit (Nest's `enableShutdownHooks` is not
 * used: a signal that arrives while Nest initialises waits for the initialisation, so an API hung on a dependency
 * at start-up ignored SIGTERM). A signal always ends the process:
 * - while starting (before {@link running}): at once, exit 128 + signal number — nothing is in flight yet that a
 *   restart would not redo (an unacknowledged feed entry is read again);
 * - while running: a graceful stop — `app.close()` runs Nest's shutdown phases (the feed consumer finishes and
 *   acknowledges its batch in flight, the HTTP server closes, then Redis and Postgres) — then exit 0; exit 1 when it
 *   fails or takes longer than `shutdownTimeoutMs` (HOTLINE_SHUTDOWN_TIMEOUT_SECONDS);
 * - a second signal during a graceful stop: at once, exit 128 + signal number.
 */
export class ProcessLifecycle {
  private app: Closable | undefined;
  private state: 'starting' | 'running' | 'stopping' = 'starting';
  private readonly handler = (signal: NodeJS.Signals) => this.onSignal(signal as ShutdownSignal);

  constructor(
    private readonly shutdownTimeoutMs: number,
    private readonly io: LifecycleIo = { write: (line) => process.stderr.write(`${line}\n`), exit: (code) => process.exit(code) },
  ) {}

  /** Starts listening on {@link SHUTDOWN_SIGNALS} (call first thing at start-up). */
  listen(): this {
    for (const signal of SHUTDOWN_SIGNALS) process.on(signal, this.handler);
    return this;
  }

  /** The API is up: from now on a signal stops it gracefully. */
  running(app: Closable): void {
    this.app = app;
    if (this.state === 'starting') this.state = 'running';
  }

  /** Stops listening (tests). */
  dispose(): void {
    for (const signal of SHUTDOWN_SIGNALS) process.removeListener(signal, this.handler);
  }

  private onSignal(signal: ShutdownSignal): void {
    const code = SIGNAL_EXIT[signal] ?? 1;
    if (this.state === 'starting' || !this.app) {
      this.io.write(`hotline api: ${signal} during start-up: exiting`);
      this.io.exit(code);
      return;
    }
    if (this.state === 'stopping') {
      this.io.write(`hotline api: ${signal} again during the shutdown: exiting without waiting`);
      this.io.exit(code);
      return;
    }
    this.state = 'stopping';
    const seconds = Math.round(this.shutdownTimeoutMs / 1000);
    const timer = setTimeout(() => {
      this.io.write(`hotline api: the shutdown did not finish within ${seconds} s (HOTLINE_SHUTDOWN_TIMEOUT_SECONDS): exiting`);
      this.io.exit(1);
    }, this.shutdownTimeoutMs);
    this.app.close(signal).then(
      () => {
        clearTimeout(timer);
        this.io.exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        this.io.write(`hotline api: the shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        this.io.exit(1);
      },
    );
  }
}
