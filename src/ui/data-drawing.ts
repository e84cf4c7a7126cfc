/**
 * Drawing a task's data: 2-D points in their class colours (with a cross
 * where a model is wrong), and 28×28 digits. Shared by the decision
 * boundary, the digit predictions and the data preview shown before a run,
 * so a point or a digit looks the same in all three.
 */
import { PIXELS } from '../core/digits-format';
import { CLASS_COLOURS } from './palette';
import { softwareContext } from './software-canvas';

/** Side of a digit image, in pixels. */
export const DIGIT_SIDE = 28;

/**
 * Draws labelled points over a canvas of `size` px spanning [-extent, extent];
 * a point whose `predicted` class differs from its label gets a cross.
 */
export function drawPoints(
  ctx: CanvasRenderingContext2D,
  size: number,
  extent: number,
  points: ArrayLike<number>,
  labels: ArrayLike<number>,
  dark: boolean,
  predicted?: ArrayLike<number>,
): void {
  const toPx = (x: number) => ((x + extent) / (2 * extent)) * size;
  const toPy = (y: number) => ((extent - y) / (2 * extent)) * size;
  const ink = dark ? '#eee' : '#111';
  for (let i = 0; i < labels.length; i++) {
    const x = toPx(points[2 * i]);
    const y = toPy(points[2 * i + 1]);
    ctx.beginPath();
    ctx.arc(x, y, 5, 0, 2 * Math.PI);
    ctx.fillStyle = CLASS_COLOURS[labels[i]] ?? ink;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = ink;
    ctx.stroke();
    if (predicted && labels[i] !== predicted[i]) {
      ctx.beginPath();
      ctx.moveTo(x - 6, y - 6);
      ctx.lineTo(x + 6, y + 6);
      ctx.moveTo(x + 6, y - 6);
      ctx.lineTo(x - 6, y + 6);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = ink;
      ctx.stroke();
    }
  }
}

/** Paints digit `index` of `pixels` (28×28 bytes each) into a 28×28 canvas: ink on paper, chalk on slate in dark mode. */
export function paintDigit(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, index: number, dark: boolean): void {
  const img = new ImageData(DIGIT_SIDE, DIGIT_SIDE);
  for (let p = 0; p < PIXELS; p++) {
    const g = pixels[index * PIXELS + p];
    const level = dark ? g : 255 - g;
    img.data.set([level, level, level, 255], 4 * p);
  }
  (softwareContext(canvas) as CanvasRenderingContext2D | null)?.putImageData(img, 0, 0);
}
