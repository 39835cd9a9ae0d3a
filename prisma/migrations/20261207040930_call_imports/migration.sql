-- Call-record (话单/CDR) imports (issue 12): saved column mappings and the import jobs.

-- CreateTable
CREATE TABLE "CallImportPreset" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "createdById" INTEGER NOT NULL,
    "updatedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CallImportPreset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallImport" (
    "id" SERIAL NOT NULL,
    "fileName" TEXT,
    "sha256" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "encoding" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "presetName" TEXT,
    "status" TEXT NOT NULL,
    "totalRows" INTEGER NOT NULL,
    "rowsDone" INTEGER NOT NULL DEFAULT 0,
    "goodRows" INTEGER NOT NULL,
    "duplicates" INTEGER NOT NULL,
    "badRows" INTEGER NOT NULL,
    "eventsWritten" INTEGER NOT NULL DEFAULT 0,
    "deadLettersWritten" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL,
    "failedReason" TEXT,
    "fileCipher" TEXT,
    "fileKeyId" TEXT,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CallImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CallImportPreset_name_key" ON "CallImportPreset"("name");

-- CreateIndex
CREATE INDEX "CallImport_sha256_idx" ON "CallImport"("sha256");

-- CreateIndex
CREATE INDEX "CallImport_createdAt_idx" ON "CallImport"("createdAt");
