// The container image's HEALTHCHECK: GET /healthz where the bot serves it. Plain JavaScript, so
// the check needs nothing but node (the slim image has no curl) and does not load tsx each time.
//
// HTTP mode serves /healthz on PORT; METRICS_PORT, when set, serves it too, in either mode.
// Socket Mode without METRICS_PORT has no port at all: the check cannot tell, and says so rather
// than have the platform restart a bot that may be working.
const { METRICS_PORT, PORT, SLACK_APP_TOKEN } = process.env;
const port = METRICS_PORT || (SLACK_APP_TOKEN ? undefined : PORT || "3000");

if (port === undefined) {
  console.log("Socket Mode without METRICS_PORT: no HTTP port to check; set METRICS_PORT.");
  process.exit(0);
}

try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(4000),
  });
  console.log(`GET /healthz on port ${port}: ${response.status}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.log(
    `GET /healthz on port ${port}: ${error.cause?.code ?? error.cause?.message ?? error.message}`,
  );
  process.exit(1);
}
