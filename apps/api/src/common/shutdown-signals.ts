/**
 * The signals the API shuts down gracefully on (Nest's `enableShutdownHooks`). Never the fault signals (SIGSEGV,
 * SIGBUS, SIGFPE, SIGILL): a JavaScript listener for SIGSEGV replaces the handler V8 uses to turn a WebAssembly
 * out-of-bounds access into a catchable `RuntimeError`, so a HiGHS trap in the solver's worker thread would re-fault
 * forever and the API would stop answering (Nest's default list includes SIGSEGV). `test/shutdown-signals.spec.ts`
 * shows both.
 */
export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
