-- Hot writes in one round trip, with the audit chain's lock held for the seal alone.
--
-- A change (a request inserted or moved on with a compare-and-set, the messages it queues in the
-- outbox) is one call of request_change(), which ends by taking the chain's lock and reading its
-- head. The caller then seals its events with the audit key (which never leaves the
-- application: it would show in the server's logs), inserts them, and commits. The lock is thus
-- held for one insert and the commit, not for the whole transaction.
--
-- Plain PL/pgSQL that PostgreSQL and PGlite both run; VOLATILE, so each statement in these
-- functions takes a fresh snapshot: the head read after the lock is granted sees what the writer
-- before committed, which a single SELECT (whose snapshot predates the lock) would not.

-- Takes the chain's lock (until commit or rollback) and returns its head: no row when the trail
-- is empty. The key is the one every writer of the trail uses, older releases included.
CREATE FUNCTION "audit_chain_head"()
RETURNS TABLE ("head_seq" BIGINT, "head_hash" TEXT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1098212457); -- 0x41756469, "Audi"
  RETURN QUERY SELECT e."seq", e."hash" FROM "audit_events" e ORDER BY e."seq" DESC LIMIT 1;
END;
$$;

-- Queues messages in the outbox, in the order given (a later draft of the same key wins). Each
-- draft is an object {key, request_id, recipient, thread_key, payload, hold_until}. `revise`
-- replaces the content of a message already queued or sent (it is then sent again, as an edit);
-- otherwise an existing key is left as it is. A held edit of a shown message waits; one already
-- waiting keeps the earlier time, so a run of intermediate states is never held longer than the
-- first one. Returns how many drafts it wrote.
CREATE FUNCTION "outbox_enqueue"("drafts" JSONB, "at" TIMESTAMPTZ, "revise" BOOLEAN)
RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  d RECORD;
  written INTEGER := 0;
BEGIN
  FOR d IN
    SELECT x."key", x."request_id", x."recipient", x."thread_key", x."payload", x."hold_until"
    FROM jsonb_array_elements(COALESCE("drafts", '[]'::jsonb)) WITH ORDINALITY AS a("draft", "ord")
    CROSS JOIN LATERAL jsonb_to_record(a."draft") AS x(
      "key" TEXT, "request_id" UUID, "recipient" TEXT, "thread_key" TEXT, "payload" JSONB,
      "hold_until" TIMESTAMPTZ)
    ORDER BY a."ord"
  LOOP
    IF "revise" THEN
      INSERT INTO "outbox_messages" AS o
        ("key", "request_id", "recipient", "thread_key", "payload", "next_attempt_at",
         "created_at", "updated_at")
      VALUES (d."key", d."request_id", d."recipient", d."thread_key", d."payload", "at", "at", "at")
      ON CONFLICT ("key") DO UPDATE SET
        "payload" = excluded."payload",
        "revision" = o."revision" + 1,
        "status" = 'PENDING',
        "attempts" = 0,
        "next_attempt_at" = CASE
          WHEN d."hold_until" IS NULL OR o."ts" IS NULL THEN excluded."next_attempt_at"
          WHEN o."status" = 'PENDING' THEN LEAST(o."next_attempt_at", d."hold_until")
          ELSE d."hold_until" END,
        "last_error" = NULL,
        "updated_at" = excluded."updated_at";
    ELSE
      INSERT INTO "outbox_messages"
        ("key", "request_id", "recipient", "thread_key", "payload", "next_attempt_at",
         "created_at", "updated_at")
      VALUES (d."key", d."request_id", d."recipient", d."thread_key", d."payload", "at", "at", "at")
      ON CONFLICT ("key") DO NOTHING;
    END IF;
    written := written + 1;
  END LOOP;
  RETURN written;
END;
$$;

-- One change to a request, all but the seal: writes the request row (`request`, an object keyed
-- by column name), inserted when `expected_version` is null, else updated only if its version is
-- still `expected_version` (the compare-and-set); with no request, nothing is written to it.
-- Then queues `outbox` (see outbox_enqueue), and, when `seal` is set, takes the chain's lock and
-- returns its head, last, so that no row lock is ever awaited while the chain's lock is held.
-- `applied` is false, and nothing was written, when the compare-and-set found another version.
CREATE FUNCTION "request_change"(
  "request" JSONB, "expected_version" INTEGER, "outbox" JSONB, "at" TIMESTAMPTZ, "seal" BOOLEAN)
RETURNS TABLE ("applied" BOOLEAN, "head_seq" BIGINT, "head_hash" TEXT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  column_list TEXT;
  assignments TEXT;
  changed INTEGER;
BEGIN
  IF "request" IS NOT NULL THEN
    -- The columns are the keys of `request`: %I quotes each, and an unknown one is an error.
    SELECT string_agg(format('%I', k), ', '), string_agg(format('%I = p.%I', k, k), ', ')
      INTO column_list, assignments
      FROM jsonb_object_keys("request") AS k;
    IF "expected_version" IS NULL THEN
      EXECUTE format(
        'INSERT INTO "requests" (%s) SELECT %s FROM jsonb_populate_record(NULL::"requests", $1)',
        column_list, column_list)
        USING "request";
    ELSE
      EXECUTE format(
        'UPDATE "requests" r SET %s FROM jsonb_populate_record(NULL::"requests", $1) p '
        'WHERE r."id" = p."id" AND r."version" = $2', assignments)
        USING "request", "expected_version";
      GET DIAGNOSTICS changed = ROW_COUNT;
      IF changed = 0 THEN
        RETURN QUERY SELECT false, NULL::BIGINT, NULL::TEXT;
        RETURN;
      END IF;
    END IF;
  END IF;
  PERFORM "outbox_enqueue"("outbox", "at", true);
  IF "seal" THEN
    RETURN QUERY SELECT true, h."head_seq", h."head_hash"
      FROM (SELECT 1) AS one LEFT JOIN "audit_chain_head"() AS h ON true;
  ELSE
    RETURN QUERY SELECT true, NULL::BIGINT, NULL::TEXT;
  END IF;
END;
$$;
