-- AlterTable
ALTER TABLE "DeadLetter" ADD COLUMN     "requeuedEventIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "resolvedAt" TIMESTAMPTZ(3),
ADD COLUMN     "resolvedById" INTEGER,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'open';

-- CreateIndex
CREATE INDEX "DeadLetter_status_id_idx" ON "DeadLetter"("status", "id");
