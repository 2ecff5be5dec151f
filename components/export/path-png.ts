// PNG of the whole path graph, not just the part scrolled into view: the React Flow
// viewport element is rendered with a transform that fits every node into the image
// (the approach of React Flow's own "download image" example). Node positions and sizes
// are read from the DOM, so this works outside the ReactFlowProvider.

import { getViewportForBounds } from '@xyflow/react';

const PADDING = 0.06;

function nodesBounds(
  viewport: HTMLElement,
): { x: number; y: number; width: number; height: number } | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const node of viewport.querySelectorAll<HTMLElement>('.react-flow__node')) {
    const m = /translate\(\s*(-?[\d.]+)px,\s*(-?[\d.]+)px\)/.exec(node.style.transform);
    if (!m) continue;
    const x = Number(m[1]);
    const y = Number(m[2]);
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + node.offsetWidth);
    maxY = Math.max(maxY, y + node.offsetHeight);
  }
  return Number.isFinite(minX) ? { x: minX, y: minY, width: maxX - minX, height: maxY - minY } : undefined;
}

/** Height of the caption band, in CSS pixels (the image is drawn at twice that). */
const CAPTION_HEIGHT = 64;

/**
 * The graph image with a caption band below it. The text is drawn on a canvas, so names
 * from the cluster stay text (nothing in them is markup), cut with … to the image's width.
 */
async function withCaption(graph: Blob, lines: readonly string[], dark: boolean): Promise<Blob> {
  const image = await createImageBitmap(graph);
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height + CAPTION_HEIGHT * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('the browser could not draw the caption');
  ctx.fillStyle = dark ? '#0f172a' : '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0);
  ctx.fillStyle = dark ? '#334155' : '#e2e8f0';
  ctx.fillRect(0, image.height, canvas.width, 1 * scale);
  const room = canvas.width - 24 * scale;
  const fit = (text: string): string => {
    if (ctx.measureText(text).width <= room) return text;
    let cut = text;
    while (cut.length > 1 && ctx.measureText(`${cut}…`).width > room) cut = cut.slice(0, -1);
    return `${cut}…`;
  };
  lines.forEach((line, i) => {
    ctx.font = `${i === 1 ? '600 ' : ''}${13 * scale}px system-ui, sans-serif`;
    ctx.fillStyle = dark ? '#e2e8f0' : '#0f172a';
    ctx.fillText(fit(line), 12 * scale, image.height + (18 + i * 17) * scale);
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('the browser could not encode the image'))),
      'image/png',
    ),
  );
}

/**
 * Renders the path graph in `container` (default: the trace canvas) to a PNG blob, with
 * `caption` lines (png-caption.ts) in a band below it when given.
 */
export async function pathGraphPng(
  container: ParentNode = document,
  caption?: readonly string[],
): Promise<Blob> {
  const viewport = container.querySelector<HTMLElement>('[data-testid="trace-canvas"] .react-flow__viewport');
  if (!viewport) throw new Error('the path graph is not on this page');
  const bounds = nodesBounds(viewport);
  if (!bounds) throw new Error('the path graph has no nodes yet');
  const width = Math.round(Math.min(4096, Math.max(640, bounds.width * 1.15)));
  const height = Math.round(Math.min(4096, Math.max(360, bounds.height * 1.15)));
  const fit = getViewportForBounds(bounds, width, height, 0.2, 2, PADDING);
  const dark = document.documentElement.classList.contains('dark');
  const { toBlob } = await import('html-to-image');
  // Edges point at arrow markers defined outside the viewport; lend the image a copy.
  const markers = viewport.closest('[data-testid="trace-canvas"]')?.querySelector('svg:has(marker)');
  const borrowed =
    markers && !viewport.contains(markers) ? (markers.cloneNode(true) as SVGSVGElement) : undefined;
  if (borrowed) viewport.prepend(borrowed);
  try {
    const blob = await toBlob(viewport, {
      backgroundColor: dark ? '#0f172a' : '#ffffff',
      width,
      height,
      pixelRatio: 2,
      style: {
        width: `${width}px`,
        height: `${height}px`,
        transform: `translate(${fit.x}px, ${fit.y}px) scale(${fit.zoom})`,
      },
    });
    if (!blob) throw new Error('the browser could not encode the image');
    return caption ? await withCaption(blob, caption, dark) : blob;
  } finally {
    borrowed?.remove();
  }
}
