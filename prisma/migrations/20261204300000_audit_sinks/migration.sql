-- Where each audit sink (an HTTP collector, a file directory, a NATS JetStream subject) has got
-- to in the trail: the last seq its receiver acknowledged, the signed checkpoint waiting to follow
-- the events it covers, and which replica delivers it now (a lease). The cursor only moves by a
-- compare-and-set of its own, after the receiver acknowledged: src/db/prisma-sink-cursors.ts.

-- CreateTable
CREATE TABLE "audit_sink_cursors" (
    "name" TEXT NOT NULL,
    "last_seq" BIGINT NOT NULL DEFAULT 0,
    "pending_checkpoint" JSONB,
    "last_checkpoint_seq" BIGINT,
    "lease_holder" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "last_delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "audit_sink_cursors_pkey" PRIMARY KEY ("name")
);
