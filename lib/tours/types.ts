// Tour content: one short lesson per hop kind, and the steps of a tour over a trace.

import type { Finding, Hop, HopKind, TraceResult, TraceVerdict } from '../engine/types';

/** What a hop kind is, what the packet looks like there, what breaks, how to look. */
export interface Lesson {
  readonly kind: HopKind;
  /** A few words: "VXLAN encapsulation". */
  readonly title: string;
  /** What this hop is and who performs it. */
  readonly what: string;
  /** Addresses, NAT and MTU at this point. */
  readonly packet: string;
  /** What typically goes wrong here and how it shows. */
  readonly wrong: string;
  /** Commands to see this hop on a real node or pod (placeholders in CAPITALS). */
  readonly commands: readonly string[];
}

export interface TourIntro {
  readonly title: string;
  /** Shown on the first step: the symptom and the packet followed, never the cause. */
  readonly paragraphs: readonly string[];
  /** The cause and what to watch: told at the culprit hop's step (on the intro when there is none). */
  readonly reveal?: readonly string[];
}

export type TourStep =
  | { readonly type: 'intro'; readonly title: string; readonly paragraphs: readonly string[] }
  | {
      readonly type: 'hop';
      readonly title: string;
      readonly hop: Hop;
      /** 1-based position of the hop in packet order. */
      readonly position: number;
      readonly lesson: Lesson;
      /** Facts about this hop in this trace: node, addresses, NAT, MTU against the packet size. */
      readonly here: readonly string[];
      readonly findings: readonly Finding[];
      /** At the culprit hop: what was going on (the scenario's cause, what to watch). */
      readonly reveal?: readonly string[];
      /** The culprit hop's findings are told on the step after it (`fix`), so each step fits one screen. */
      readonly fixNext?: boolean;
    }
  | {
      /** Right after the culprit hop: its findings, Fix and Verify first. */
      readonly type: 'fix';
      readonly title: string;
      readonly hop: Hop;
      readonly position: number;
      readonly findings: readonly Finding[];
    }
  | {
      readonly type: 'summary';
      readonly title: string;
      readonly verdict: TraceVerdict;
      readonly paragraphs: readonly string[];
      readonly findings: readonly Finding[];
    };

export interface Tour {
  readonly steps: readonly TourStep[];
  readonly trace: TraceResult;
}
