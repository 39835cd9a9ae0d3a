-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "RawEvent" (
    "eventId" TEXT NOT NULL,
    "callId" TEXT,
    "type" TEXT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "streamId" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RawEvent_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "Call" (
    "callId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "offeredAt" TIMESTAMPTZ(3) NOT NULL,
    "startInferred" BOOLEAN NOT NULL DEFAULT false,
    "callerId" TEXT,
    "did" TEXT,
    "category" TEXT,
    "priority" INTEGER,
    "queue" TEXT,
    "queuedAt" TIMESTAMPTZ(3),
    "ivrCompletedAt" TIMESTAMPTZ(3),
    "ivrSeconds" DOUBLE PRECISION,
    "answeredAt" TIMESTAMPTZ(3),
    "agentId" TEXT,
    "waitSeconds" DOUBLE PRECISION,
    "abandonedAt" TIMESTAMPTZ(3),
    "abandonWhere" TEXT,
    "abandonReason" TEXT,
    "endedAt" TIMESTAMPTZ(3),
    "talkSeconds" DOUBLE PRECISION,
    "wrapSeconds" DOUBLE PRECISION,
    "transferred" BOOLEAN NOT NULL DEFAULT false,
    "survey" TEXT,
    "outcome" TEXT NOT NULL,
    "lastEventAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("callId")
);

-- CreateTable
CREATE TABLE "AgentStatus" (
    "agentId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT,
    "callId" TEXT,
    "inferred" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "AgentStatus_pkey" PRIMARY KEY ("agentId")
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "file" TEXT,
    "line" INTEGER,
    "reason" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outage" (
    "id" SERIAL NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Outage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RawEvent_callId_idx" ON "RawEvent"("callId");

-- CreateIndex
CREATE INDEX "RawEvent_type_ts_idx" ON "RawEvent"("type", "ts");

-- CreateIndex
CREATE INDEX "Call_offeredAt_idx" ON "Call"("offeredAt");

-- CreateIndex
CREATE INDEX "Call_outcome_queuedAt_idx" ON "Call"("outcome", "queuedAt");

-- CreateIndex
CREATE INDEX "Call_agentId_offeredAt_idx" ON "Call"("agentId", "offeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_key_key" ON "DeadLetter"("key");

-- CreateIndex
CREATE INDEX "DeadLetter_createdAt_idx" ON "DeadLetter"("createdAt");
