-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "legs" JSONB;
