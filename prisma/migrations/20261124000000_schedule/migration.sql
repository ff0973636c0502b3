-- Reminders, escalation and expiry (replayed from the audit trail), and the sweep's schedule.
ALTER TABLE "requests" ADD COLUMN     "due_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalated_at" TIMESTAMPTZ(3),
ADD COLUMN     "escalated_to" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "last_reminded_at" TIMESTAMPTZ(3),
ADD COLUMN     "reminders_sent" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "requests_due_at_idx" ON "requests"("due_at");

-- Requests still open are due at once: the first sweep schedules each by the current settings.
UPDATE "requests" SET "due_at" = "updated_at" WHERE "status" IN ('PENDING', 'APPROVED', 'EXECUTING');
