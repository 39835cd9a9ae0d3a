-- CreateTable
CREATE TABLE "ServiceRequest" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "callId" TEXT,
    "agentId" TEXT,
    "createdById" INTEGER NOT NULL,
    "businessTypeCode" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "question" TEXT,
    "outcome" TEXT,
    "referredTo" TEXT,
    "workOrderNo" TEXT,
    "complaintId" INTEGER,
    "callerHash" TEXT,
    "callerMasked" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "day" TEXT NOT NULL,
    "completedAt" TIMESTAMPTZ(3),
    "articleIds" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ServiceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceRequest_complaintId_key" ON "ServiceRequest"("complaintId");

-- CreateIndex
CREATE INDEX "ServiceRequest_day_businessTypeCode_idx" ON "ServiceRequest"("day", "businessTypeCode");

-- CreateIndex
CREATE INDEX "ServiceRequest_createdById_receivedAt_idx" ON "ServiceRequest"("createdById", "receivedAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_callId_idx" ON "ServiceRequest"("callId");

-- CreateIndex
CREATE INDEX "ServiceRequest_callerHash_receivedAt_idx" ON "ServiceRequest"("callerHash", "receivedAt");
