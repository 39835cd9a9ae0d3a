import { Injectable } from '@nestjs/common';
import type { CallImportMapping, CallImportRowError } from '@hotline/contracts';
import { Prisma, type CallImport, type CallImportPreset } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';

/** What a new import row holds. */
export interface NewCallImport {
  fileName: string | null;
  sha256: string;
  contentType: string;
  encoding: string;
  mapping: CallImportMapping;
  presetName: string | null;
  totalRows: number;
  goodRows: number;
  duplicates: number;
  badRows: number;
  errors: CallImportRowError[];
  fileCipher: string;
  fileKeyId: string;
  createdById: number;
}

/** Progress and outcome fields of an import the job updates. */
export type CallImportProgress = Partial<Pick<CallImport, 'status' | 'rowsDone' | 'eventsWritten' | 'deadLettersWritten' | 'failedReason' | 'startedAt' | 'finishedAt' | 'fileCipher' | 'fileKeyId'>>;

/** Postgres rows of the call imports: presets and import jobs. */
@Injectable()
export class CallImportsRepository {
  constructor(private readonly prisma: PrismaService) {}

  presets(): Promise<CallImportPreset[]> {
    return this.prisma.callImportPreset.findMany({ orderBy: { name: 'asc' } });
  }

  preset(id: number): Promise<CallImportPreset | null> {
    return this.prisma.callImportPreset.findUnique({ where: { id } });
  }

  presetByName(name: string): Promise<CallImportPreset | null> {
    return this.prisma.callImportPreset.findUnique({ where: { name } });
  }

  /** @returns the new preset, or null when the name is taken. */
  async createPreset(name: string, mapping: CallImportMapping, userId: number): Promise<CallImportPreset | null> {
    try {
      return await this.prisma.callImportPreset.create({ data: { name, mapping: mapping as Prisma.InputJsonValue, createdById: userId, updatedById: userId } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }

  /** @returns the updated preset, null when the name is taken by another; throws P2025 when gone (checked before). */
  async updatePreset(id: number, name: string, mapping: CallImportMapping, userId: number): Promise<CallImportPreset | null> {
    try {
      return await this.prisma.callImportPreset.update({ where: { id }, data: { name, mapping: mapping as Prisma.InputJsonValue, updatedById: userId } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
      throw error;
    }
  }

  async deletePreset(id: number): Promise<void> {
    await this.prisma.callImportPreset.delete({ where: { id } });
  }

  createImport(data: NewCallImport): Promise<CallImport> {
    return this.prisma.callImport.create({
      data: { ...data, mapping: data.mapping as Prisma.InputJsonValue, errors: data.errors as unknown as Prisma.InputJsonValue, status: 'queued' },
    });
  }

  import(id: number): Promise<CallImport | null> {
    return this.prisma.callImport.findUnique({ where: { id } });
  }

  /** The newest imports first, without the file. */
  recent(limit: number): Promise<CallImport[]> {
    return this.prisma.callImport.findMany({ orderBy: { id: 'desc' }, take: limit });
  }

  /** The imports of the same bytes that did not fail (queued, running or completed), newest first. */
  sameFile(sha256: string): Promise<CallImport[]> {
    return this.prisma.callImport.findMany({ where: { sha256, status: { not: 'failed' } }, orderBy: { id: 'desc' } });
  }

  async update(id: number, data: CallImportProgress): Promise<void> {
    await this.prisma.callImport.update({ where: { id }, data });
  }
}
