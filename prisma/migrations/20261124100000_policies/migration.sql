-- CreateEnum
CREATE TYPE "ReviewVerdict" AS ENUM ('ACKNOWLEDGED', 'FLAGGED');

-- AlterTable
ALTER TABLE "requests" ADD COLUMN     "break_glass_reason" TEXT,
ADD COLUMN     "on_behalf_of" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "review_note" TEXT,
ADD COLUMN     "review_verdict" "ReviewVerdict",
ADD COLUMN     "reviewed_at" TIMESTAMPTZ(3),
ADD COLUMN     "reviewed_by" TEXT;

-- CreateTable
CREATE TABLE "delegations" (
    "id" UUID NOT NULL,
    "checker_id" TEXT NOT NULL,
    "delegate_id" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "activated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "delegations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delegations_checker_id_ends_at_idx" ON "delegations"("checker_id", "ends_at");

-- CreateIndex
CREATE INDEX "delegations_activated_at_starts_at_idx" ON "delegations"("activated_at", "starts_at");


-- Break-glass uses, newest first, for the Home tab's filter and `audit export --break-glass`:
-- few rows among many, so a partial index (Prisma's schema cannot declare one).
CREATE INDEX "requests_break_glass_number_idx" ON "requests"("number" DESC)
  WHERE "break_glass_reason" IS NOT NULL;
