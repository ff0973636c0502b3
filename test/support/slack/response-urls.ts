/** response_url endpoints: what Bolt's `respond()` posts to after a command or a button click. */
import { validateMessage } from "./block-kit-rules.ts";
import { type Workspace, withGeneratedIds } from "./workspace.ts";

type Json = Record<string, unknown>;

/** Where the interaction came from decides what replace_original and in_channel act on. */
export type ResponseSource =
  | { kind: "command"; channel: string }
  | { kind: "message"; channel: string; messageTs: string; ephemeral: boolean };

export interface RecordedResponse {
  id: string;
  url: string;
  userId: string;
  source: ResponseSource;
  body: Json;
  at: number;
  /** Set when Slack would refuse the body (the app's `respond()` then throws). */
  failed?: string;
}

interface Answer {
  status: number;
  body: Json;
}

export class ResponseUrls {
  readonly responses: RecordedResponse[] = [];
  private readonly issued = new Map<string, { userId: string; source: ResponseSource }>();
  private counter = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly baseUrl: () => string,
    private readonly onRecord: (response: RecordedResponse) => void,
  ) {}

  mint(userId: string, source: ResponseSource): string {
    this.counter += 1;
    const id = `${this.ws.identity.teamId}-${this.counter}-${crypto.randomUUID().slice(0, 8)}`;
    this.issued.set(id, { userId, source });
    return `${this.baseUrl()}/response/${id}`;
  }

  handle(id: string, body: Json): Answer {
    const issued = this.issued.get(id);
    if (!issued) return { status: 404, body: { ok: false, error: "invalid_url" } };
    const answer = this.apply(issued.userId, issued.source, body);
    const response: RecordedResponse = {
      id,
      url: `${this.baseUrl()}/response/${id}`,
      userId: issued.userId,
      source: issued.source,
      body,
      at: Date.now(),
    };
    if (answer.status !== 200) response.failed = String(answer.body.error);
    this.responses.push(response);
    this.onRecord(response);
    return answer;
  }

  private apply(userId: string, source: ResponseSource, body: Json): Answer {
    const original =
      source.kind === "message" && !source.ephemeral
        ? this.ws.findMessage(source.channel, source.messageTs)
        : undefined;
    if (body.delete_original === true) {
      if (original) this.ws.deleteMessage(original.channel, original.ts);
      return { status: 200, body: { ok: true } };
    }
    const problems = validateMessage(body);
    if (problems.length > 0) {
      const error = problems.some((p) => p.includes("needs text or blocks"))
        ? "no_text"
        : "invalid_blocks";
      return { status: 400, body: { ok: false, error, errors: problems } };
    }
    if (body.replace_original === true && original) {
      this.ws.updateMessage(original, body);
    } else if (body.response_type === "in_channel") {
      this.ws.postMessage(source.channel, body);
    } else {
      this.ws.ephemerals.push({
        channel: source.channel,
        user: userId,
        ts: this.ws.nextTs(),
        text: typeof body.text === "string" ? body.text : "",
        blocks: withGeneratedIds(body.blocks),
        via: "response_url",
      });
    }
    return { status: 200, body: { ok: true } };
  }
}
