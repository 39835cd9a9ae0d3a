import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CallerBackfillService } from './caller-backfill.service.js';
import { CallerVault } from './caller-vault.js';
import { CallerRepository } from './caller.repository.js';

/**
 * Caller privacy (global): the vault that encrypts and hashes callers' numbers (HOTLINE_CALLER_KEYS,
 * HOTLINE_CALLER_HMAC_KEY), the Caller table, and the start-up conversion of rows stored in clear before.
 */
@Global()
@Module({
  providers: [
    { provide: CallerVault, useFactory: (config: AppConfig) => CallerVault.fromConfig(config), inject: [APP_CONFIG] },
    CallerRepository,
    CallerBackfillService,
  ],
  exports: [CallerVault, CallerRepository],
})
export class PrivacyModule {}
