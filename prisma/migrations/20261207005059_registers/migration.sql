-- AlterTable
ALTER TABLE "User" ADD COLUMN     "disabledAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "RegisterMonth" (
    "id" SERIAL NOT NULL,
    "register" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "closedById" INTEGER,
    "closedAt" TIMESTAMPTZ(3),
    "confirmedById" INTEGER,
    "confirmedAt" TIMESTAMPTZ(3),
    "note" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RegisterMonth_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" SERIAL NOT NULL,
    "callId" TEXT,
    "callerHash" TEXT,
    "answeredAt" TIMESTAMPTZ(3) NOT NULL,
    "month" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "rawRating" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" SERIAL NOT NULL,
    "month" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "callId" TEXT,
    "agentId" TEXT,
    "callerHash" TEXT,
    "callerMasked" TEXT,
    "content" TEXT NOT NULL,
    "verdict" TEXT NOT NULL DEFAULT 'pending',
    "verdictReason" TEXT,
    "adjudicatedById" INTEGER,
    "adjudicatedAt" TIMESTAMPTZ(3),
    "correctionReason" TEXT,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingSession" (
    "id" SERIAL NOT NULL,
    "month" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "trainer" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attendees" INTEGER[],
    "attachmentName" TEXT,
    "attachmentType" TEXT,
    "attachmentSha256" TEXT,
    "attachment" BYTEA,
    "correctionReason" TEXT,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TrainingSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConfidentialityIncident" (
    "id" SERIAL NOT NULL,
    "month" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "consequences" BOOLEAN NOT NULL,
    "consequenceDetail" TEXT,
    "correctionReason" TEXT,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConfidentialityIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportRecord" (
    "id" SERIAL NOT NULL,
    "month" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" TIMESTAMPTZ(3),
    "submittedAt" TIMESTAMPTZ(3),
    "submittedById" INTEGER,

    CONSTRAINT "ReportRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportFinding" (
    "id" SERIAL NOT NULL,
    "reportId" INTEGER NOT NULL,
    "itemsMissing" INTEGER NOT NULL,
    "untruthful" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "correctionReason" TEXT,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoredDocument" (
    "id" SERIAL NOT NULL,
    "reportId" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonthNarrative" (
    "month" TEXT NOT NULL,
    "problems" TEXT NOT NULL DEFAULT '',
    "improvements" TEXT NOT NULL DEFAULT '',
    "updatedById" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MonthNarrative_pkey" PRIMARY KEY ("month")
);

-- CreateTable
CREATE TABLE "QaForm" (
    "version" SERIAL NOT NULL,
    "items" JSONB NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QaForm_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "QaSample" (
    "id" SERIAL NOT NULL,
    "month" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "quota" INTEGER NOT NULL,
    "agentAnswered" INTEGER NOT NULL,
    "drawnById" INTEGER NOT NULL,
    "drawnAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QaSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaSampleCall" (
    "id" SERIAL NOT NULL,
    "sampleId" INTEGER NOT NULL,
    "callId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "shift" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT,
    "note" TEXT,
    "addedById" INTEGER,

    CONSTRAINT "QaSampleCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaReview" (
    "id" SERIAL NOT NULL,
    "sampleCallId" INTEGER NOT NULL,
    "formVersion" INTEGER NOT NULL,
    "scores" JSONB NOT NULL,
    "total" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "correctionReason" TEXT,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QaReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QaRecheck" (
    "id" SERIAL NOT NULL,
    "sampleCallId" INTEGER NOT NULL,
    "errorFound" BOOLEAN NOT NULL,
    "note" TEXT NOT NULL,
    "correctionReason" TEXT,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QaRecheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RegisterMonth_register_month_key" ON "RegisterMonth"("register", "month");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_callId_key" ON "SurveyAnswer"("callId");

-- CreateIndex
CREATE INDEX "SurveyAnswer_month_idx" ON "SurveyAnswer"("month");

-- CreateIndex
CREATE INDEX "Complaint_month_idx" ON "Complaint"("month");

-- CreateIndex
CREATE INDEX "Complaint_callId_idx" ON "Complaint"("callId");

-- CreateIndex
CREATE INDEX "TrainingSession_month_idx" ON "TrainingSession"("month");

-- CreateIndex
CREATE INDEX "ConfidentialityIncident_month_idx" ON "ConfidentialityIncident"("month");

-- CreateIndex
CREATE UNIQUE INDEX "ReportRecord_month_kind_key" ON "ReportRecord"("month", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "QaSample_month_key" ON "QaSample"("month");

-- CreateIndex
CREATE UNIQUE INDEX "QaSampleCall_sampleId_callId_key" ON "QaSampleCall"("sampleId", "callId");

-- CreateIndex
CREATE INDEX "QaReview_sampleCallId_createdAt_idx" ON "QaReview"("sampleCallId", "createdAt");

-- AddForeignKey
ALTER TABLE "ReportFinding" ADD CONSTRAINT "ReportFinding_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ReportRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoredDocument" ADD CONSTRAINT "StoredDocument_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ReportRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaSampleCall" ADD CONSTRAINT "QaSampleCall_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "QaSample"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaReview" ADD CONSTRAINT "QaReview_sampleCallId_fkey" FOREIGN KEY ("sampleCallId") REFERENCES "QaSampleCall"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QaRecheck" ADD CONSTRAINT "QaRecheck_sampleCallId_fkey" FOREIGN KEY ("sampleCallId") REFERENCES "QaSampleCall"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The default QA form (version 1): 服务规范 20, 业务准确 30, 沟通技巧 20, 流程合规 15, 信息保密 15 (100 points).
INSERT INTO "QaForm" ("items") VALUES ('[{"key":"service_norms","label":"服务规范","maxPoints":20},{"key":"accuracy","label":"业务准确","maxPoints":30},{"key":"communication","label":"沟通技巧","maxPoints":20},{"key":"process","label":"流程合规","maxPoints":15},{"key":"confidentiality","label":"信息保密","maxPoints":15}]');
