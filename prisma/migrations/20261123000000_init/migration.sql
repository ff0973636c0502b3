-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('PENDING', 'APPROVED', 'EXECUTING', 'FINISHED', 'FAILED', 'DECLINED', 'CANCELLED', 'EXPIRED');

-- CreateTable
CREATE TABLE "requests" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "action_id" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "team" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "purpose" TEXT NOT NULL,
    "maker_id" TEXT NOT NULL,
    "checker_ids" TEXT[],
    "approvals_required" INTEGER NOT NULL DEFAULT 1,
    "approved_by" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "RequestStatus" NOT NULL DEFAULT 'PENDING',
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "decision_reason" TEXT,
    "execution_started_at" TIMESTAMPTZ(3),
    "executed_at" TIMESTAMPTZ(3),
    "result" JSONB,
    "error" TEXT,
    "duplicate_of_id" UUID,
    "correlation_id" UUID NOT NULL,
    "last_event_id" UUID NOT NULL,

    CONSTRAINT "requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "seq" BIGINT NOT NULL,
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "request_id" UUID,
    "request_number" INTEGER,
    "correlation_id" UUID,
    "causation_id" UUID,
    "actor" TEXT NOT NULL,
    "from_status" "RequestStatus",
    "to_status" "RequestStatus",
    "at" TIMESTAMPTZ(3) NOT NULL,
    "details" JSONB NOT NULL,
    "key_id" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "requests_number_key" ON "requests"("number");

-- CreateIndex
CREATE INDEX "requests_status_created_at_idx" ON "requests"("status", "created_at");

-- CreateIndex
CREATE INDEX "requests_maker_id_created_at_idx" ON "requests"("maker_id", "created_at");

-- CreateIndex
CREATE INDEX "requests_correlation_id_idx" ON "requests"("correlation_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_id_key" ON "audit_events"("id");

-- CreateIndex
CREATE INDEX "audit_events_request_id_seq_idx" ON "audit_events"("request_id", "seq");

-- CreateIndex
CREATE INDEX "audit_events_correlation_id_seq_idx" ON "audit_events"("correlation_id", "seq");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- AddForeignKey
ALTER TABLE "requests" ADD CONSTRAINT "requests_duplicate_of_id_fkey" FOREIGN KEY ("duplicate_of_id") REFERENCES "requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The audit trail is append-only: reject every UPDATE, DELETE and TRUNCATE, whoever asks.
-- Prisma does not model triggers, so they live here and nowhere in schema.prisma.
CREATE FUNCTION "audit_events_reject_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_events_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_reject_change"();

CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_reject_change"();
