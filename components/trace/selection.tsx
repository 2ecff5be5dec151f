'use client';

// The selected hop, shared by the canvas nodes and the panel through context so
// node data stays plain (no callbacks in React Flow node data).
import { createContext, useContext } from 'react';

export interface HopSelection {
  readonly selected?: string;
  select(hopId: string): void;
}

export const SelectionContext = createContext<HopSelection>({ select: () => undefined });

export const useHopSelection = () => useContext(SelectionContext);

/** Scrolls the canvas to a hop that got keyboard focus outside the visible area. */
export const RevealContext = createContext<(hopId: string, el: HTMLElement) => void>(() => undefined);
export const useRevealHop = () => useContext(RevealContext);
