-- The Home tab: per-person preferences, and indexes for its filters (newest first).
-- CreateTable
CREATE TABLE "home_preferences" (
    "user_id" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "home_preferences_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE INDEX "requests_status_number_idx" ON "requests"("status", "number" DESC);

-- CreateIndex
CREATE INDEX "requests_maker_id_number_idx" ON "requests"("maker_id", "number" DESC);

-- CreateIndex
CREATE INDEX "requests_environment_number_idx" ON "requests"("environment", "number" DESC);

-- CreateIndex
CREATE INDEX "requests_team_number_idx" ON "requests"("team", "number" DESC);

-- CreateIndex
CREATE INDEX "requests_action_id_number_idx" ON "requests"("action_id", "number" DESC);

-- CreateIndex
CREATE INDEX "requests_checker_ids_idx" ON "requests" USING GIN ("checker_ids");

