-- CreateTable
CREATE TABLE "LedgerChange" (
    "seq" BIGSERIAL NOT NULL,
    "xid" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerChange_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "LedgerChange_xid_idx" ON "LedgerChange"("xid");

-- CreateIndex
CREATE INDEX "LedgerChange_createdAt_idx" ON "LedgerChange"("createdAt");
