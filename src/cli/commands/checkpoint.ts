import { createCheckpoint } from "../../audit/checkpoint.ts";
import { type AuditCommand, EXIT } from "../command.ts";

export const checkpointCommand: AuditCommand = {
  synopsis: "",
  summary: "Print a signed checkpoint of the chain's head (JSON) to store away from the database",
  options: {},
  prepare() {
    return async ({ trail, key, stdout, stderr }) => {
      const checkpoint = await createCheckpoint(trail, key);
      stdout.write(`${JSON.stringify(checkpoint, null, 2)}\n`);
      // A checkpoint the database admins can rewrite proves nothing against them.
      stderr.write(
        `Store this checkpoint where the database admins cannot write (a ticket, a write-once bucket, an email to compliance). Later, "npm run audit -- verify --checkpoint FILE" proves that no event up to #${checkpoint.seq} was removed or changed.\n`,
      );
      return EXIT.ok;
    };
  },
};
