-- CreateTable
CREATE TABLE "ForecastDayMark" (
    "day" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" INTEGER NOT NULL,

    CONSTRAINT "ForecastDayMark_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "ForecastSpecialDay" (
    "day" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" INTEGER NOT NULL,

    CONSTRAINT "ForecastSpecialDay_pkey" PRIMARY KEY ("day")
);
