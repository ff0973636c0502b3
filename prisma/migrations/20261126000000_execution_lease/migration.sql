-- The process holding the lease of an EXECUTING request (scheduling, not history): its instance
-- id, this run of it and its process id. A process that starts takes over at once the leases an
-- earlier run of itself left; running requests from before this migration have none recorded
-- and are taken over when their lease runs out, as before.
ALTER TABLE "requests" ADD COLUMN     "lease_incarnation" UUID,
ADD COLUMN     "lease_instance" TEXT,
ADD COLUMN     "lease_pid" INTEGER;
