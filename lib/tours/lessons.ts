// Every hop kind has exactly one lesson (lessons.test.ts checks the table is complete).

import type { HopKind } from '../engine/types';
import type { Lesson } from './types';
import { entryLessons } from './lessons-entry';
import { podLessons } from './lessons-pod';
import { wireLessons } from './lessons-wire';

const all = [...entryLessons, ...podLessons, ...wireLessons];

export const LESSONS = Object.fromEntries(all.map((l) => [l.kind, l])) as Readonly<Record<HopKind, Lesson>>;

/** The lesson for a hop kind. */
export function lessonFor(kind: HopKind): Lesson {
  return LESSONS[kind];
}
