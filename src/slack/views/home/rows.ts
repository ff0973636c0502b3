import type { ActionsBlock, Button, KnownBlock, SectionBlock } from "@slack/types";
import type { ActionDefinition } from "../../../factory/types.ts";
import type { RequestRecord } from "../../../requests/types.ts";
import { buttonValue } from "../../forms/request-form.ts";
import { ACTION, HOME_ACTION, type HomeSection, homeRowBlockId } from "../../ids.ts";
import { button, mention, mentions, oneLine, plural, SLACK, safe, truncate } from "../blocks.ts";
import { environmentName } from "../environment-name.ts";
import { decisionButtonsAsking, makerButtons } from "../request-buttons.ts";
import { actionTitle, statusLabel } from "../request-details.ts";
import { plainWhatLine } from "../request-summary.ts";
import { formatAge, statusSince } from "./age.ts";

/** How much of each piece of user text a one-line summary shows. */
const TITLE_MAX = 120;
const ENVIRONMENT_MAX = 60;
const TEAM_MAX = 100;
const PURPOSE_MAX = 200;

/** "*#12* Billing waiver · production · Acme Corp" (escaped mrkdwn). */
export function summaryLine(request: RequestRecord, action: ActionDefinition | undefined): string {
  return [
    `*#${request.number}* ${safe(oneLine(actionTitle(request, action)), TITLE_MAX)}`,
    safe(oneLine(environmentName(request, action)), ENVIRONMENT_MAX),
    safe(oneLine(request.team), TEAM_MAX),
  ].join(" · ");
}

/** A section with the row's text and a "Details" button that opens the request's story. */
function rowSection(section: HomeSection, request: RequestRecord, lines: string[]): SectionBlock {
  return {
    type: "section",
    block_id: homeRowBlockId(section, request.number),
    text: { type: "mrkdwn", text: truncate(lines.join("\n"), SLACK.sectionText) },
    accessory: {
      ...button({ text: "Details", actionId: HOME_ACTION.details, value: buttonValue(request.id) }),
      accessibility_label: `Details of request #${request.number}`,
    },
  };
}

/** Slack's limit on a button's accessibility_label. */
const LABEL_MAX = 75;

/**
 * Each row's buttons say which request they act on to a screen reader ("Approve, request #12"):
 * the same words repeat on every row.
 */
function labelled(elements: ActionsBlock["elements"], number: number): ActionsBlock["elements"] {
  return elements.map((element) =>
    element.type === "button"
      ? {
          ...element,
          accessibility_label: truncate(`${element.text.text}, request #${number}`, LABEL_MAX),
        }
      : element,
  );
}

function buttonsBlock(
  section: HomeSection,
  request: RequestRecord,
  elements: ActionsBlock["elements"],
): ActionsBlock {
  return {
    type: "actions",
    block_id: homeRowBlockId(section, request.number, "buttons"),
    elements: labelled(elements, request.number),
  };
}

/** Whether `viewerId` can still approve or decline `request`. */
export function canDecideNow(request: RequestRecord, viewerId: string): boolean {
  return (
    request.status === "PENDING" &&
    request.makerId !== viewerId &&
    request.checkerIds.includes(viewerId) &&
    !request.approvedBy.includes(viewerId)
  );
}

function approvalsLine(request: RequestRecord): string {
  if (request.approvalsRequired <= 1) return "";
  return ` · ${request.approvedBy.length} of ${plural(request.approvalsRequired, "approval")} in`;
}

/** A request waiting for the viewer: what, for whom, from whom, since when; Approve / Decline. */
export function waitingRow(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  viewerId: string,
  now: Date,
): KnownBlock[] {
  const lines = [
    summaryLine(request, action),
    `From ${mention(request.makerId)} · ${formatAge(request.createdAt, now)}${approvalsLine(request)}`,
  ];
  const purpose = safe(oneLine(request.purpose), PURPOSE_MAX);
  if (purpose !== "") lines.push(`> ${purpose}`);
  const blocks: KnownBlock[] = [rowSection("waiting", request, lines)];
  if (canDecideNow(request, viewerId)) {
    blocks.push(
      buttonsBlock(
        "waiting",
        request,
        decisionButtonsAsking(request, plainWhatLine(request, action)),
      ),
    );
  }
  return blocks;
}

/** Who a pending request still waits for, e.g. " · waiting for <@A> or <@B>". */
function waitingFor(request: RequestRecord): string {
  if (request.status !== "PENDING") return "";
  const waiting = request.checkerIds.filter((id) => !request.approvedBy.includes(id));
  return waiting.length > 0 ? ` · waiting for ${mentions(waiting, "or")}` : "";
}

/** One of the viewer's own requests: where it stands; Cancel + Nudge or Duplicate. */
export function mineRow(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  viewerId: string,
  now: Date,
): KnownBlock[] {
  const lines = [
    summaryLine(request, action),
    `${statusLabel(request)}${breakGlassMark(request)} · ${formatAge(statusSince(request), now)}${waitingFor(request)}`,
  ];
  const blocks: KnownBlock[] = [rowSection("mine", request, lines)];
  const controls = request.makerId === viewerId ? makerControls(request) : [];
  if (controls.length > 0) blocks.push(buttonsBlock("mine", request, controls));
  return blocks;
}

/** One compact row of "All requests": what, who checks it, where it stands. */
export function allRow(
  request: RequestRecord,
  action: ActionDefinition | undefined,
  now: Date,
): SectionBlock {
  const checkers = request.checkerIds.length > 0 ? mentions(request.checkerIds) : "—";
  return rowSection("all", request, [
    summaryLine(request, action),
    `${mention(request.makerId)} → ${checkers} · ${statusLabel(request)}${breakGlassMark(request)} · ${formatAge(statusSince(request), now)}`,
  ]);
}

/** The maker's buttons: Cancel and Nudge while pending, "Send again" once it ended without running. */
export function makerControls(request: RequestRecord): Button[] {
  return makerButtons(request)
    .filter((element): element is Button => element.type === "button")
    .map((element) =>
      element.action_id === ACTION.duplicate
        ? { ...element, text: { ...element.text, text: "Send again" } }
        : element,
    );
}

/** " · 🚨 Break glass (flagged)": a break-glass use stands out in every list. */
function breakGlassMark(request: RequestRecord): string {
  if (request.breakGlassReason === null) return "";
  const review =
    request.reviewVerdict === "FLAGGED"
      ? "flagged"
      : request.reviewVerdict === "ACKNOWLEDGED"
        ? "acknowledged"
        : request.reviewedBy !== null
          ? "second look pending"
          : "not reviewed yet";
  return ` · :rotating_light: Break glass (${review})`;
}
