import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CallerVault } from './caller-vault.js';
import { CallerRepository } from './caller.repository.js';
import { protectDeadLetter } from './dead-letter-privacy.js';

/** Rows converted per statement. */
const BATCH = 500;

/**
 * Converts what a ledger written before caller encryption holds in clear (demo ledgers, older installs), once at
 * start-up: `Call.callerId` and raw events' `payload.callerId` values that are not hashes become the keyed hash (the
 * number encrypted into `Caller`), and dead letters without `rawCipher` get their raw line encrypted, raw and reason
 * masked, file reduced to its base name. Idempotent (only rows still in clear are touched); batched; logs counts,
 * never numbers.
 *
 * PrivacyModule is global, so Nest runs this hook before the feed consumer's (which starts consuming): the ledger is
 * converted before any new event is folded into it.
 */
@Injectable()
export class CallerBackfillService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CallerBackfillService.name);

  constructor(
    @Inject(CallerVault) private readonly vault: CallerVault,
    private readonly callers: CallerRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const totals = await this.run();
    if (totals.calls || totals.events || totals.deadLetters) {
      this.logger.log(`caller privacy: ${totals.numbers} number(s) in clear hashed and encrypted (${totals.calls} call(s), ${totals.events} raw event(s)); ${totals.deadLetters} dead letter(s) encrypted and masked`);
    }
  }

  /**
   * Converts every row still in clear.
   * @returns counts: distinct numbers protected, calls, raw events and dead letters changed.
   */
  async run(): Promise<{ numbers: number; calls: number; events: number; deadLetters: number }> {
    const totals = { numbers: 0, calls: 0, events: 0, deadLetters: 0 };
    for (;;) {
      const numbers = await this.callers.clearCallNumbers(BATCH);
      if (numbers.length === 0) break;
      totals.numbers += numbers.length;
      const changed = await this.callers.hashCallNumbers(numbers.map((n) => ({ number: n, ...this.vault.protect(n) })));
      totals.calls += changed;
      if (changed === 0) break; // converted by another process meanwhile
    }
    for (;;) {
      const numbers = await this.callers.clearPayloadNumbers(BATCH);
      if (numbers.length === 0) break;
      const changed = await this.callers.hashPayloadNumbers(numbers.map((n) => ({ number: n, ...this.vault.protect(n) })));
      totals.events += changed;
      if (changed === 0) break;
    }
    for (;;) {
      const letters = await this.callers.legacyDeadLetters(BATCH);
      if (letters.length === 0) break;
      const changed = await this.callers.protectDeadLetters(letters.map((d) => ({ id: d.id, ...protectDeadLetter(this.vault, d) })));
      totals.deadLetters += changed;
      if (changed === 0) break;
    }
    return totals;
  }
}
