-- CreateTable
CREATE TABLE "FloorSettings" (
    "id" INTEGER NOT NULL,
    "settings" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedById" INTEGER,

    CONSTRAINT "FloorSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FloorAlertAck" (
    "alertId" TEXT NOT NULL,
    "ackedById" INTEGER NOT NULL,
    "ackedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FloorAlertAck_pkey" PRIMARY KEY ("alertId")
);
