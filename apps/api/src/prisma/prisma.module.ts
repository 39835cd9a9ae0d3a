import { Global, Module } from '@nestjs/common';
import { LedgerPool } from './ledger-pool.js';
import { PrismaService } from './prisma.service.js';

@Global()
@Module({ providers: [PrismaService, LedgerPool], exports: [PrismaService, LedgerPool] })
export class PrismaModule {}
