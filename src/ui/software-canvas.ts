/**
 * 2-D canvases that draw on the CPU. Chromium backs large 2-D canvases with
 * the GPU; then a redraw can make the main thread wait on the GPU process,
 * which during a run is busy training — on a software adapter (SwiftShader)
 * for hundreds of milliseconds per chart update. The page's canvases are
 * small, so drawing them on the CPU costs next to nothing and keeps the page
 * responsive however busy the GPU is. `willReadFrequently` is the standard
 * way to ask for a CPU-backed canvas.
 */

const SOFTWARE: CanvasRenderingContext2DSettings = { willReadFrequently: true };

/** The 2-D context of a canvas, CPU-backed. */
export function softwareContext(
  canvas: HTMLCanvasElement | OffscreenCanvas,
): CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null {
  return canvas.getContext('2d', SOFTWARE) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
}

/**
 * Runs `make` (say, `new uPlot(…)`) so that every 2-D canvas context it
 * creates is CPU-backed. uPlot takes its context in its constructor with no
 * way to pass attributes, so getContext is wrapped for that synchronous call only.
 */
export function withSoftwareCanvases<T>(make: () => T): T {
  const proto = HTMLCanvasElement.prototype;
  const original = proto.getContext as (
    this: HTMLCanvasElement,
    type: string,
    attrs?: unknown,
  ) => RenderingContext | null;
  proto.getContext = function (this: HTMLCanvasElement, type: string, attrs?: unknown) {
    return original.call(this, type, type === '2d' ? { ...SOFTWARE, ...(attrs as object | undefined) } : attrs);
  } as typeof proto.getContext;
  try {
    return make();
  } finally {
    proto.getContext = original as typeof proto.getContext;
  }
}
