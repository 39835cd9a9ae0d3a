-- CreateTable
CREATE TABLE "CallRollup" (
    "intervalStart" TIMESTAMPTZ(3) NOT NULL,
    "category" TEXT NOT NULL DEFAULT '',
    "ivrChoice" TEXT NOT NULL DEFAULT '',
    "queue" TEXT NOT NULL DEFAULT '',
    "requests" INTEGER NOT NULL DEFAULT 0,
    "agentAnswered" INTEGER NOT NULL DEFAULT 0,
    "ivrAnswered" INTEGER NOT NULL DEFAULT 0,
    "abandonedInQueue" INTEGER NOT NULL DEFAULT 0,
    "abandonedInIvr" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "answeredWithinTarget" INTEGER NOT NULL DEFAULT 0,
    "waitSecondsAnswered" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "handled" INTEGER NOT NULL DEFAULT 0,
    "handleSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "excludedOutage" INTEGER NOT NULL DEFAULT 0,
    "outageAgentAnswered" INTEGER NOT NULL DEFAULT 0,
    "outageIvrAnswered" INTEGER NOT NULL DEFAULT 0,
    "excludedShortIvr" INTEGER NOT NULL DEFAULT 0,
    "surveyResponses" INTEGER NOT NULL DEFAULT 0,
    "surveySatisfied" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CallRollup_pkey" PRIMARY KEY ("intervalStart","category","ivrChoice","queue")
);

-- CreateTable
CREATE TABLE "AgentRollup" (
    "intervalStart" TIMESTAMPTZ(3) NOT NULL,
    "agentId" TEXT NOT NULL,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "handled" INTEGER NOT NULL DEFAULT 0,
    "talkSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "AgentRollup_pkey" PRIMARY KEY ("intervalStart","agentId")
);

-- CreateTable
CREATE TABLE "RollupState" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "timeZone" TEXT NOT NULL,
    "intervalMinutes" INTEGER NOT NULL,
    "serviceLevelSeconds" DOUBLE PRECISION NOT NULL,
    "shortIvrExcludeSeconds" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RollupState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupCheck" (
    "id" SERIAL NOT NULL,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "periodFrom" TIMESTAMPTZ(3) NOT NULL,
    "periodTo" TIMESTAMPTZ(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "differences" INTEGER NOT NULL,
    "sample" JSONB NOT NULL,
    "repaired" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "RollupCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RollupCheck_checkedAt_idx" ON "RollupCheck"("checkedAt");
