-- Business types (业务类型, issue 12): the two-level tree, its mappings, and the IVR menu choice kept on each call.

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "ivrChoice" TEXT;

-- CreateTable
CREATE TABLE "BusinessType" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "parentId" INTEGER,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BusinessType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BusinessTypeRule" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "match" TEXT NOT NULL,
    "typeId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BusinessTypeRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BusinessType_code_key" ON "BusinessType"("code");

-- CreateIndex
CREATE INDEX "BusinessTypeRule_typeId_idx" ON "BusinessTypeRule"("typeId");

-- CreateIndex
CREATE UNIQUE INDEX "BusinessTypeRule_kind_match_key" ON "BusinessTypeRule"("kind", "match");

-- AddForeignKey
ALTER TABLE "BusinessType" ADD CONSTRAINT "BusinessType_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "BusinessType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessTypeRule" ADD CONSTRAINT "BusinessTypeRule_typeId_fkey" FOREIGN KEY ("typeId") REFERENCES "BusinessType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Seed: the tender's default tree (libs/kpi DEFAULT_BUSINESS_TYPES; tender-zh.txt 一(一)1: 用户信息管理、机动车业务、
-- 驾驶证业务、投诉建议受理等), with 投诉建议 split into its two named parts and 其他 for the rest.
INSERT INTO "BusinessType" ("code", "parentId", "nameZh", "nameEn", "sortOrder", "active", "updatedAt") VALUES
    ('user-info', NULL, '用户信息管理', 'User information management', 10, true, CURRENT_TIMESTAMP),
    ('motor-vehicle', NULL, '机动车业务', 'Motor-vehicle business', 20, true, CURRENT_TIMESTAMP),
    ('driving-licence', NULL, '驾驶证业务', 'Driving-licence business', 30, true, CURRENT_TIMESTAMP),
    ('complaint-suggestion', NULL, '投诉建议', 'Complaints and suggestions', 40, true, CURRENT_TIMESTAMP),
    ('other', NULL, '其他', 'Other', 90, true, CURRENT_TIMESTAMP);
INSERT INTO "BusinessType" ("code", "parentId", "nameZh", "nameEn", "sortOrder", "active", "updatedAt")
    SELECT c.code, p."id", c.name_zh, c.name_en, c.sort_order, true, CURRENT_TIMESTAMP
    FROM (VALUES ('complaint', '投诉', 'Complaint', 10), ('suggestion', '建议', 'Suggestion', 20)) AS c(code, name_zh, name_en, sort_order)
    JOIN "BusinessType" p ON p."code" = 'complaint-suggestion';
