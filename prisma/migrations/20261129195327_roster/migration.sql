-- CreateTable
CREATE TABLE "Roster" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "startDate" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Roster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RosterVersion" (
    "id" SERIAL NOT NULL,
    "rosterId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "basedOnId" INTEGER,
    "jobId" TEXT,
    "problem" JSONB NOT NULL,
    "content" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "solve" JSONB,
    "ledgerAfter" JSONB,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RosterVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Roster_name_startDate_days_key" ON "Roster"("name", "startDate", "days");

-- CreateIndex
CREATE UNIQUE INDEX "RosterVersion_jobId_key" ON "RosterVersion"("jobId");

-- CreateIndex
CREATE INDEX "RosterVersion_status_rosterId_idx" ON "RosterVersion"("status", "rosterId");

-- CreateIndex
CREATE UNIQUE INDEX "RosterVersion_rosterId_version_key" ON "RosterVersion"("rosterId", "version");

-- AddForeignKey
ALTER TABLE "RosterVersion" ADD CONSTRAINT "RosterVersion_rosterId_fkey" FOREIGN KEY ("rosterId") REFERENCES "Roster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
