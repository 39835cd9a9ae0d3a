-- CreateTable
CREATE TABLE "KnowledgeArticle" (
    "id" SERIAL NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "retiredAt" TIMESTAMPTZ(3),
    "retiredById" INTEGER,
    "retireReason" TEXT,

    CONSTRAINT "KnowledgeArticle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgeArticleVersion" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "businessTypeCode" TEXT NOT NULL,
    "keywords" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sourceDocument" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "authorId" INTEGER NOT NULL,
    "submittedById" INTEGER,
    "submittedAt" TIMESTAMPTZ(3),
    "submitNote" TEXT,
    "reviewedById" INTEGER,
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewNote" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "KnowledgeArticleVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgeCase" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "recordingRef" TEXT,
    "lesson" TEXT NOT NULL,
    "businessTypeCode" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "question" TEXT,
    "outcome" TEXT,
    "callId" TEXT,
    "agentId" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnowledgeCase_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KnowledgeArticleVersion_status_idx" ON "KnowledgeArticleVersion"("status");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeArticleVersion_articleId_version_key" ON "KnowledgeArticleVersion"("articleId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeCase_requestId_key" ON "KnowledgeCase"("requestId");

-- CreateIndex
CREATE INDEX "KnowledgeCase_businessTypeCode_idx" ON "KnowledgeCase"("businessTypeCode");

-- AddForeignKey
ALTER TABLE "KnowledgeArticleVersion" ADD CONSTRAINT "KnowledgeArticleVersion_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "KnowledgeArticle"("id") ON DELETE CASCADE ON UPDATE CASCADE;
