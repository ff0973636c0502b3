-- Repeats of a refused attempt (same request, actor, attempt and code) within a window: the first
-- is sealed in the audit trail at once, the repeats are counted here and sealed as one
-- ATTEMPT_REFUSED with their count once the window has closed. Rows are working state, removed
-- as they are sealed; the application role changes them like any other table.

-- CreateTable
CREATE TABLE "refusal_tallies" (
    "subject" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "attempted" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "first_event_id" UUID NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "repeats" INTEGER NOT NULL DEFAULT 0,
    "first_repeat_at" TIMESTAMPTZ(3),
    "last_repeat_at" TIMESTAMPTZ(3),

    CONSTRAINT "refusal_tallies_pkey" PRIMARY KEY ("subject","actor","attempted","code")
);

-- CreateIndex
CREATE INDEX "refusal_tallies_opened_at_idx" ON "refusal_tallies"("opened_at");
