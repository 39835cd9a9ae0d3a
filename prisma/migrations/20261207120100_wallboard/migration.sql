-- CreateTable
CREATE TABLE "WallboardToken" (
    "id" SERIAL NOT NULL,
    "label" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" INTEGER,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" INTEGER,
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "WallboardToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WallboardToken_tokenHash_key" ON "WallboardToken"("tokenHash");
