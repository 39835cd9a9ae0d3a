-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "answerInferred" BOOLEAN NOT NULL DEFAULT false;
