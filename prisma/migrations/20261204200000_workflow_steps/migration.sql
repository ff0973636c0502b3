-- A request filed by a Workflow Builder step records the step's execution, so that the step is
-- completed when the request closes. One request per execution: Slack may deliver the
-- function_executed event again (a retry, another replica), and the second insert fails here.
ALTER TABLE "requests" ADD COLUMN "workflow_step" JSONB;

CREATE UNIQUE INDEX "requests_workflow_step_execution_key"
  ON "requests" (("workflow_step" ->> 'executionId'))
  WHERE "workflow_step" IS NOT NULL;
