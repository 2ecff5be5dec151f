// Onboarding tours: lessons per hop kind and step-by-step tours over a trace. Pure data
// and functions (no I/O, no React), shared by the tour page and tests.

export type { Lesson, Tour, TourIntro, TourStep } from './types';
export { LESSONS, lessonFor } from './lessons';
export { scenarioIntro, sourceIntro, splitStory } from './intros';
export { hopsShown, revealedTrace } from './reveal';
export { buildTour, clampStep } from './build-tour';
