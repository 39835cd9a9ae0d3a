-- CreateTable
CREATE TABLE "IntakeSource" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "silenceMinutes" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" INTEGER,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IntakeSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntakeKey" (
    "keyId" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "sourceId" INTEGER NOT NULL,
    "secretCipher" TEXT NOT NULL,
    "secretKeyId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" INTEGER,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" INTEGER,
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "IntakeKey_pkey" PRIMARY KEY ("keyId")
);

-- CreateIndex
CREATE UNIQUE INDEX "IntakeSource_name_key" ON "IntakeSource"("name");

-- CreateIndex
CREATE INDEX "IntakeKey_sourceId_idx" ON "IntakeKey"("sourceId");

-- AddForeignKey
ALTER TABLE "IntakeKey" ADD CONSTRAINT "IntakeKey_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "IntakeSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;
